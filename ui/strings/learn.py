"""Text of the three "Learn from the notes" pages: gradient check, initialization, training a network."""

FIGURE = {
    # words drawn inside the figures of learn/figures.py (keys mirror learn.figures.TEXT)
    "learn.fig.h": {"en": "step size h", "zh": "步长 h"},
    "learn.fig.rel_error": {"en": "relative error ‖gₐ − gₙ‖ / max(‖gₐ‖, ‖gₙ‖)",
                            "zh": "相对误差 ‖gₐ − gₙ‖ / max(‖gₐ‖, ‖gₙ‖)"},
    "learn.fig.forward": {"en": "forward", "zh": "前向差分"},
    "learn.fig.centered": {"en": "centered", "zh": "中心差分"},
    "learn.fig.band_wrong": {"en": "> 1e-2: probably wrong", "zh": "> 1e-2：很可能有错"},
    "learn.fig.band_uneasy": {"en": "1e-2…1e-4: uncomfortable", "zh": "1e-2…1e-4：值得怀疑"},
    "learn.fig.band_kinks": {"en": "1e-4…1e-7: OK only with kinks",
                             "zh": "1e-4…1e-7：有不可导点时尚可"},
    "learn.fig.band_good": {"en": "< 1e-7: good", "zh": "< 1e-7：良好"},
    "learn.fig.slope1": {"en": "slope 1: O(h)", "zh": "斜率 1：O(h)"},
    "learn.fig.slope2": {"en": "slope 2: O(h²)", "zh": "斜率 2：O(h²)"},
    "learn.fig.exact_zero": {"en": "0 (plotted at 1e-17)", "zh": "0（画在 1e-17 处）"},
    "learn.fig.layer": {"en": "{i}-layer", "zh": "第 {i} 层"},
    "learn.fig.activation_value": {"en": "activation", "zh": "激活值"},
    "learn.fig.count": {"en": "count", "zh": "计数"},
    "learn.fig.layer_axis": {"en": "layer", "zh": "层"},
    "learn.fig.activation_std": {"en": "std of the activations", "zh": "激活值的标准差"},
    "learn.fig.std_zero": {"en": "std 0 in every layer", "zh": "各层标准差均为 0"},
    "learn.fig.epoch": {"en": "epoch", "zh": "轮次"},
    "learn.fig.loss": {"en": "loss", "zh": "损失"},
    "learn.fig.accuracy": {"en": "accuracy", "zh": "准确率"},
    "learn.fig.train": {"en": "train", "zh": "训练"},
    "learn.fig.val": {"en": "validation", "zh": "验证"},
    "learn.fig.update_ratio": {"en": "‖ΔW‖ / ‖W‖ (mean over the epoch)",
                               "zh": "‖ΔW‖ / ‖W‖（本轮平均）"},
    "learn.fig.target_ratio": {"en": "≈1e-3 (cs231n)", "zh": "≈1e-3（cs231n）"},
    "learn.fig.class": {"en": "class {k}", "zh": "类别 {k}"},
    "learn.fig.train_points": {"en": "training points", "zh": "训练样本"},
    "learn.fig.val_points": {"en": "validation points", "zh": "验证样本"},
    "learn.fig.p_class1": {"en": "P(class 1)", "zh": "P(类别 1)"},
    "learn.fig.confusion_true": {"en": "true digit", "zh": "真实数字"},
    "learn.fig.confusion_pred": {"en": "predicted digit", "zh": "预测数字"},
}

GRADIENT_CHECK = {
    "learn.gc.title": {"en": "Gradient check", "zh": "梯度检验"},
    "learn.gc.intro": {
        "en": "Is the analytic gradient right? Compare it with finite differences f(x±h) as the step h "
              "shrinks from 1e-1 to 1e-12. Large h: truncation error, falling like h (forward) or h² "
              "(centered). Tiny h: round-off error, growing like ε/h. The bottom of the V is the best a "
              "check can do in that precision (cs231n, “Gradient checks”).",
        "zh": "解析梯度算对了吗？让步长 h 从 1e-1 缩小到 1e-12，把它与有限差分 f(x±h) 比较。h "
              "较大时是截断误差，前向差分按 h、中心差分按 h² 下降；h 很小时是舍入误差，按 ε/h 增长。V "
              "形的底部就是该精度下梯度检验所能达到的最好结果（cs231n 笔记“Gradient checks”一节）。",
    },
    "learn.gc.chart_title": {
        "en": "**Relative error against h** — {surface} at ({x}, {y})",
        "zh": "**相对误差随 h 的变化** —— {surface}，检验点 ({x}, {y})",
    },
    "learn.gc.family": {"en": "Function", "zh": "函数"},
    "learn.gc.family.smooth": {"en": "Smooth surface", "zh": "光滑曲面"},
    "learn.gc.family.kink": {"en": "With a kink", "zh": "带不可导点"},
    "learn.gc.kink": {"en": "Function with a kink", "zh": "带不可导点的函数"},
    "learn.gc.kink_abs": {"en": "|x| + y²/2 (like an SVM hinge)", "zh": "|x| + y²/2（类似 SVM 的合页损失）"},
    "learn.gc.kink_relu": {"en": "ReLU(x) + y²/2", "zh": "ReLU(x) + y²/2"},
    "learn.gc.x": {"en": "Point x", "zh": "检验点 x"},
    "learn.gc.y": {"en": "Point y", "zh": "检验点 y"},
    "learn.gc.float64": {"en": "float64 (double)", "zh": "float64（双精度）"},
    "learn.gc.float32": {"en": "float32 (single)", "zh": "float32（单精度）"},
    "learn.gc.slopes": {"en": "Slope guides", "zh": "斜率参考线"},
    "learn.gc.slopes_help": {
        "en": "Dotted lines of slope 1 and 2: parallel to the forward and centered curves where truncation "
              "error dominates.",
        "zh": "斜率为 1 和 2 的虚线：在截断误差占主导的区域，分别与前向差分和中心差分的曲线平行。",
    },
    "learn.gc.need_precision": {"en": "Choose at least one precision (float64 or float32).",
                                "zh": "请至少选择一种精度（float64 或 float32）。"},
    "learn.gc.bad_point": {"en": "This point can't be checked: {reason}", "zh": "无法在该点检验：{reason}"},
    "learn.gc.analytic_not_finite": {
        "en": "{precision}: the analytic gradient is not finite at ({x}, {y}) (it overflows or is undefined "
              "there), so this point can't be checked in {precision}. Pick another point or smaller surface "
              "parameters.",
        "zh": "{precision}：解析梯度在 ({x}, {y}) 处不是有限值（溢出或无定义），因此无法在该点以 {precision} "
              "检验。请换一个点，或减小曲面参数。",
    },
    "learn.gc.numeric_not_finite": {
        "en": "{precision}: f(x ± h) is not finite near ({x}, {y}) for every step h (the function overflows "
              "or is undefined there), so there is no numeric gradient to compare with and {precision} is "
              "left out. Pick another point or smaller surface parameters.",
        "zh": "{precision}：在 ({x}, {y}) 附近，对每个步长 h，f(x ± h) 都不是有限值（函数溢出或无定义），"
              "没有可比较的数值梯度，因此不显示 {precision} 的结果。请换一个点，或减小曲面参数。",
    },
    "learn.gc.numeric_partly_not_finite": {
        "en": "{precision}: for {count} of the {total} step sizes (h from {h_min} to {h_max}) f(x ± h) is not "
              "finite (the function overflows or is undefined there), so there is no numeric gradient for "
              "them: the chart leaves them out and the table shows “—”.",
        "zh": "{precision}：{total} 个步长中有 {count} 个（h 从 {h_min} 到 {h_max}）使 f(x ± h) "
              "不是有限值（函数溢出或无定义），这些步长没有数值梯度：图中不画出，表中显示为“—”。",
    },
    "learn.gc.upcast": {
        "en": "You asked for {wanted}, but this function computes in {actual} internally, so the curve "
              "shows {actual}.",
        "zh": "你选择了 {wanted}，但该函数内部以 {actual} 计算，因此曲线显示的是 {actual}。",
    },
    "learn.gc.precision_note": {
        "en": "f and the analytic gradient were evaluated in: {precisions} (checked on the values "
              "returned). Errors of exactly 0 are drawn at 1e-17.",
        "zh": "f 与解析梯度的计算精度：{precisions}（按返回值的类型核实）。恰好为 0 的误差画在 1e-17 处。",
    },
    "learn.gc.kink_explain": {
        "en": "The point is {d} away from the kink at x = 0. While h < {d} both f(x+h) and f(x−h) lie on "
              "the same side and the check passes; once h > {d} the difference straddles the kink and the "
              "relative error jumps above 1e-2, although the analytic gradient is exactly right. This is "
              "why the notes advise few data points and an eye on kinks.",
        "zh": "该点距离 x = 0 处的不可导点 {d}。当 h < {d} 时，f(x+h) 与 f(x−h) 位于同一侧，检验通过；一旦 "
              "h > {d}，差分就跨过了不可导点，相对误差跳到 1e-2 以上，尽管解析梯度完全正确。"
              "这就是笔记建议使用少量数据点并留意不可导点的原因。",
    },
    "learn.gc.kink_on_it": {
        "en": "The point sits exactly on the kink: there is no derivative to check, and every h straddles "
              "it.",
        "zh": "该点恰好位于不可导点上：那里不存在导数，任何 h 都会跨过它。",
    },
    "learn.gc.no_truncation": {
        "en": "This surface is a polynomial of degree at most 2 in x and y: the centered difference has no "
              "truncation error at all, at any point, so only the round-off part of the V remains.",
        "zh": "该曲面是 x、y 的至多 2 次多项式：中心差分在任何点都完全没有截断误差，因此 V "
              "形只剩下舍入误差的一边。",
    },
    "learn.gc.col.precision": {"en": "Precision", "zh": "精度"},
    "learn.gc.col.scheme": {"en": "Difference", "zh": "差分"},
    "learn.gc.col.best_h": {"en": "Best h", "zh": "最佳 h"},
    "learn.gc.col.best_error": {"en": "Smallest error", "zh": "最小误差"},
    "learn.gc.col.slope": {"en": "Truncation slope", "zh": "截断误差斜率"},
    "learn.gc.col.at_notes_h": {"en": "Error at h = 1e-5", "zh": "h = 1e-5 时的误差"},
    "learn.gc.col.verdict": {"en": "Verdict at h = 1e-5", "zh": "h = 1e-5 时的结论"},
    "learn.gc.col.component": {"en": "Component", "zh": "分量"},
    "learn.gc.col.analytic": {"en": "Analytic", "zh": "解析解"},
    "learn.gc.col.centered": {"en": "Centered", "zh": "中心差分"},
    "learn.gc.col.forward": {"en": "Forward", "zh": "前向差分"},
    "learn.gc.scheme.forward": {"en": "forward", "zh": "前向"},
    "learn.gc.scheme.centered": {"en": "centered", "zh": "中心"},
    "learn.gc.verdict.wrong": {"en": "probably wrong", "zh": "很可能有错"},
    "learn.gc.verdict.uneasy": {"en": "uncomfortable", "zh": "值得怀疑"},
    "learn.gc.verdict.kinks": {"en": "OK only with kinks", "zh": "仅在有不可导点时可接受"},
    "learn.gc.verdict.good": {"en": "good", "zh": "良好"},
    "learn.gc.verdict.not_finite": {"en": "no numeric gradient", "zh": "无数值梯度"},
    "learn.gc.values_title": {
        "en": "**The gradient itself at h = {h}** ({precision}): print both, as the notes advise, to see "
              "that they are not tiny numbers compared near zero.",
        "zh": "**h = {h} 时的梯度本身**（{precision}）：按笔记的建议把两者都打印出来，确认比较的不是接近 0 "
              "的微小数值。",
    },
    "learn.gc.how_title": {"en": "How the check works", "zh": "检验的原理"},
    "learn.gc.how": {
        "en": "Taylor expansion gives the orders: the forward difference is off by ½h·f″ (slope 1 in the "
              "log-log plot), the centered one by h²·f‴/6 (slope 2) — which is why the notes say *use "
              "the centered formula*. Each evaluation of f carries a rounding error of about ε·|f| (ε = "
              "2.2e-16 in float64, 1.2e-7 in float32); divided by h it grows as h shrinks. The best h "
              "balances the two: about √ε for forward and ε^⅓ for centered differences — near 1e-8 and "
              "1e-5 in float64, but near 3e-4 and 5e-3 in float32, where even the best check is only good "
              "to 1e-4…1e-6.",
        "zh": "由泰勒展开可得误差的阶：前向差分偏差约为 ½h·f″（对数坐标中斜率为 1），中心差分约为 "
              "h²·f‴/6（斜率为 2）——这正是笔记说“使用中心差分公式”的原因。每次计算 f 都带有约 ε·|f| "
              "的舍入误差（float64 中 ε = 2.2e-16，float32 中为 1.2e-7），除以 h 后随 h 变小而增大。最佳 h "
              "在两者之间取得平衡：前向差分约为 √ε，中心差分约为 ε^⅓——在 float64 中约为 1e-8 和 1e-5，"
              "在 float32 中约为 3e-4 和 5e-3，此时即使最好的检验也只能精确到 1e-4…1e-6。",
    },
    "learn.gc.bands": {
        "en": "**The notes' thresholds** (shaded bands): above 1e-2 the gradient is probably wrong; "
              "1e-2…1e-4 you should feel uncomfortable; below 1e-4 is fine for objectives with kinks "
              "(ReLU, SVM hinge) but too high without them (tanh, softmax); 1e-7 and below is good. Deeper "
              "networks accumulate larger errors.",
        "zh": "**笔记中的阈值**（阴影带）：大于 1e-2 通常意味着梯度有错；在 1e-2…1e-4 之间就该怀疑了；小于 "
              "1e-4 对带有不可导点的目标函数（ReLU、SVM 合页损失，hinge loss）还可以，但若没有不可导点（tanh、softmax）"
              "就偏高了；1e-7 及以下通常说明梯度正确。网络越深，累积的误差越大。",
    },
    "learn.gc.tips": {
        "en": "**Tips from the notes:** use double precision (in float32 a correct gradient can show 1e-2); "
              "keep values around 1, not 1e-10; beware kinks and use few data points; turn off dropout or "
              "fix its random seed; check data loss and regularization separately; check a few dimensions "
              "of every parameter, biases included. The *Train a small network* page runs exactly such a "
              "check on its network.",
        "zh": "**笔记中的建议：** 使用双精度（在 float32 中，正确的梯度也可能显示 1e-2 的误差）；"
              "让数值保持在 1 附近，而不是 1e-10；当心不可导点，使用少量数据点；关闭 dropout "
              "或固定其随机种子；分别检查数据损失和正则化损失；对每种参数（包括偏置）都检查几个维度。"
              "“训练小型网络”页面正是对其网络做了这样的检验。",
    },
}

INITIALIZATION = {
    "learn.init.title": {"en": "Weight initialization and activations", "zh": "权重初始值与激活值分布"},
    "learn.init.intro": {
        "en": "The experiment of “Deep Learning from Scratch”, chapter 6: 1000 random inputs of 100 "
              "features pass through 5 layers of 100 units, every layer's weights drawn by the same rule. "
              "The histogram of each layer's activations shows whether the signal saturates, collapses, or "
              "keeps its spread — and so whether gradients can flow back through the network.",
        "zh": "《深度学习入门》第 6 章的实验：1000 个 100 维的随机输入经过 5 个各有 100 个神经元的层，"
              "每层的权重都按同一规则生成。各层激活值的直方图显示信号是饱和、坍缩，"
              "还是保持了适当的广度——也就决定了梯度能否顺利地反向传播。",
    },
    "learn.init.rule": {"en": "Initial weights", "zh": "权重初始值"},
    "learn.init.std1": {"en": "Gaussian, std 1", "zh": "高斯分布，标准差 1"},
    "learn.init.std0.01": {"en": "Gaussian, std 0.01", "zh": "高斯分布，标准差 0.01"},
    "learn.init.xavier": {"en": "Xavier: std √(1/n)", "zh": "Xavier：标准差 √(1/n)"},
    "learn.init.he": {"en": "He: std √(2/n)", "zh": "He：标准差 √(2/n)"},
    "learn.init.zeros": {"en": "All zeros", "zh": "全部为 0"},
    "learn.init.activation": {"en": "Activation", "zh": "激活函数"},
    "learn.act.sigmoid": {"en": "sigmoid", "zh": "sigmoid"},
    "learn.act.tanh": {"en": "tanh", "zh": "tanh"},
    "learn.act.relu": {"en": "ReLU", "zh": "ReLU"},
    "learn.init.batch_norm": {"en": "Batch normalization", "zh": "批量归一化（Batch Norm）"},
    "learn.init.batch_norm_help": {
        "en": "Normalize each layer's input to the activation over all the inputs (mean 0, variance 1) and "
              "show it as a second row under the plain network.",
        "zh": "在激活函数之前，对每层的输入在全部输入样本上做正规化（均值 0、方差 1），"
              "并作为第二行显示在普通网络下方。",
    },
    "learn.init.cap": {"en": "Cut the count axis at {y}, as the book does for ReLU",
                       "zh": "像书中的 ReLU 图那样，把计数轴截断在 {y}"},
    "learn.init.setup": {"en": "Experiment size", "zh": "实验规模"},
    "learn.init.layers": {"en": "Layers", "zh": "层数"},
    "learn.init.layers_help": {"en": "Hidden layers ({low} to {high}); the book uses 5.",
                               "zh": "隐藏层数（{low} 到 {high}）；书中为 5。"},
    "learn.init.units": {"en": "Units per layer (n)", "zh": "每层神经元数（n）"},
    "learn.init.units_help": {"en": "{low} to {high}; the book uses 100.",
                              "zh": "{low} 到 {high}；书中为 100。"},
    "learn.init.samples": {"en": "Inputs", "zh": "输入样本数"},
    "learn.init.samples_help": {"en": "{low} to {high}; the book uses 1000.",
                                "zh": "{low} 到 {high}；书中为 1000。"},
    "learn.init.bins": {"en": "Histogram bins", "zh": "直方图的柱数"},
    "learn.init.bins_help": {"en": "{low} to {high}; the book uses 30.",
                             "zh": "{low} 到 {high}；书中为 30。"},
    "learn.init.seed": {"en": "Random seed", "zh": "随机种子"},
    "learn.init.seed_help": {"en": "{low} to {high}: the same seed gives the same figure.",
                             "zh": "{low} 到 {high}：相同的种子得到相同的图。"},
    "learn.init.unit": {"en": "experiments", "zh": "实验"},
    "learn.init.lower": {"en": "lower the experiment size: fewer layers, units per layer or inputs",
                         "zh": "减小“实验规模”：减少层数、每层神经元数或输入样本数"},
    "learn.init.row_plain": {"en": "without batch norm", "zh": "无 Batch Norm"},
    "learn.init.row_bn": {"en": "with batch norm", "zh": "有 Batch Norm"},
    "learn.init.with_bn": {"en": "{rule} + batch norm", "zh": "{rule} + Batch Norm"},
    "learn.init.chart_title": {
        "en": "**Activations of each layer** — {rule}, {activation}; {samples} inputs × {units} units, "
              "{layers} layers",
        "zh": "**各层的激活值分布** —— {rule}，{activation}；{samples} 个输入 × {units} 个神经元，"
              "{layers} 层",
    },
    "learn.init.range_note": {
        "en": "Histograms use {bins} bins on [{lo}, {hi}], the book's range; the share of values outside it "
              "is in the table.",
        "zh": "直方图在书中的范围 [{lo}, {hi}] 上分为 {bins} 个柱；超出该范围的比例见下表。",
    },
    "learn.init.v.identical": {
        "en": "Every unit of a layer computes exactly the same value: with equal weights, the units stay "
              "copies of one another, and training updates them all alike — as if each layer had a single "
              "unit.",
        "zh": "同一层的所有神经元输出完全相同：权重相同时，神经元彼此只是副本，"
              "训练时也会得到完全相同的更新——就好像每层只有一个神经元。",
    },
    "learn.init.v.saturated": {
        "en": "Saturated: {share} of the activations sit at the flat ends of the activation, where its "
              "derivative is nearly 0 — a saturated unit passes almost no gradient back.",
        "zh": "饱和：{share} 的激活值位于激活函数平坦的两端，那里的导数接近 0——饱和的神经元几乎传不回梯度。",
    },
    "learn.init.v.collapsed": {
        "en": "Collapsed: in the last layer the activations have std {std}; the units all say nearly the "
              "same thing, and the network's expressiveness is limited.",
        "zh": "坍缩：最后一层激活值的标准差只有 {std}；神经元的输出几乎相同，网络的表现力受到限制。",
    },
    "learn.init.v.shrinking": {
        "en": "Shrinking: the spread falls from std {first} in the first layer to {last} in the last; "
              "deeper networks would lose the signal.",
        "zh": "逐层变窄：激活值的标准差从第一层的 {first} 降到最后一层的 {last}；更深的网络会丢失信号。",
    },
    "learn.init.v.healthy": {
        "en": "A healthy spread in every layer: neither stuck at the ends nor squeezed into one value.",
        "zh": "每一层都有适当的广度：既没有挤在两端，也没有集中到一个值上。",
    },
    "learn.init.stats_title": {"en": "Per layer", "zh": "各层统计"},
    "learn.init.col.layer": {"en": "Layer", "zh": "层"},
    "learn.init.col.mean": {"en": "Mean", "zh": "均值"},
    "learn.init.col.std": {"en": "Std", "zh": "标准差"},
    "learn.init.col.saturated": {"en": "Saturated", "zh": "饱和比例"},
    "learn.init.col.dead": {"en": "Exactly 0", "zh": "恰为 0 的比例"},
    "learn.init.col.outside": {"en": "Outside the range", "zh": "超出范围"},
    "learn.init.col.spread": {"en": "Spread across units", "zh": "神经元间的差异"},
    "learn.init.all_title": {"en": "Std of the activations per layer, every rule ({activation})",
                             "zh": "各层激活值的标准差：所有初始化规则（{activation}）"},
    "learn.init.all_caption": {
        "en": "A line falling towards 0 is a signal dying out with depth, a rising one a signal blowing up; a "
              "flat line keeps it. "
              "“Saturated” is the share below 0.01 or above 0.99 (sigmoid) or beyond ±0.99 (tanh); for "
              "ReLU the table counts exact zeros. “Spread across units” is the standard deviation across "
              "the units of a layer, averaged over inputs: 0 means identical units.",
        "zh": "曲线随深度降向 0，表示信号逐层消失；曲线上升，表示信号逐层爆炸；曲线平坦，表示信号得以保持。"
              "“饱和比例”指小于 0.01 "
              "或大于 0.99（sigmoid）、或超出 ±0.99（tanh）的激活值所占比例；对 ReLU，表格统计恰好为 0 "
              "的比例。“神经元间的差异”是同一层各神经元输出的标准差（对输入取平均）：0 "
              "表示神经元完全相同。",
    },
    "learn.init.explain_title": {"en": "What the book shows", "zh": "书中的结论"},
    "learn.init.explain": {
        "en": "- **Std 1 with sigmoid:** the activations pile up at 0 and 1. There the sigmoid's derivative "
              "is nearly 0, so a saturated unit passes almost no gradient back: the book's *vanishing "
              "gradients*. (With the book's 100 units, weights of std 1 multiply the gradient by √100 = 10 "
              "going back, which makes up for it layer by layer: the gradient histograms show its std kept.)"
              "\n- **Std 0.01:** everything gathers around 0.5, where the sigmoid's slope is largest (0.25), "
              "so the book sees no vanishing gradient. But the weights are tiny: with 100 units each layer "
              "multiplies the gradient by about √100 · 0.01 · 0.25 = 0.025 going back, and the gradient "
              "histograms show it vanish. And a hundred units saying the same thing could be replaced by "
              "one: *limited expressiveness*.\n- "
              "**Xavier (std √(1/n))** keeps a spread in every layer for sigmoid and tanh; with sigmoid "
              "the later layers lean a little, which tanh (symmetric around 0) improves.\n- **He (std "
              "√(2/n))** is for ReLU, which zeroes half its inputs: the factor 2 makes up for it, and the "
              "spread stays the same however deep the network. With Xavier, ReLU activations shrink layer "
              "by layer; with std 0.01 they nearly vanish.\n- **All zeros** (or any equal values): every "
              "unit of a layer gets the same input, the same output and the same update, so they can never "
              "learn different features. Initial weights must be random.\n- **Batch normalization** forces "
              "each layer's inputs to mean 0 and variance 1 over the mini-batch, which restores the spread "
              "whatever the initialization — it makes training less dependent on the initial weights (and "
              "allows larger learning rates). It cannot help all-zero weights: there is no spread to "
              "normalize.",
        "zh": "- **标准差为 1 配合 sigmoid：** 激活值集中在 0 和 1 附近。那里 sigmoid 的导数接近 0，"
              "饱和的神经元几乎传不回梯度：即书中所说的*梯度消失*。（在书中 100 个神经元的设置下，"
              "标准差为 1 的权重在反向传播时把梯度放大 √100 = 10 倍，逐层抵消了这一点："
              "梯度直方图显示其标准差得以保持。）\n- **标准差为 0.01：** 激活值集中在 0.5 附近，"
              "那里 sigmoid 的斜率最大（0.25），所以书中认为不会梯度消失。但权重本身很小：100 个神经元时，"
              "反向传播每经过一层，梯度约乘以 √100 · 0.01 · 0.25 = 0.025，梯度直方图显示梯度消失了。"
              "而且 100 个输出几乎相同的神经元完全可以用 1 个代替：*表现力受限*。\n- "
              "**Xavier（标准差 √(1/n)）** 使 sigmoid 和 tanh 的每一层都保持一定的广度；使用 sigmoid 时，"
              "越往后的层分布越歪斜，换成关于原点对称的 tanh 会有所改善。\n- **He（标准差 √(2/n)）** 专为 "
              "ReLU 设计：ReLU 会把一半的输入变为 0，系数 2 正好弥补这一点，无论网络多深，"
              "各层的广度都保持不变。使用 Xavier 时，ReLU 的激活值逐层变小；使用标准差 0.01 时几乎消失。\n- "
              "**全部为 0**（或全部相同）：同一层的每个神经元得到相同的输入、相同的输出和相同的更新，"
              "因此永远学不到不同的特征。权重的初始值必须随机生成。\n- **批量归一化（Batch Norm）** 在每个"
              "小批量上强制把每层的输入调整为均值 0、方差 1，"
              "无论初始值如何都能恢复适当的广度——它降低了训练对初始值的依赖（并允许更大的学习率）。"
              "但它对全 0 的权重无能为力：没有差异可以被正规化。",
    },
}

TRAINING = {
    "learn.train.title": {"en": "Train a small network", "zh": "训练小型网络"},
    "learn.train.intro": {
        "en": "A multilayer perceptron written in NumPy — forward and backward passes by hand, checked "
              "against finite differences — trained with the optimizers of this app side by side, from the "
              "same initial weights. Watch what the notes tell you to babysit: the loss curve, the gap "
              "between training and validation, and the ratio of each update to its weights.",
        "zh": "一个用 NumPy 编写的多层感知机——前向和反向传播都是手写的，"
              "并用有限差分做过检验——使用本应用中的优化器从相同的初始权重出发并排训练。"
              "观察笔记中要求监控的量：损失曲线、训练集与验证集之间的差距，以及每次更新量与权重本身的比例。",
    },
    "learn.train.section.optimizers": {"en": "Optimizers", "zh": "优化器"},
    "learn.train.section.data": {"en": "Data", "zh": "数据"},
    "learn.train.section.network": {"en": "Network", "zh": "网络"},
    "learn.train.section.training": {"en": "Training", "zh": "训练"},
    "learn.train.optimizers": {"en": "Optimizers (side by side)", "zh": "优化器（并排比较）"},
    "learn.train.optimizers_help": {
        "en": "Up to {max}; each trains its own copy of the same initial network. Newton's method is not "
              "offered, for the notes' reason: a network with n parameters has an n×n Hessian, far too "
              "costly to form and invert once n is in the thousands, as it is for the default networks "
              "here. Quasi-Newton methods such as L-BFGS approximate its inverse instead, but they need "
              "the full training set for every step, not mini-batches: L-BFGS (full batch) trains so here, one "
              "step over the whole training set per epoch.",
        "zh": "最多 {max} 个；每个优化器训练同一个初始网络的一份副本。不提供牛顿法，原因正如笔记所说：有 n "
              "个参数的网络，其 Hessian 矩阵是 n × n 的，当 n 达到数千（本页默认的网络就是如此）时，"
              "计算并求逆的代价太大。拟牛顿法（如 L-BFGS）转而近似它的逆，但每一步都要在整个训练集上计算，"
              "不能用小批量：本页的 L-BFGS（全批量）正是这样训练的，每轮在整个训练集上走一步。",
    },
    "learn.train.need_optimizer": {"en": "Choose at least one optimizer.", "zh": "请至少选择一个优化器。"},
    "learn.train.more_hp": {"en": "More hyperparameters of {name}", "zh": "{name} 的更多超参数"},
    "learn.train.data": {"en": "Data set", "zh": "数据集"},
    "learn.data.spirals": {"en": "Spirals", "zh": "螺旋"},
    "learn.data.moons": {"en": "Moons", "zh": "双月"},
    "learn.data.circles": {"en": "Circles", "zh": "同心圆"},
    "learn.data.xor": {"en": "XOR", "zh": "异或（XOR）"},
    "learn.data.digits": {"en": "Digits (8×8 images)", "zh": "手写数字（8×8 图像）"},
    "learn.data.spirals.noise": {"en": "Random jitter of each point's angle, in radians.",
                                 "zh": "每个点角度的随机扰动（弧度）。"},
    "learn.data.moons.noise": {"en": "Standard deviation of the Gaussian noise added to each point.",
                               "zh": "加在每个点上的高斯噪声的标准差。"},
    "learn.data.circles.noise": {"en": "Standard deviation of the Gaussian noise added to each point.",
                                 "zh": "加在每个点上的高斯噪声的标准差。"},
    "learn.data.xor.noise": {"en": "Standard deviation of each of the four clusters.",
                             "zh": "四个点簇各自的标准差。"},
    "learn.data.digits.about": {
        "en": "scikit-learn's 1797 handwritten digits, 8×8 pixels scaled to [0, 1]; 30% held out for "
              "validation.",
        "zh": "`scikit-learn` 自带的 1797 张手写数字，8×8 像素，缩放到 [0, 1]；30% 留作验证集。",
    },
    "learn.train.n": {"en": "Points", "zh": "样本数"},
    "learn.train.n_help": {"en": "{low} to {high}; 30% are held out for validation.",
                           "zh": "{low} 到 {high}；其中 30% 留作验证集。"},
    "learn.train.noise": {"en": "Noise", "zh": "噪声"},
    "learn.train.classes": {"en": "Classes (spiral arms)", "zh": "类别数（螺旋臂数）"},
    "learn.train.classes_help": {"en": "{low} to {high}.", "zh": "{low} 到 {high}。"},
    "learn.train.data_seed": {"en": "Data seed", "zh": "数据的随机种子"},
    "learn.train.seed_help": {"en": "{low} to {high}: the same seed gives the same result.",
                              "zh": "{low} 到 {high}：相同的种子得到相同的结果。"},
    "learn.train.hidden": {"en": "Hidden layers (units, comma-separated)",
                           "zh": "隐藏层（神经元数，用逗号分隔）"},
    "learn.train.hidden_help": {
        "en": "For example 64, 64. Up to {layers} layers of 1 to {units} units; leave empty for no hidden "
              "layer (a linear classifier).",
        "zh": "例如 64, 64。最多 {layers} 层，每层 1 到 {units} 个神经元；留空表示没有隐藏层（线性分类器）。",
    },
    "learn.train.bad_hidden": {"en": "Hidden layers: {reason}", "zh": "隐藏层设置有误：{reason}"},
    "learn.train.batch_norm": {"en": "Batch normalization", "zh": "批量归一化（Batch Norm）"},
    "learn.train.batch_norm_help": {
        "en": "Normalize each hidden layer over the mini-batch before its activation (running averages are "
              "used for evaluation). The dense layer before it then needs no bias.",
        "zh": "在每个隐藏层的激活函数之前，在小批量上做归一化（正规化；评估时使用滑动平均）。"
              "此时它前面的全连接层不再需要偏置。",
    },
    "learn.train.dropout": {"en": "Dropout rate", "zh": "Dropout（随机失活）比例"},
    "learn.train.dropout_help": {
        "en": "Share of hidden units dropped at random in each training step (inverted dropout: the kept "
              "ones are scaled by 1/(1 − rate), so nothing changes at test time).",
        "zh": "每个训练步中随机删除的隐藏神经元比例。采用反向 dropout（inverted dropout）：保留的神经元乘以 "
              "1/(1 − 比例)，因此测试时无需任何改动。",
    },
    "learn.train.l2": {"en": "L2 weight decay λ", "zh": "L2 权重衰减 λ"},
    "learn.train.l2_help": {"en": "Adds ½λΣ‖W‖² to the loss (0 to 10; weights only, not biases).",
                            "zh": "在损失函数中加上 ½λΣ‖W‖²（0 到 10；只对权重，不对偏置）。"},
    "learn.train.batch": {"en": "Batch size", "zh": "批量大小"},
    "learn.train.batch_help": {"en": "{low} to {high}; larger than the training set means full-batch.",
                               "zh": "{low} 到 {high}；大于训练集时即为全批量。"},
    "learn.train.epochs": {"en": "Epochs", "zh": "轮数（epoch）"},
    "learn.train.epochs_help": {"en": "{low} to {high} passes over the training set.",
                                "zh": "遍历训练集 {low} 到 {high} 次。"},
    "learn.train.clip": {"en": "Gradient clipping (global norm, 0 = off)",
                         "zh": "梯度截断（按全局范数，0 表示关闭）"},
    "learn.train.clip_help": {
        "en": "If the gradient of all parameters together is longer than this, it is scaled down to this "
              "length.",
        "zh": "按模截断（也称梯度裁剪）：若所有参数的梯度合在一起的长度超过该值，就把它缩放到这个长度。",
    },
    "learn.train.seed": {"en": "Initialization seed", "zh": "初始化的随机种子"},
    "learn.train.fix_controls": {"en": "Fix the settings marked in the sidebar to train.",
                                 "zh": "请先修正侧边栏中标出的设置，再开始训练。"},
    "learn.train.setup": {
        "en": "{data}: {train} training and {val} validation examples, {features} features, {classes} "
              "classes; the network has {params} parameters.",
        "zh": "{data}：{train} 个训练样本和 {val} 个验证样本，{features} 个特征，{classes} 个类别；网络共有 "
              "{params} 个参数。",
    },
    "learn.train.train": {"en": "Train", "zh": "训练"},
    "learn.train.stop": {"en": "Stop", "zh": "停止"},
    "learn.train.continue": {"en": "Continue", "zh": "继续训练"},
    "learn.train.continue_help": {
        "en": "Train the same networks further, from where they stopped.",
        "zh": "从停下的地方接着训练同样的网络。",
    },
    "learn.train.press_train": {
        "en": "Press Train to train the networks with these settings.",
        "zh": "按“训练”即可用这些设置训练网络。",
    },
    "learn.train.unit": {"en": "epochs", "zh": "训练轮数"},
    "learn.train.lower": {"en": "press Continue to train further, or use fewer epochs",
                          "zh": "按“继续训练”接着训练，或减少训练轮数"},
    "learn.train.lower_refused": {
        "en": "make each epoch cheaper: fewer or narrower hidden layers, fewer optimizers or points, or a larger "
              "batch size",
        "zh": "让每一轮更省时：减少隐藏层的层数或宽度、减少优化器或样本数，或增大批量大小",
    },
    "learn.train.paused": {
        "en": "Trained {epoch} of {epochs} epochs so far: one press trains for at most about {limit} s of server "
              "time. Press Continue to train further.",
        "zh": "目前已训练 {epoch} / {epochs} 轮：每按一次最多使用服务器约 {limit} 秒。按“继续训练”接着训练。",
    },
    "learn.train.progress": {"en": "Epoch {epoch} of {epochs}", "zh": "第 {epoch} / {epochs} 轮"},
    "learn.train.stale": {
        "en": "The settings have changed since these results: press Train to train with the new ones.",
        "zh": "这些结果生成后设置已更改：请按“训练”用新设置重新训练。",
    },
    "learn.train.stopped": {"en": "Stopped at epoch {epoch} of {epochs}: the results so far.",
                            "zh": "已在第 {epoch} / {epochs} 轮停止：以下是到目前为止的结果。"},
    "learn.train.done": {"en": "Trained {epochs} epochs in {seconds} s.",
                         "zh": "已训练 {epochs} 轮，用时 {seconds} 秒。"},
    "learn.train.col.optimizer": {"en": "Optimizer", "zh": "优化器"},
    "learn.train.col.train_loss": {"en": "Training loss", "zh": "训练损失"},
    "learn.train.col.val_loss": {"en": "Validation loss", "zh": "验证损失"},
    "learn.train.col.train_acc": {"en": "Training accuracy", "zh": "训练准确率"},
    "learn.train.col.val_acc": {"en": "Validation accuracy", "zh": "验证准确率"},
    "learn.train.col.gap": {"en": "Gap (val − train loss)", "zh": "差距（验证 − 训练损失）"},
    "learn.train.col.ratio": {"en": "‖ΔW‖/‖W‖ (last epoch)", "zh": "‖ΔW‖/‖W‖（最后一轮）"},
    "learn.train.col.status": {"en": "Status", "zh": "状态"},
    "learn.train.diverged": {"en": "diverged at epoch {epoch}", "zh": "在第 {epoch} 轮发散"},
    "learn.train.ok": {"en": "ok", "zh": "正常"},
    "learn.train.curves_caption": {
        "en": "Solid: training set, dashed: validation set (both evaluated after each epoch without dropout "
              "and without the L2 term). A dashed loss rising while the solid one falls is overfitting: add "
              "L2 or dropout, or use more data. Two lines that stay close and high mean the network is too "
              "small.",
        "zh": "实线：训练集；虚线：验证集（每轮结束后评估，不使用 dropout，也不含 L2 项）。"
              "实线下降而虚线上升就是过拟合：增大 L2、加入 dropout 或使用更多数据。两条线都很高且贴在一起，"
              "说明网络容量太小。",
    },
    "learn.train.boundary_title": {"en": "Decision boundary", "zh": "决策边界"},
    "learn.train.confusion_title": {"en": "Validation digits: true against predicted",
                                    "zh": "验证集数字：真实与预测"},
    "learn.train.ratio_title": {"en": "Update-to-weight ratio per layer", "zh": "各层的更新量与权重之比"},
    "learn.train.ratio_caption": {
        "en": "‖ΔW‖/‖W‖ of each dense layer for every update, averaged over the epoch (solid: first "
              "layer, then dashed, dotted…). The notes aim at about 1e-3: much lower and the learning rate "
              "is probably too low, much higher and it is probably too high.",
        "zh": "每个全连接层每次更新的 ‖ΔW‖/‖W‖，按轮取平均（实线为第一层，其后依次为虚线、点线……）。"
              "笔记的经验值约为 1e-3：低得多说明学习率可能太小，高得多说明学习率可能太大。",
    },
    "learn.train.checks_title": {"en": "Sanity checks before training", "zh": "训练前的合理性检查"},
    "learn.train.checks_intro": {
        "en": "The notes' checklist, evaluated on the current settings (it does not need the Train button).",
        "zh": "笔记中的检查清单，按当前设置计算（无需按“训练”按钮）。",
    },
    "learn.train.col.check": {"en": "Check", "zh": "检查项"},
    "learn.train.col.passed": {"en": "Passed", "zh": "通过"},
    "learn.train.col.detail": {"en": "Result", "zh": "结果"},
    "learn.check.backprop": {"en": "Backprop of the data loss matches centered differences",
                             "zh": "数据损失的反向传播与中心差分一致"},
    "learn.check.backprop.detail": {
        "en": "after {updates} updates of burn-in (loss {before} → {after}), without the L2 term: largest "
              "relative error {error} over a few entries of every parameter (limit {limit})",
        "zh": "预热 {updates} 次更新之后（损失 {before} → {after}），不含 L2 项：在每种参数的若干元素上，"
              "最大相对误差为 {error}（上限 {limit}）",
    },
    "learn.check.backprop.hint": {
        "en": "The gradient check failed. With ReLU a perturbation may cross the kink; otherwise the "
              "backward pass has a bug.",
        "zh": "梯度检验未通过。使用 ReLU 时，扰动可能跨过了不可导点；否则说明反向传播有错误。",
    },
    "learn.check.initial_loss": {"en": "Initial loss ≈ ln(number of classes)",
                                 "zh": "初始损失 ≈ ln(类别数)"},
    "learn.check.initial_loss.detail": {
        "en": "initial loss {loss}; ln {classes} = {expected} (within {tolerance})",
        "zh": "初始损失 {loss}；ln {classes} = {expected}（允许偏差 {tolerance}）",
    },
    "learn.check.initial_loss.hint": {
        "en": "The untrained network is not guessing uniformly: its initial weights are probably too large "
              "(try He or Xavier).",
        "zh": "未训练网络的预测并不接近均匀分布：初始权重可能太大（试试 He 或 Xavier）。",
    },
    "learn.check.regularization": {"en": "Loss rises with regularization", "zh": "损失随正则化增强而上升"},
    "learn.check.regularization.detail": {
        "en": "loss at initialization {l0} (λ = 0), {l1} (λ = {lam1}), {l2} (λ = {lam2})",
        "zh": "初始化时的损失：{l0}（λ = 0），{l1}（λ = {lam1}），{l2}（λ = {lam2}）",
    },
    "learn.check.regularization.hint": {
        "en": "The L2 term adds nothing: the weights are all zero. Zero initialization cannot work.",
        "zh": "L2 项没有增加任何损失：权重全部为 0。全 0 初始化行不通。",
    },
    "learn.check.overfit_tiny": {"en": "Overfits a tiny subset", "zh": "能在极小的子集上过拟合"},
    "learn.check.overfit_tiny.detail": {
        "en": "{n} examples, no regularization: loss {loss} after {updates} updates (target < {target})",
        "zh": "{n} 个样本、无正则化：{updates} 次更新后损失为 {loss}（目标 < {target}）",
    },
    "learn.check.overfit_tiny.cut_short": {
        "en": "{n} examples, no regularization: loss {loss} after {updates} updates, where the check stops "
              "for a network this large (target < {target})",
        "zh": "{n} 个样本、无正则化：{updates} 次更新后损失为 {loss}；对这么大的网络，检查到此为止"
              "（目标 < {target}）",
    },
    "learn.check.overfit_tiny.cut_short_hint": {
        "en": "The tiny-subset check was cut short: this network is so large that the usual {updates} updates "
              "would keep the page busy too long. The result says nothing either way; a short training run "
              "shows whether the loss falls.",
        "zh": "极小子集检查被提前结束：网络太大，照常进行 {updates} 次更新会让页面等待太久。"
              "这一结果既不能说明通过，也不能说明失败；短暂训练一下即可看出损失是否下降。",
    },
    "learn.check.overfit_tiny.hint": {
        "en": "The network cannot drive the loss on 20 examples to about 0: the learning rate may be too "
              "small, the network too small, or the initialization broken. Fix this before training on "
              "everything.",
        "zh": "网络无法把 20 个样本上的损失降到接近 0：学习率可能太小、网络太小，或初始化有问题。"
              "在用全部数据训练之前，先解决这个问题。",
    },
    "learn.train.notes_title": {"en": "Babysitting the learning process", "zh": "监控学习过程"},
    "learn.train.notes": {
        "en": "- **Before training** (the checklist above): the loss at chance performance is ln C — 0.693 "
              "for two classes, 2.303 for ten; more regularization must mean more loss; and the network "
              "must be able to overfit 20 examples.\n- **The loss curve** per epoch: a learning rate too "
              "low improves linearly, a good one decays like an exponential, one too high drops fast and "
              "then stalls at a poor value. Small batches make the curve wiggle.\n- **Training against "
              "validation accuracy:** a large gap is overfitting — more L2, more dropout or more data; no "
              "gap at a low accuracy means the model is too small.\n- **Update-to-weight ratio** "
              "‖ΔW‖/‖W‖ (the update, not the raw gradient): about 1e-3 is healthy.\n- **Weight decay** "
              "adds ½λ‖W‖², whose gradient λW pulls every weight towards 0; **dropout** deletes "
              "random hidden units at every step, a cheap ensemble; **batch normalization** keeps every "
              "layer's inputs at mean 0 and variance 1, which makes training faster and less sensitive to "
              "the initialization.\n- **Try it:** XOR with the defaults overfits — the dashed validation "
              "loss turns up after a few epochs while the training loss keeps falling. Set L2 λ = 0.01 and "
              "train again: the gap between them (the table's last-epoch column) shrinks, for Adam from "
              "0.23 to 0.05, about a quarter, for SGD from 0.11 to 0.06, about half. Dropout does not help "
              "here: at 0.2 or 0.5 the gap widens for both.",
        "zh": "- **训练之前**（上面的检查清单）：随机猜测时的损失是 ln C——两类为 0.693，十类为 2.303；"
              "正则化越强，损失必须越大；网络必须能够在 20 个样本上过拟合。\n- **损失曲线**（按轮）："
              "学习率太低时损失呈线性下降，合适时呈指数式下降，太高时先迅速下降、随后停在一个较差的值上。"
              "批量越小，曲线的抖动越大。\n- **训练集与验证集的准确率：** 差距大就是过拟合——增大 L2、增加 "
              "dropout 或收集更多数据；两者接近但准确率都低，说明模型容量不够。\n- **更新量与权重之比** "
              "‖ΔW‖/‖W‖（是更新量，不是原始梯度）：约 1e-3 为宜。\n- **权重衰减**（权值衰减）在损失中加上 "
              "½λ‖W‖²，其梯度 λW 把每个权重拉向 0；**Dropout** 在每一步随机删除隐藏神经元，"
              "相当于廉价的集成学习；**批量归一化（Batch Norm）** 使每层的输入保持均值 0、方差 1，让训练更快，"
              "并降低对初始值的依赖。\n- **动手试试：** 用默认设置训练异或（XOR）数据会过拟合——"
              "训练损失持续下降，而虚线表示的验证损失在几轮之后就开始上升。把 L2 λ 设为 0.01 再训练一次："
              "两者的差距（表中最后一轮的那一列）缩小了：Adam 从 0.23 降到 0.05，约为四分之一；SGD 从 0.11 "
              "降到 0.06，约为一半。Dropout 在这里没有帮助：设为 0.2 或 0.5 时，两者的差距反而变大。",
    },
}

STRINGS = {**FIGURE, **GRADIENT_CHECK, **INITIALIZATION, **TRAINING}
