"""The Compare page's lessons from the notes (issue #14): AdaGrad's fading step, clipping by value and by
norm, cyclic rates and warm restarts, momentum as a heavy ball, AMSGrad; English and Simplified Chinese."""

STRINGS = {
    "compare.preset.adagrad_fades": {"en": "AdaGrad's fading step", "zh": "AdaGrad 逐渐消失的步长"},
    "compare.preset.adagrad_fades.note": {
        "en": "Rosenbrock from (−2, 2), {steps} steps. The first gradients on the steep wall are huge (|∂f/∂x| = "
              "{g0x} at the start), and AdaGrad adds every squared gradient to its sum G for good: its effective "
              "rate lr/(√G + ε) falls from {ag_x0} to {ag_x1} in x and from {ag_y0} to {ag_y1} in y between the "
              "first update and the last, and it never rises again. So AdaGrad (lr 0.1) crawls: its loss is "
              "{ag_100} at step 100 and {ag_loss} at step {steps}.\n\nRMSprop (lr 0.01) divides by a moving "
              "average of g² instead, which forgets the wall: in the valley its effective rate in x climbs back "
              "from {rm_xmin} to {rm_x1} ({rm_y1} in y), and it reaches loss {rm_loss}. Adadelta, the other fix "
              "(lr 1.0, torch's default), reaches {ad_loss}.",
        "zh": "Rosenbrock 函数，起点 (−2, 2)，{steps} 步。陡峭谷壁上的最初几个梯度非常大（起点处 |∂f/∂x| = {g0x}），"
              "而 AdaGrad 把每个梯度的平方永久地累加到它的和 G 中：从第一次更新到最后一次，它的有效学习率 lr/(√G + ε) "
              "在 x 方向从 {ag_x0} 降到 {ag_x1}，在 y 方向从 {ag_y0} 降到 {ag_y1}，而且再也不会回升。所以 AdaGrad（lr "
              "0.1）只能缓慢爬行：第 100 步的损失为 {ag_100}，第 {steps} 步为 {ag_loss}。\n\n"
              "RMSprop（lr 0.01）改为除以 g² 的移动平均，它会忘掉谷壁：进入山谷后，它在 x 方向的有效学习率从 {rm_xmin} "
              "回升到 {rm_x1}（y 方向为 {rm_y1}），损失降到 {rm_loss}。"
              "另一种改进 Adadelta（lr 1.0，torch 的默认值）的损失降到 {ad_loss}。",
    },
    "compare.preset.clipping": {"en": "Clipping by value or by norm", "zh": "按值截断与按模截断"},
    "compare.preset.clipping.note": {
        "en": "SGD at lr 0.1 on the valley with a cliff, from (−3.5, 2), three times: unclipped, gradient "
              "clipping by value (each component cut to [−0.5, 0.5]) and by norm (g rescaled to length at most "
              "0.5). On the cliff face the gradient explodes: at step {jump_step} one unclipped step of {jump} "
              "throws SGD to x = {jump_x}, past the minimum (2, 0) and out of the view, and after {steps} steps "
              "its loss is {plain_loss}. The clipped runs walk down the face (their longest steps: {value_longest} "
              "by value, {norm_longest} by norm) and end at loss {value_loss} and {norm_loss}.\n\nClipping by "
              "value changes the direction: at the start both components are larger than 0.5, both become 0.5, "
              "and the step turns {value_angle0}° away from −∇f. Clipping by norm only shortens g: its steps are "
              "never more than {norm_angle}° from −∇f. That is why the notes call clipping by norm the usual "
              "choice.",
        "zh": "在带悬崖的山谷上，SGD 以 lr 0.1 从 (−3.5, 2) 出发运行三次：不截断、按值梯度截断（每个分量截到 "
              "[−0.5, 0.5]）和按模梯度截断（把 g 缩放到长度不超过 0.5）。在悬崖面上梯度爆炸：第 {jump_step} 步，"
              "不截断的 SGD 一步走了 {jump}，被抛到 x = {jump_x}，越过极小值 (2, 0) 并离开视图；{steps} 步之后"
              "它的损失为 {plain_loss}。截断的两次运行都能走下悬崖面（最长的一步：按值 {value_longest}，按模 "
              "{norm_longest}），最终损失为 {value_loss} 和 {norm_loss}。\n\n按值截断会改变方向：在起点两个分量"
              "都大于 0.5，都被截成 0.5，这一步偏离 −∇f {value_angle0}°。按模截断只缩短 g：它的每一步与 −∇f 的夹角"
              "都不超过 {norm_angle}°。所以笔记说一般选择按模截断。",
    },
    "compare.preset.restarts": {"en": "Cycles and warm restarts", "zh": "循环学习率与热重启"},
    "compare.preset.restarts.note": {
        "en": "The three-hump camel from (2, −0.5), in a shallow basin: its minimum {shallow} has f = {shallow_f}, "
              "the deep one {deep} has f = {deep_f}. SGD at a constant lr 0.1 and with step decay (halved every "
              "50 steps) settle in the shallow minimum: after {steps} steps they are at {const_end} and "
              "{step_end}, loss {const_loss} and {step_loss}.\n\nThe triangular cycle (lr between 0.025 and "
              "0.4, up in 25 steps, down in 25) starts low and settles in the shallow minimum too, by step "
              "{cyc_in}; as its rate climbs it is thrown out at step {cyc_out} and its loss rises to {cyc_peak} "
              "(short-term harm), then it is within 0.01 of {deep} from step {cyc_deep} (long-term gain) and "
              "ends at {cyc_end}, loss {cyc_loss}. SGDR (cosine annealing with warm restarts from lr 0.4, every "
              "50 steps) starts at its high rate, never settles in the shallow basin, is within 0.01 of {deep} "
              "from step {sgdr_deep} and ends at {sgdr_end}, loss {sgdr_loss}.",
        "zh": "三峰驼背函数，起点 (2, −0.5)，位于一个浅的盆地中：它的极小值 {shallow} 处 f = {shallow_f}，深的极小值 "
              "{deep} 处 f = {deep_f}。学习率恒为 0.1 的 SGD 和使用阶梯衰减（每 50 步减半）的 SGD 都停在浅的极小值："
              "{steps} 步之后它们位于 {const_end} 和 {step_end}，损失为 {const_loss} 和 {step_loss}。\n\n"
              "三角形循环学习率（lr 在 0.025 与 0.4 之间，25 步上升，25 步下降）起点低，到第 {cyc_in} 步也停在浅的"
              "极小值；随着学习率升高，它在第 {cyc_out} 步被抛出，损失升到 {cyc_peak}（短期损害优化过程），之后从第 "
              "{cyc_deep} 步起与 {deep} 的距离不超过 0.01（长期收敛到更好的极小值），"
              "最终位于 {cyc_end}，损失为 {cyc_loss}。"
              "SGDR（带热重启的余弦退火，lr 0.4，每 50 步重启一次）一开始就是高学习率，从未停在浅的盆地，从第 "
              "{sgdr_deep} 步起与 {deep} 的距离不超过 0.01，最终位于 {sgdr_end}，损失为 {sgdr_loss}。",
    },
    "compare.preset.heavy_ball": {"en": "Momentum as a heavy ball", "zh": "动量：滚动的小球"},
    "compare.preset.heavy_ball.note": {
        "en": "The notes' physical picture: the loss is the height of the ground and the point is a ball rolling "
              "on it. The negative gradient is a force that changes the ball's velocity v, and the velocity moves "
              "the ball: v ← μv − γ∇f, θ ← θ + v. μ acts like friction: each step keeps only the fraction μ of the "
              "velocity, or the ball would never stop at the bottom. torch writes the same rule as b ← μb + ∇f, "
              "θ ← θ − γb; with a constant γ, v = −γb and the path is the same.\n\nOn x²/20 + y² from (−7, 2), "
              "lr 0.1, {steps} steps: SGD's largest step is {sgd_speed} and it ends {sgd_d} from the minimum. "
              "Momentum with μ = 0.9 builds up speed along x (steps up to {momentum_speed}), rolls past the "
              "minimum to x = {momentum_x} and ends {momentum_d} from it. With μ = 0.5 (more friction) it never "
              "passes it (x at most {friction_x}) and ends {friction_d} away.\n\nNesterov's look-ahead takes the "
              "gradient where the velocity is about to carry the ball, at θ + μv: v ← μv − γ∇f(θ + μv), θ ← θ + v. "
              "torch stores that look-ahead point itself, and the path drawn is it. Braking earlier, NAG rolls "
              "past only to x = {nag_x} and ends {nag_d} from the minimum.",
        "zh": "笔记中的物理图像：损失是地面的高度，参数点是在上面滚动的小球。负梯度是一个力，它改变小球的速度 v，"
              "速度再改变小球的位置：v ← μv − γ∇f，θ ← θ + v。μ 相当于摩擦系数：每一步只保留速度的 μ 倍，否则小球"
              "在谷底永远不会停下来。torch 把同一规则写成 b ← μb + ∇f，θ ← θ − γb；学习率 γ 不变时 v = −γb，"
              "路径完全相同。\n\n在 x²/20 + y² 上从 (−7, 2) 出发，lr 0.1，{steps} 步：SGD 最大的一步为 "
              "{sgd_speed}，最后离极小值 {sgd_d}。μ = 0.9 的 Momentum 沿 x 方向积累速度（一步最长 "
              "{momentum_speed}），滚过极小值到达 x = {momentum_x}，最后离它 {momentum_d}。μ = 0.5（摩擦更大）时"
              "它从不越过极小值（x 最大为 {friction_x}），最后离它 {friction_d}。\n\nNesterov 的“向前看一步”在"
              "速度即将把小球带到的位置 θ + μv 处计算梯度：v ← μv − γ∇f(θ + μv)，θ ← θ + v。torch 直接存储这个"
              "向前看的点，图中画的就是它。由于提前减速，NAG 只滚到 x = {nag_x}，最后离极小值 {nag_d}。",
    },
    "compare.preset.amsgrad": {"en": "Why AMSGrad", "zh": "为什么要用 AMSGrad"},
    "compare.preset.amsgrad.note": {
        "en": "Adam and AMSGrad (lr 0.01, β₂ = 0.99) on the valley with a cliff, from (−3.9, 0.5), {steps} steps. "
              "Adam divides by √v, v a moving average of g²: a large gradient raises v, and when the gradients "
              "are small again v decays and the effective rate grows again. On the cliff face (step {cliff}) "
              "|∇f| reaches {gmax}; Adam's effective rate in x drops to {adam_min} (step {adam_min_step}), then "
              "climbs back to {adam_end} by step {steps}, {adam_ratio} times its low.\n\nAMSGrad divides by the "
              "largest v seen so far, so that Vₜ ≥ Vₜ₋₁ and the rate cannot grow back, as the notes ask: its "
              "rate goes from {ams_min} to only {ams_end} (the rest of the bias correction). Their final losses: "
              "Adam {adam_loss}, AMSGrad {ams_loss}.",
        "zh": "Adam 与 AMSGrad（lr 0.01，β₂ = 0.99）在带悬崖的山谷上，起点 (−3.9, 0.5)，{steps} 步。Adam 除以 √v，"
              "v 是 g² 的移动平均：大的梯度使 v 变大，而梯度重新变小后 v 衰减，有效学习率又会变大。在悬崖面上（第 "
              "{cliff} 步）|∇f| 达到 {gmax}；Adam 在 x 方向的有效学习率降到 {adam_min}（第 {adam_min_step} 步），"
              "随后回升，到第 {steps} 步为 {adam_end}，是最低值的 {adam_ratio} 倍。\n\nAMSGrad 除以迄今为止最大"
              "的 v，保证 Vₜ ≥ Vₜ₋₁，学习率就不会回升，正如笔记所要求的：它的学习率从 {ams_min} 只变到 "
              "{ams_end}（剩下的是偏差修正的影响）。最终损失：Adam {adam_loss}，AMSGrad {ams_loss}。",
    },
}
