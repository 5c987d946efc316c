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
}
