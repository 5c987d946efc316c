"""Text of the Compare page (app_pages/compare.py), in English and Simplified Chinese.

The English convention notes are the optimizers' own ``convention`` text (one source of truth with
the library); the Chinese ones are their translations.
"""

import optimizers
from optimizers import facts

_CONVENTIONS_ZH = {
    "sgd": "torch.optim.SGD：学习率在动量缓冲区之外，缓冲区从第一个梯度开始。Keras 和《深度学习入门》把学习率放在缓冲区"
           "内（v = μv − γg）；学习率不变且 τ = 0 时两者路径相同，但调度改变 γ 后就不同了。",
    "adam": "torch.optim.Adam：ε 在对 √v 做偏差修正之后再加；权重衰减是耦合的 L2 项；AMSGrad 取原始 v 的最大"
            "值。Keras 和《深度学习入门》把偏差修正并入步长（ε̂ = ε√(1−β₂ᵗ)），默认 ε = 1e-7：只在 v 很小时有差别。",
    "adamw": "torch.optim.AdamW：默认 λ = 0.01，并乘以当前的 γ。Keras 用 λ = 0.004。",
    "adamax": "torch.optim.Adamax：ε 在 max 之内。Keras 把 ε 加在外面：u_t + ε。",
    "nadam": "torch.optim.NAdam：ψ = 0.004，所以早期动量约为 β₁/2 ≈ 0.45，并缓慢增长（μ₁₀₀₀ ≈ 0.52）。Keras "
             "3 去掉了 ψ（μ_t = β₁(1 − ½·0.96ᵗ)），预热快得多。",
    "radam": "torch.optim.RAdam：β₂ = 0.999 时前五步是普通的动量 SGD，从 t = 6 起才使用校正后的自适应步长。",
    "adagrad": "torch.optim.Adagrad：ε 在平方根之外，s₀ = 0。《深度学习入门》用 ε = 1e-7；Keras 让 s 从 0.1 开始，并把 "
               "ε 放在根号内。",
    "rmsprop": "torch.optim.RMSprop：α = 0.99，ε 在根号外。Keras 默认 ρ = 0.9，ε 在根号内；"
               "《深度学习入门》用 ε = 1e-7，放在根号外。",
    "adadelta": "torch.optim.Adadelta：lr = 1 乘在 Δ 上（论文中没有学习率），ρ = 0.9，ε = 1e-6 在两个根号内"
                "。Keras 默认 lr = 1e-3、ρ = 0.95。",
    "lion": "作者的 PyTorch 参考实现（lr = 1e-4，β = (0.9, 0.99)，sign(0) = 0）。Keras 默认 lr = 1e-3。由于"
            "每个坐标的步长固定为 γ，Lion 需要比 Adam 小 3–10 倍的学习率。",
    "adabelief": "作者的 `adabelief-pytorch` 0.2.1 默认值：ε = 1e-16（每步加到 s 上），解耦的权重衰减，"
                 "`rectify = True`（ρ_t ≥ 5 时校正，之前是普通的动量步）。",
    "newton": "教科书中的牛顿步 x ← x − H⁻¹∇f（cs231n），带步长 γ 和 Levenberg 阻尼 δ。不加保护时，它会走向"
              "任何梯度为零的点——极小值、鞍点或极大值——并在 H 奇异处失败（猴鞍面的中心）。",
}


STRINGS = {
    "compare.title": {"en": "Compare optimizers", "zh": "比较优化器"},
    "compare.intro": {
        "en": "Optimizers walk across a loss surface: paths, loss and learning rate side by side. "
              "Everything you set is in the link.",
        "zh": "优化器在损失曲面上行走：路径、损失和学习率并排显示。你的所有设置都保存在链接中。",
    },
    "compare.presets": {"en": "Lessons", "zh": "示例"},
    "compare.preset.zigzag": {"en": "Zig-zag vs momentum", "zh": "之字形与动量"},
    "compare.preset.zigzag.note": {
        "en": "The book's figures 6-3 to 6-7: f = x²/20 + y² from (−7, 2). SGD zig-zags across the steep y "
              "direction while it crawls along x; Momentum overshoots and swings round the minimum; AdaGrad "
              "heads straight in as its steps shrink; Adam does a little of both.\n\nThe book plots 30 "
              "points (29 updates) and uses AdaGrad ε = 1e-7; here you see 30 updates with torch's ε = "
              "1e-10, which changes nothing visible.",
        "zh": "《深度学习入门》图 6-3 至 6-7：f = x²/20 + y²，起点 (−7, 2)。SGD 在陡峭的 y 方向来回之字形摆动，"
              "沿 x 方向却进展缓慢；Momentum 冲过头并绕着极小值转圈；AdaGrad 的步长逐渐缩小，几乎沿直线前进；Adam 兼有"
              "两者的特点。\n\n原书画了 30 个点（29 次更新），AdaGrad 的 ε = 1e-7；这里显示 30 次更新，使用 "
              "torch 的 ε = 1e-10，看不出任何差别。",
    },
    "compare.preset.saddle": {"en": "Escaping a saddle", "zh": "逃离鞍点"},
    "compare.preset.saddle.note": {
        "en": "f = x² − y² from (−1.8, 0.0001), just beside the saddle's ridge. The surface has no minimum (f is "
              "unbounded below), so escaping is the point. The gradient along y is tiny here: SGD slides into the "
              "saddle point and after {steps} steps it is still there (|y| = {sgd_y}).\n\nAdaGrad and RMSprop "
              "divide each coordinate by its own gradient size, so the tiny y-gradient becomes a full step: by step "
              "20 they are at |y| = {adagrad_y20} and {rmsprop_y20}, while Momentum is at {momentum_y20}. Adadelta "
              "starts slower (|y| = {adadelta_y20} at step 20), then speeds up. They leave the view at steps: "
              "Adadelta {adadelta_out}, RMSprop {rmsprop_out}, AdaGrad {adagrad_out}, NAG {nag_out}, Momentum "
              "{momentum_out}.",
        "zh": "f = x² − y²，起点 (−1.8, 0.0001)，紧挨着鞍点的脊线。这个曲面没有极小值（f 无下界），所以逃离才是重点"
              "。这里沿 y 的梯度极小：SGD 滑进鞍点，{steps} 步之后仍停在那里（|y| = {sgd_y}）。\n\nAdaGrad 和 "
              "RMSprop 把每个坐标除以它自己的梯度大小，微小的 y 梯度也变成完整的一步：到第 20 步，它们已到 |y| = "
              "{adagrad_y20} 和 {rmsprop_y20}，而 Momentum 还在 {momentum_y20}。Adadelta 起步较慢（第 20 步时 |y| = "
              "{adadelta_y20}），随后加速。离开视图的步数：Adadelta {adadelta_out}、RMSprop {rmsprop_out}、AdaGrad "
              "{adagrad_out}、NAG {nag_out}、Momentum {momentum_out}。",
    },
    "compare.preset.beale": {"en": "Beale", "zh": "Beale 函数"},
    "compare.preset.beale.note": {
        "en": "Beale's function from (1, 1.5) with the classic six of Radford's animations: SGD, Momentum, NAG, "
              "AdaGrad, Adadelta and RMSprop. Momentum and NAG swing wide below the valley before they turn (down "
              "to y = {momentum_low} and {nag_low}); SGD follows the gradient into the curved valley.\n\nAdaGrad's "
              "first step is as long in x as in y (its lr in each coordinate); RMSprop starts slowly; Adadelta, "
              "which has no real learning rate, creeps ({adadelta_d} from the minimum at the end). The valley floor "
              "near the minimum (3, 0.5) is nearly flat: after {steps} steps the closest run, {closest}, is still "
              "{closest_d} from it.",
        "zh": "Beale 函数，起点 (1, 1.5)，使用 Radford 动画中经典的六种方法：SGD、Momentum、NAG、AdaGrad、Adadelta "
              "和 RMSprop。Momentum 和 NAG 在转弯前先大幅摆到山谷下方（分别低至 y = {momentum_low} 和 {nag_low}）；"
              "SGD 顺着梯度进入弯曲的山谷。\n\nAdaGrad 的第一步在 x 和 y 方向一样长（每个坐标都是它的学习率）；"
              "RMSprop 起步较慢；Adadelta 没有真正的学习率，慢慢爬行（结束时离极小值 {adadelta_d}）。极小值 (3, "
              "0.5) 附近的谷底几乎是平的：{steps} 步之后，离它最近的 {closest} 仍相距 {closest_d}。",
    },
    "compare.preset.rosenbrock": {"en": "Rosenbrock's valley", "zh": "Rosenbrock 山谷"},
    "compare.preset.rosenbrock.note": {
        "en": "Rosenbrock's banana valley from (−2, 2). Gradient descent drops to the valley floor in a few steps, "
              "then crawls along it: the steep walls need a small rate, and along the floor the gradient is small. "
              "After {steps} steps it is {sgd_d} from the minimum (1, 1).\n\nMomentum builds up speed along the "
              "valley and ends {momentum_d} from (1, 1); Adam's normalised steps are slow here ({adam_d} away); "
              "Newton uses the curvature: its loss is within {tol} of the minimum from step {newton_steps} on.",
        "zh": "Rosenbrock 香蕉形山谷，起点 (−2, 2)。梯度下降几步就落到谷底，然后沿谷底缓慢爬行：陡峭的谷壁要求很小的"
              "学习率，而沿着谷底梯度又很小。{steps} 步之后，它离极小值 (1, 1) 还有 {sgd_d}。\n\nMomentum 沿山谷积累"
              "速度，最后离 (1, 1) {momentum_d}；Adam 的归一化步长在这里很慢（相距 {adam_d}）；牛顿法利用曲率：从第 "
              "{newton_steps} 步起，它的损失与极小值之差不超过 {tol}。",
    },
    "compare.preset.distill": {"en": "Momentum, the Distill way", "zh": "Distill 的动量演示"},
    "compare.preset.distill.note": {
        "en": "The hero of Distill's \"Why Momentum Really Works\": the scaled Rosenbrock (1 − x)² + 20(3y − x²)² "
              "from (−1.21, 0.853), 150 steps, α = 0.003 — plain gradient descent against heavy-ball momentum with "
              "β = 0.74.\n\nHeavy ball z ← βz + ∇f, w ← w − αz is torch's SGD with momentum β and lr α: the same "
              "path. After {steps} steps gradient descent's loss is {gd_loss}, momentum's {momentum_loss}. Move "
              "optimizer 2's momentum towards 0.9 or 0.99 and watch it ripple.",
        "zh": "Distill 文章《Why Momentum Really Works》（意为“动量为何真的有效”）的首图：缩放的 Rosenbrock 函数 (1 "
              "− x)² + 20(3y − x²)²，起点 (−1.21, 0.853)，150 步，α = 0.003——普通梯度下降对比 β = 0.74 的重球动量。"
              "\n\n重球法 z ← βz + ∇f，w ← w − αz 就是动量为 β、学习率为 α 的 torch SGD：路径完全相同。{steps} 步之"
              "后，梯度下降的损失为 {gd_loss}，动量法为 {momentum_loss}。把第 2 个优化器的动量调向 0.9 或 0.99，看看"
              "它如何振荡。",
    },
    "compare.preset.too_high": {"en": "Learning rate too high", "zh": "学习率过大"},
    "compare.preset.too_high.note": {
        "en": "The same SGD four times on x²/20 + y²: lr 0.5, 0.95, 1.0 and 1.2. Along y the curvature is 2, so "
              "gradient descent is stable only for lr < 2/2 = 1.\n\n0.5 is smooth; 0.95 zig-zags but converges; 1.0 "
              "bounces between y = 2 and y = −2 for ever; 1.2 diverges: it leaves the view at step {high_out}, and "
              "by step {steps} its loss has grown to {high_loss}.",
        "zh": "在 x²/20 + y² 上用四种学习率运行同一个 SGD：lr = 0.5、0.95、1.0 和 1.2。沿 y 方向曲率为 2，所以只有 "
              "lr < 2/2 = 1 时梯度下降才稳定。\n\n0.5 平稳；0.95 之字形摆动但收敛；1.0 在 y = 2 与 y = −2 之间永远来"
              "回；1.2 发散：它在第 {high_out} 步离开视图，到第 {steps} 步损失已增长到 {high_loss}。",
    },
    "compare.preset.warmup_cosine": {"en": "Warmup + cosine", "zh": "预热 + 余弦"},
    "compare.preset.warmup_cosine.note": {
        "en": "Rosenbrock from (−2, 2), {steps} steps of SGD at lr 0.002: too large for the steep wall at the "
              "start, fine in the valley. With a constant rate, or cosine decay alone, the run overflows (diverges "
              "numerically) at step {constant_div} and step {cosine_div}.\n\nWith 20 steps of linear warmup first, "
              "the same peak rate walks down the wall, then the cosine decay over the rest of the run settles it: "
              "it ends at loss {warm_loss}, lower than the safe constant lr 0.0015 ({safe_loss}). Watch the "
              "learning-rate panel.",
        "zh": "Rosenbrock 函数，起点 (−2, 2)，SGD 以 lr 0.002 运行 {steps} 步：对起点处陡峭的谷壁太大，在谷底却合适"
              "。学习率不变或只用余弦衰减时，运行分别在第 {constant_div} 步和第 {cosine_div} 步数值溢出（数值发散）"
              "。\n\n先做 20 步线性预热，同样的峰值学习率就能走下谷壁，随后在剩余步数上的余弦衰减让它稳定下来：最终"
              "损失为 {warm_loss}，比安全的恒定 lr 0.0015（{safe_loss}）还低。请看学习率面板。",
    },
    "compare.preset_active": {"en": "Lesson: {name}", "zh": "示例：{name}"},
    "compare.optimizers": {"en": "Optimizers", "zh": "优化器"},
    "compare.add": {"en": "Add optimizer", "zh": "添加优化器"},
    "compare.add_help": {"en": "At most {n} optimizers.", "zh": "最多 {n} 个优化器。"},
    "compare.remove": {"en": "Remove", "zh": "移除"},
    "compare.kind": {"en": "Optimizer", "zh": "优化器"},
    "compare.settings": {"en": "Settings", "zh": "设置"},
    "compare.clipping": {"en": "Gradient clipping", "zh": "梯度截断（裁剪）"},
    "compare.schedule": {"en": "Learning-rate schedule", "zh": "学习率调度"},
    "compare.schedule_shared": {"en": "One schedule for all optimizers", "zh": "所有优化器共用一个调度"},
    "compare.schedule_shared_help": {
        "en": "When on, every optimizer's learning rate follows the schedule set here; when off, each has "
              "its own.",
        "zh": "开启时，所有优化器的学习率都按这里的调度变化；关闭时，每个优化器各有自己的调度。",
    },
    "compare.optimizer_error": {
        "en": "Optimizer {index} can't run: {reason}",
        "zh": "第 {index} 个优化器无法运行：{reason}",
    },
    "compare.schedule_error": {
        "en": "This schedule can't be used: {reason}",
        "zh": "无法使用该调度：{reason}",
    },
    "compare.run": {"en": "Run", "zh": "运行"},
    "compare.start_x": {"en": "start x", "zh": "起点 x"},
    "compare.start_y": {"en": "start y", "zh": "起点 y"},
    "compare.start_help": {"en": "Or click anywhere on the map.", "zh": "也可以直接点击等高线图上的任意位置。"},
    "compare.start_reset": {"en": "Default start", "zh": "默认起点"},
    "compare.start_f_not_finite": {
        "en": "The loss f is not a finite number at the start ({x}, {y}) (f = {value}), so no optimizer can "
              "take a step from there. Move the start (in the sidebar, or pick it on the map) or use the "
              "surface's default start.",
        "zh": "损失 f 在起点 ({x}, {y}) 处不是有限数（f = {value}），任何优化器都无法从这里迈出一步。请移动"
              "起点（在侧边栏中输入，或在等高线图上选择），或使用该曲面的默认起点。",
    },
    "compare.start_grad_not_finite": {
        "en": "The gradient of f is not finite at the start ({x}, {y}), so no optimizer can take a step from "
              "there. Move the start (in the sidebar, or pick it on the map) or use the surface's default "
              "start.",
        "zh": "f 的梯度在起点 ({x}, {y}) 处不是有限数，任何优化器都无法从这里迈出一步。请移动起点（在侧边栏"
              "中输入，或在等高线图上选择），或使用该曲面的默认起点。",
    },
    "compare.use_default_start": {"en": "Use the default start ({x}, {y})", "zh": "使用默认起点 ({x}, {y})"},
    "compare.default_start_not_finite": {
        "en": "The formula is not finite at its default start ({x}, {y}) either. Try another formula, one "
              "that is defined and finite in the view (for example log(1 + x**2) instead of log(x)).",
        "zh": "该公式在默认起点 ({x}, {y}) 处也不是有限数。请换一个在视图内有定义且取值有限的公式（例如用 "
              "log(1 + x**2) 代替 log(x)）。",
    },
    "compare.view_not_finite": {
        "en": "f is not a finite number anywhere in the view, so the map is blank.",
        "zh": "f 在整个视图范围内都不是有限数，因此等高线图是空白的。",
    },
    "compare.steps": {"en": "Steps", "zh": "步数"},
    "compare.batch": {"en": "Mini-batch size (gradient noise)", "zh": "小批量大小（梯度噪声）"},
    "compare.batch_help": {
        "en": "A smaller batch gives a noisier gradient: Gaussian noise of σ = σ₁/√batch is added to each "
              "gradient component, where σ₁ (a batch of one) is the median gradient length over the view "
              "divided by √2. \"Full batch\" means no noise. All optimizers get the same noise draws.",
        "zh": "批量越小，梯度噪声越大：每个梯度分量加上 σ = σ₁/√B（B 为批量大小）的高斯噪声，其中 σ₁（批量为 1）"
              "是视图内梯度长度的中位数除以 √2。“全批量”表示没有噪声。所有优化器使用相同的噪声序列。",
    },
    "compare.full_batch": {"en": "full batch", "zh": "全批量"},
    "compare.noise_caption": {
        "en": "Noise σ = {sigma} per gradient component.",
        "zh": "每个梯度分量的噪声 σ = {sigma}。",
    },
    "compare.seed": {"en": "Noise seed", "zh": "噪声随机种子"},
    "compare.map_caption": {
        "en": "▶ plays the runs in your browser and the slider scrubs through the steps: the dotted grey "
              "arrow is −∇f (its direction), the coloured arrow the update each optimizer takes next.",
        "zh": "▶ 在浏览器中播放，滑块可逐步查看：灰色虚线箭头是 −∇f（只表示方向），彩色箭头是每个优化器接下"
              "来的更新。",
    },
    "compare.pick": {"en": "Pick the start on the map", "zh": "在等高线图上选择起点"},
    "compare.pick_help": {
        "en": "Turn this on, then click anywhere on the map: the start moves there. (Off, the map redraws "
              "faster.)",
        "zh": "打开后点击等高线图上的任意位置，起点就会移到那里。（关闭时等高线图重绘更快。）",
    },
    "compare.diverged_note": {
        "en": "{label} diverged numerically at step {step}: x, y or the loss overflowed (is no longer a "
              "finite number), so the run stops there.",
        "zh": "{label} 在第 {step} 步数值发散：x、y 或损失溢出（不再是有限数），运行在那里停止。",
    },
    "compare.results": {"en": "Results", "zh": "结果"},
    "compare.tolerance": {"en": "Tolerance", "zh": "容差"},
    "compare.tolerance_help": {
        "en": "\"Steps to tolerance\" is the first step from which the loss stays within this of the global "
              "minimum's value until the end of the run: a run that dips in and swings out again has not "
              "converged, and a run that diverged gets none. The Sweep page counts the same way.",
        "zh": "“达到容差的步数”是这样一步：从这一步起直到运行结束，损失与全局最小值之差始终不超过该容差；进入后"
              "又摆出去的运行不算收敛，发散的运行没有该值。“超参数扫描”页面也按同样的方式计数。",
    },
    "compare.no_minimum": {
        "en": "This surface has no known minimum, so distance and steps to tolerance are left empty.",
        "zh": "该曲面没有已知的最小值，因此距离和达到容差的步数留空。",
    },
    "compare.col.optimizer": {"en": "optimizer", "zh": "优化器"},
    "compare.col.final_loss": {"en": "final loss", "zh": "最终损失"},
    "compare.col.best_loss": {"en": "best loss", "zh": "最佳损失"},
    "compare.col.distance_to_minimum": {"en": "distance to nearest minimum", "zh": "到最近极小值的距离"},
    "compare.col.steps_to_tolerance": {"en": "steps to tolerance", "zh": "达到容差的步数"},
    "compare.col.diverged_at": {"en": "overflowed at step", "zh": "数值溢出的步数"},
    "compare.col.evaluations": {"en": "evaluations of f and ∇f", "zh": "f 与 ∇f 的计算次数"},
    "compare.view": {"en": "Below the results", "zh": "结果下方显示"},
    "compare.tab.3d": {"en": "3D view", "zh": "三维视图"},
    "compare.tab.rules": {"en": "Update rules", "zh": "更新规则"},
    "compare.tab.share": {"en": "Share and download", "zh": "分享与下载"},
    "compare.3d_caption": {
        "en": "Drag to rotate, scroll to zoom. Steep surfaces are drawn as log₁₀(f − min), like the map.",
        "zh": "拖动可旋转，滚轮可缩放。陡峭的曲面与等高线图一样按 log₁₀(f − min) 绘制。",
    },
    "compare.convention": {"en": "Convention", "zh": "约定"},
    "compare.schedule_rule": {
        "en": "Schedule of optimizer {index}: {title}",
        "zh": "第 {index} 个优化器的调度：{title}",
    },
    "compare.download_csv": {"en": "Trajectories (CSV)", "zh": "轨迹（CSV）"},
    "compare.download_html": {"en": "Interactive figure (HTML)", "zh": "交互式图表（HTML）"},
    "compare.fig.step": {"en": "step", "zh": "步数"},
    "compare.fig.loss": {"en": "loss f", "zh": "损失 f"},
    "compare.fig.loss_gap": {"en": "f − f* (log scale)", "zh": "f − f*（对数坐标）"},
    "compare.fig.lr": {"en": "learning rate", "zh": "学习率"},
    "compare.fig.play": {"en": "Play", "zh": "播放"},
    "compare.fig.pause": {"en": "Pause", "zh": "暂停"},
    "compare.fig.minimum": {"en": "minimum", "zh": "极小值"},
    "compare.fig.start": {"en": "start", "zh": "起点"},
    "compare.fig.stationary": {"en": "saddle / maximum", "zh": "鞍点 / 极大值"},
    "compare.fig.gradient": {"en": "−∇f (direction)", "zh": "−∇f（方向）"},
    "compare.fig.update": {"en": "update", "zh": "更新"},
    "compare.fig.diverged": {"en": "diverged at step {step}", "zh": "第 {step} 步发散"},
    "compare.fig.click": {"en": "click to start here", "zh": "点击从这里开始"},
    "compare.fig.ax": {"en": "average of the points (ā)", "zh": "各点的平均（ā）"},
}

# no fallback: an optimizer without its Chinese note has no key, and tests/test_optimizer_facts.py says so
for _name, _zh in _CONVENTIONS_ZH.items():
    STRINGS[facts.of(_name).convention_key] = {"en": optimizers.optimizer_class(_name).convention, "zh": _zh}
