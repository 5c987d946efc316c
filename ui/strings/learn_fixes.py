"""Text added to the learn pages by the fixes of issue #15 (items 1-7): gradient check at a vanishing
gradient and the notes' relative error, the growth verdict of the initialization experiment, the
burn-in and separate L2 backpropagation checks of the Train checklist."""

GRADIENT_CHECK = {
    "learn.fig.abs_error": {"en": "absolute error ‖gₐ − gₙ‖ (∇f = 0 here)",
                            "zh": "绝对误差 ‖gₐ − gₙ‖（此处 ∇f = 0）"},
    "learn.gc.col.kind": {"en": "Error", "zh": "误差"},
    "learn.gc.chart_title_absolute": {
        "en": "**Absolute error against h** — {surface} at ({x}, {y}), where the gradient vanishes",
        "zh": "**绝对误差随 h 的变化** —— {surface}，检验点 ({x}, {y})，此处梯度为 0",
    },
    "learn.gc.kind.relative": {"en": "relative", "zh": "相对误差"},
    "learn.gc.kind.absolute": {"en": "absolute (∇f = 0)", "zh": "绝对误差（∇f = 0）"},
    "learn.gc.vanishing": {
        "en": "The analytic gradient vanishes here (its largest entry is {norm}, at most {limit}): a relative "
              "error means nothing where the gradient is 0 — any numeric gradient, however small, is 100 % "
              "off, so every verdict would say “probably wrong”. Here the chart and the verdicts use the "
              "absolute error ‖gₐ − gₙ‖ instead, judged with the same thresholds; they suit a loss of "
              "order 1, as the notes advise keeping it.",
        "zh": "解析梯度在此处为 0（最大分量为 {norm}，不超过 {limit}）：在梯度为 0 的地方，相对误差没有意义——"
              "任何数值梯度，无论多小，相对误差都是 100%，因此每个结论都会是“很可能有错”。"
              "所以此处的图和结论改用绝对误差 ‖gₐ − gₙ‖，并沿用同样的阈值；这些阈值适用于量级约为 1 "
              "的损失，正如笔记建议的那样。",
    },
    "learn.gc.no_truncation_here": {
        "en": "No truncation slope can be read at this point: the centered error does not fall as h shrinks "
              "(at h = {h} it is already {error}). This surface is not a polynomial of degree 2 or less, so "
              "that is a property of this point (for example a point f is symmetric about), not of the "
              "surface.",
        "zh": "在该点读不出截断误差的斜率：中心差分的误差并不随 h 变小而下降（h = {h} 时已是 {error}）。"
              "该曲面不是 2 次及以下的多项式，所以这是该点的性质（例如 f 关于该点对称），而不是曲面的性质。",
    },
    "learn.gc.relative_form": {
        "en": "**Which relative error:** the notes divide by the larger of the two, "
              "|f′ₐ − f′ₙ| / max(|f′ₐ|, |f′ₙ|), and their thresholds are for that form; this page uses it for "
              "the whole gradient, with norms. Dividing by the sum ‖gₐ‖ + ‖gₙ‖ instead would shrink every "
              "error, to half when the two nearly agree, and pass checks the notes would not. Where the "
              "gradient is 0 (a minimum) no relative error works, and the page judges the absolute error.",
        "zh": "**用哪种相对误差：** 笔记除以两者中较大的那个，即 |f′ₐ − f′ₙ| / max(|f′ₐ|, |f′ₙ|)，"
              "其阈值也是针对这种形式的；本页把它用于整个梯度（取范数）。若改为除以和 ‖gₐ‖ + ‖gₙ‖，"
              "每个误差都会变小（两者接近时正好减半），笔记不会通过的检验也会通过。在梯度为 0 的地方（极小值），"
              "任何相对误差都不适用，本页改用绝对误差来判断。",
    },
}

INITIALIZATION = {
    "learn.init.xavier_normal": {"en": "Xavier (note 000), Gaussian: std √(2/(n_in+n_out))",
                                 "zh": "Xavier（笔记 000），高斯分布：标准差 √(2/(n_in+n_out))"},
    "learn.init.xavier_uniform": {"en": "Xavier (note 000), uniform on ±√(6/(n_in+n_out))",
                                  "zh": "Xavier（笔记 000），均匀分布：±√(6/(n_in+n_out))"},
    "learn.init.explain_xavier": {
        "en": "**Xavier as note 000 gives it** (Glorot and Bengio): keep each neuron's output variance equal to "
              "its input variance. Going forward a layer multiplies the variance by n_in·Var(w), going back by "
              "n_out·Var(w); the compromise is Var(w) = 2/(n_in + n_out). Draw it from a Gaussian of std "
              "√(2/(n_in + n_out)), or uniformly on [−r, r] with r = √(6/(n_in + n_out)), since a uniform's "
              "variance is r²/3: the two have the same variance, and the uniform one never draws a weight "
              "beyond r. The book's √(1/n) uses the fan-in alone; for this experiment's square layers "
              "(n_in = n_out = n) the Gaussian form is exactly the book's, while the network on *Train a small "
              "network*, whose layers are not square, tells them apart.",
        "zh": "**笔记 000 中的 Xavier 初始化**（Glorot 与 Bengio）：让每个神经元输出的方差等于输入的方差。"
              "前向传播时每层把方差乘以 n_in·Var(w)，反向传播时乘以 n_out·Var(w)；折中取 Var(w) = 2/(n_in + "
              "n_out)。可以从标准差为 √(2/(n_in + n_out)) 的高斯分布中抽取，也可以在 [−r, r] 上均匀抽取，"
              "r = √(6/(n_in + n_out))，因为均匀分布的方差是 r²/3：两者方差相同，而均匀分布不会抽到超过 r "
              "的权重。书中的 √(1/n) 只用输入数；在本实验的方形层（n_in = n_out = n）上，高斯形式与书中的完全"
              "相同，而“训练小型网络”页面上各层并不是方形的，两者就有了区别。",
    },
    "learn.fig.layer_std": {"en": "std {std}", "zh": "标准差 {std}"},
    "learn.fig.layer_outside": {"en": "{share} off the axis", "zh": "{share} 超出坐标轴"},
    "learn.init.v.growing": {
        "en": "Exploding: the spread grows from std {first} in layer 1 to {last} in layer {layers}, about ×{factor} "
              "per layer, and {outside} of the last layer's values lie beyond the histogram's range. Weights "
              "too large make the signal blow up layer by layer — the mirror image of vanishing.",
        "zh": "爆炸：激活值的标准差从第 1 层的 {first} 增长到第 {layers} 层的 {last}，每层约 ×{factor}，"
              "最后一层有 {outside} 的值超出了直方图的范围。权重太大时信号逐层放大——正是消失的反面。",
    },
    "learn.init.v.too_wide": {
        "en": "Too wide: the activations have std {std}, and {outside} of them lie beyond the histogram's range. "
              "The weights are too large for this activation.",
        "zh": "过宽：激活值的标准差为 {std}，其中 {outside} 超出了直方图的范围。对这个激活函数来说权重太大了。",
    },
}

TRAINING = {
    "learn.check.backprop_l2": {"en": "Backprop of the L2 term alone matches centered differences",
                                "zh": "单独的 L2 项的反向传播与中心差分一致"},
    "learn.check.backprop_l2.detail": {
        "en": "½λΣ‖W‖² with λ = {lam}, without the data loss: largest relative error {error} over a few entries "
              "of every parameter, biases included (limit {limit})",
        "zh": "½λΣ‖W‖²，λ = {lam}，不含数据损失：在每种参数（包括偏置）的若干元素上，最大相对误差为 {error}"
              "（上限 {limit}）",
    },
    "learn.check.backprop_l2.hint": {
        "en": "The gradient the network adds for L2 is not λW (or it reaches the biases): the regularization's "
              "backward pass has a bug.",
        "zh": "网络为 L2 加上的梯度不是 λW（或者加到了偏置上）：正则化的反向传播有错误。",
    },
}

STRINGS = {**GRADIENT_CHECK, **INITIALIZATION, **TRAINING}
