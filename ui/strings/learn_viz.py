"""Issue #15 items 9 and 10: per-layer gradient histograms on Initialization, the first layer's weights as
8×8 pictures on Train, and batch normalization's algorithm where it is used (note 001, note 003)."""

STRINGS = {
    # --- gradients on Initialization (note 001: activation and gradient distributions per layer) ---
    "learn.viz.grad.title": {
        "en": "**Gradients of each layer** — ∂L/∂z of each layer's output, backpropagated through the same network",
        "zh": "**各层的梯度分布** —— 损失对各层输出的梯度 ∂L/∂z，在同一个网络中反向传播得到",
    },
    "learn.viz.grad.loss": {
        "en": "The loss is a fixed random projection of the last layer's output: every rₙⱼ is drawn from a "
              "standard normal, so the gradient that enters the last layer is r itself, std 1, whatever the "
              "scale of the activations. Each histogram to its left is what backpropagation makes of it "
              "(through batch norm's backward pass too when it is on); going back one layer multiplies the "
              "gradient's std by about √n·std(W) times the root mean square of σ′(a):",
        "zh": "这里的损失是最后一层输出的一个固定的随机投影：每个 rₙⱼ 都取自标准正态分布，"
              "因此进入最后一层的梯度就是 r 本身，标准差为 1，与激活值的尺度无关。"
              "其左边的每个直方图都是反向传播对它的处理结果（启用 Batch Norm 时还要经过它的反向传播）；"
              "每向前传回一层，梯度的标准差大约乘以 √n·σ(W) 与 σ′(a) 的均方根之积（σ(W) 为权重的标准差）：",
    },
    "learn.viz.grad.range_note": {
        "en": "Gradient histograms use {bins} bins on [−{half}, {half}]: {half} times the std of the gradient "
              "entering the last layer. Each title gives the layer's std and the share of values off the axis.",
        "zh": "梯度直方图在 [−{half}, {half}] 上分为 {bins} 个柱，即进入最后一层的梯度标准差的 {half} 倍。"
              "每个小标题给出该层梯度的标准差，以及超出坐标轴的比例。",
    },
    "learn.viz.grad.v.vanishing": {
        "en": "Vanishing gradients: going back, the gradient's std falls from {last} at layer {layers} to {first} "
              "at layer 1, about ×{factor} per layer — the first layers would hardly learn.",
        "zh": "梯度消失：反向传播时，梯度的标准差从第 {layers} 层的 {last} 降到第 1 层的 {first}，"
              "每层约乘以 {factor}——前面的层几乎学不到东西。",
    },
    "learn.viz.grad.v.shrinking": {
        "en": "Shrinking gradients: going back, the gradient's std falls from {last} at layer {layers} to {first} "
              "at layer 1, about ×{factor} per layer; a deeper network would lose it.",
        "zh": "梯度逐层变小：反向传播时，梯度的标准差从第 {layers} 层的 {last} 降到第 1 层的 {first}，"
              "每层约乘以 {factor}；更深的网络会让梯度消失。",
    },
    "learn.viz.grad.v.steady": {
        "en": "The gradient keeps its scale going back: std {last} at layer {layers}, {first} at layer 1 "
              "(about ×{factor} per layer).",
        "zh": "梯度在反向传播中保持了尺度：第 {layers} 层的标准差为 {last}，第 1 层为 {first}"
              "（每层约乘以 {factor}）。",
    },
    "learn.viz.grad.v.growing": {
        "en": "Growing gradients: going back, the gradient's std rises from {last} at layer {layers} to {first} "
              "at layer 1, about ×{factor} per layer; a deeper network would blow it up.",
        "zh": "梯度逐层变大：反向传播时，梯度的标准差从第 {layers} 层的 {last} 升到第 1 层的 {first}，"
              "每层约乘以 {factor}；更深的网络会让梯度爆炸。",
    },
    "learn.viz.grad.v.exploding": {
        "en": "Exploding gradients: going back, the gradient's std rises from {last} at layer {layers} to {first} "
              "at layer 1, about ×{factor} per layer — the first layers' updates would be huge.",
        "zh": "梯度爆炸：反向传播时，梯度的标准差从第 {layers} 层的 {last} 升到第 1 层的 {first}，"
              "每层约乘以 {factor}——前面各层的更新量会非常大。",
    },
    "learn.viz.grad.v.zero": {
        "en": "No gradient reaches layers 1 to {before}: every weight is 0, and going back multiplies the "
              "gradient by Wᵀ = 0.",
        "zh": "第 1 到第 {before} 层收不到任何梯度：所有权重都是 0，反向传播时梯度乘以 Wᵀ = 0。",
    },
    "learn.viz.grad.v.single": {
        "en": "With one layer the gradient goes back through no other layer: it keeps the std {last} it enters "
              "with.",
        "zh": "只有一层时，梯度不经过其他层：它保持进入时的标准差 {last}。",
    },
    "learn.viz.grad.v.saturated_kept": {
        "en": "Saturation does not make the gradient vanish here: σ′(a) has a root mean square of only {rms} "
              "(at most 0.25 for sigmoid), but weights of std {wstd} over {units} inputs multiply a gradient's "
              "std by √n·std(W) = {gain} going back through a layer, about ×{product} in all. A saturated unit "
              "passes almost nothing back; the few unsaturated ones carry the gradient.",
        "zh": "这里饱和并没有让梯度消失：σ′(a) 的均方根只有 {rms}（sigmoid 最大为 0.25），"
              "但标准差为 {wstd}、有 {units} 个输入的权重，在每层反向传播时把梯度的标准差放大 "
              "√n·σ(W) = {gain} 倍，两者合计约乘以 {product}。饱和的神经元几乎传不回梯度，"
              "梯度由少数未饱和的神经元传递。",
    },
    "learn.viz.col.grad_std": {"en": "Std of ∂L/∂z", "zh": "∂L/∂z 的标准差"},
    "learn.viz.col.weight_grad_std": {"en": "Std of ∂L/∂W", "zh": "∂L/∂W 的标准差"},
    "learn.viz.col.slope": {"en": "RMS of σ′(a)", "zh": "σ′(a) 的均方根"},
    "learn.viz.grad.all_title": {"en": "Std of the gradient ∂L/∂z per layer, every rule ({activation})",
                                 "zh": "各层梯度 ∂L/∂z 的标准差：所有初始化规则（{activation}）"},
    "learn.viz.grad.std_axis": {"en": "std of ∂L/∂z", "zh": "∂L/∂z 的标准差"},
    "learn.viz.grad.all_caption": {
        "en": "Read from right to left: the gradient enters the last layer with std 1. A line that falls "
              "towards layer 1 is a vanishing gradient, one that rises an exploding one. All-zero weights "
              "leave no gradient before the last layer, which a log axis cannot draw.",
        "zh": "请从右往左读：梯度以标准差 1 进入最后一层。越往第 1 层越低的曲线是梯度消失，越高的是梯度爆炸。"
              "全零权重在最后一层之前没有梯度，对数坐标轴无法画出。",
    },
    # --- batch normalization's algorithm (note 003, 6.3) ---
    "learn.viz.bn.title": {"en": "Batch normalization's algorithm", "zh": "批量归一化（Batch Norm）的算法"},
    "learn.viz.bn.train": {
        "en": "For every unit, over the m inputs x₁, …, x_m of a mini-batch B (the pre-activations a = xW), "
              "batch norm computes the batch's mean μ_B and variance σ²_B, normalizes to mean 0 and variance "
              "1, then scales by a learned γ and shifts by a learned β:",
        "zh": "对每个神经元，在小批量 B 的 m 个输入 x₁, …, x_m（即加权和 a = x·W）上，"
              "Batch Norm 求出均值 μ_B 和方差 σ²_B，正规化为均值 0、方差 1，再乘以可学习的 γ、加上可学习的 β：",
    },
    "learn.viz.bn.eps": {
        "en": "ε = {eps} keeps the division finite when a unit is constant over the batch (σ²_B = 0). γ and β "
              "are trained by backpropagation like the weights; γ = √(σ²_B + ε) and β = μ_B would undo the "
              "normalization, so the network can keep whatever scale helps it. The dense layer before batch "
              "norm has no bias: β takes its place.",
        "zh": "ε = {eps} 是一个微小值，防止某个神经元在整个 batch 上取值相同（σ²_B = 0）时出现除以 0 的情况。"
              "γ 和 β 与权重一样通过反向传播学习；γ = √(σ²_B + ε)、β = μ_B 会恰好撤销正规化，"
              "因此网络可以保留任何有用的尺度。Batch Norm 前面的全连接层没有偏置：β 取代了它。",
    },
    "learn.viz.bn.test": {
        "en": "At test time a prediction must not depend on the other inputs of its batch, so μ_B and σ²_B "
              "are replaced by running averages μ̄ and σ̄² collected during training (momentum {momentum}, "
              "after every training batch):",
        "zh": "测试时，一个预测不应依赖于同一批中的其他输入，因此用训练时累积的滑动平均 μ̄ 和 σ̄² 代替 μ_B 和 "
              "σ²_B（动量 {momentum}，每个训练批量之后更新一次）：",
    },
    "learn.viz.bn.init_here": {
        "en": "In this experiment the batch is all {m} inputs, ε = {eps}, and nothing is trained: γ = 1 and "
              "β = 0, so batch norm's output is x̂ itself, and there is no test time. Measured in this run, "
              "the pre-activations of each layer before and after normalization ({rule}):",
        "zh": "在这个实验中，batch 就是全部 {m} 个输入，ε = {eps}，且没有任何训练：γ = 1、β = 0，"
              "因此 Batch Norm 的输出就是 x̂ 本身，也没有测试阶段。本次运行中实测的各层加权和在正规化前后的统计"
              "（{rule}）：",
    },
    "learn.viz.bn.col.layer": {"en": "Layer", "zh": "层"},
    "learn.viz.bn.col.before_mean": {"en": "Mean of a", "zh": "a 的均值"},
    "learn.viz.bn.col.before_std": {"en": "Std of a", "zh": "a 的标准差"},
    "learn.viz.bn.col.after_mean": {"en": "Mean of x̂", "zh": "x̂ 的均值"},
    "learn.viz.bn.col.after_std": {"en": "Std of x̂", "zh": "x̂ 的标准差"},
    "learn.viz.bn.train_here": {
        "en": "In this run the mini-batches have up to m = {m} inputs and ε = {eps}. After {epochs} epochs, "
              "the learned γ and β (mean [min, max] over the units) and the running averages that the "
              "validation figures above used, beside the statistics of each layer's input over the whole "
              "training set with the final weights:",
        "zh": "本次运行中，每个小批量最多有 m = {m} 个输入，ε = {eps}。训练 {epochs} 轮之后，"
              "学到的 γ 和 β（各神经元的均值 [最小值, 最大值]），以及上面验证结果所用的滑动平均，"
              "与最终权重下各层输入在整个训练集上的统计量对照如下：",
    },
    "learn.viz.bn.col.run": {"en": "Run", "zh": "运行"},
    "learn.viz.bn.col.gamma": {"en": "γ", "zh": "γ"},
    "learn.viz.bn.col.beta": {"en": "β", "zh": "β"},
    "learn.viz.bn.col.running_var": {"en": "Running σ² (mean)", "zh": "σ² 的滑动平均（均值）"},
    "learn.viz.bn.col.data_var": {"en": "σ² over the training set (mean)", "zh": "训练集上的 σ²（均值）"},
    "learn.viz.bn.col.mean_gap": {"en": "Largest |running μ − μ|", "zh": "|μ 的滑动平均 − μ| 的最大值"},
    "learn.viz.bn.col.data_std": {"en": "Std of the input (mean)", "zh": "输入的标准差（均值）"},
    "learn.viz.bn.trained_caption": {
        "en": "The running averages trail the weights (each batch adds {share} of its statistics), so they "
              "are close to, not equal to, the training set's statistics under the final weights; judge the μ "
              "gap by the input's std.",
        "zh": "滑动平均滞后于权重（每个 batch 只贡献其统计量的 {share}），所以与最终权重下训练集的统计量接近而不"
              "相等；μ 的差距应与输入的标准差相比较来判断。",
    },
    # --- the first layer's weights as pictures (note 001: first-layer visualizations) ---
    "learn.viz.w.title": {"en": "The first layer's weights as 8×8 pictures", "zh": "第一层权重的 8×8 图像"},
    "learn.viz.w.caption": {
        "en": "Each picture is one unit of the first hidden layer: its 64 input weights laid out as the 8×8 "
              "image they multiply, blue where the unit wants ink, red where it wants none, scaled to the "
              "picture's own largest |w| (hover for the weight). {shown} of {units} units per run. Left of "
              "each pair the trained weights W, right what training changed, W − W₀: the random start W₀ can "
              "hide in W what was learned. Training moved the weights ‖W − W₀‖ / ‖W₀‖: "
              "{moved}.",
        "zh": "每幅小图是第一个隐藏层的一个神经元：它的 64 个输入权重按所乘的 8×8 图像排列，"
              "蓝色表示该神经元希望那里有笔画，红色表示希望没有，每幅图按自身最大的 |w| 缩放"
              "（悬停可看权重值）。每次运行显示 {units} 个神经元中的 {shown} 个。"
              "每对图中左边是训练后的权重 W，右边是训练带来的变化 W − W₀："
              "随机初值 W₀ 可能掩盖 W 中学到的东西。训练使权重移动了 ‖W − W₀‖ / ‖W₀‖：{moved}。",
    },
    "learn.viz.w.caption_linear": {
        "en": "With no hidden layer the first layer is the output layer: picture k is the weights of digit k, "
              "its template, blue where digit k has ink, red where it has none, scaled to the picture's own "
              "largest |w| (hover for the weight); left the trained W, right what training changed, W − W₀. "
              "Training moved the weights ‖W − W₀‖ / ‖W₀‖: {moved}.",
        "zh": "没有隐藏层时，第一层就是输出层：第 k 幅图是数字 k 的权重，即它的模板，"
              "蓝色表示数字 k 在那里有笔画，红色表示没有，每幅图按自身最大的 |w| 缩放（悬停可看权重值）；"
              "左边是训练后的 W，右边是训练带来的变化 W − W₀。训练使权重移动了 ‖W − W₀‖ / ‖W₀‖：{moved}。",
    },
    "learn.viz.w.unchanged": {
        "en": "Units whose weights training did not change at all (a blank picture on the right): {runs}. Their "
              "gradient was 0 on every batch — for ReLU, a unit that was never active on any training input: "
              "a dead unit.",
        "zh": "训练完全没有改变其权重的神经元（右侧图中空白的小图）：{runs}。它们在每个 batch 上的梯度都是 0——"
              "对 ReLU 而言，就是在任何训练输入上都没有被激活的神经元：死神经元。",
    },
    "learn.viz.w.trained": {"en": "{label}: W", "zh": "{label}：W"},
    "learn.viz.w.change": {"en": "{label}: W − W₀", "zh": "{label}：W − W₀"},
    "learn.viz.w.unit": {"en": "unit {j}", "zh": "神经元 {j}"},
    "learn.viz.w.weight": {"en": "weight", "zh": "权重"},
}
