"""Build your own (the notes' framework Δθ = −α·m/√V): its convention note, the labels, tooltips and
options of its hyperparameters, the sentence naming the optimizer a choice equals, and the Update
rules view's table of every optimizer's φ and ψ with the notes on the rules the framework does not
express."""

from ui.strings.params import convention_note, param_texts


def _options(name: str, values: dict) -> dict[str, dict[str, str]]:
    return {f"param.opt.{name}.option.{value}": {"en": en, "zh": zh} for value, (en, zh) in values.items()}


#: φ, the direction m_t; these texts are also the table's φ column
DIRECTIONS = {
    "gradient": ("the gradient: m = g", "梯度本身：m = g"),
    "heavy_ball": ("heavy-ball sum: b = μb + g, m = b", "重球累加：b = μb + g，m = b"),
    "nesterov": ("Nesterov look-ahead: m = g + μb", "Nesterov 前瞻：m = g + μb"),
    "ema": ("moving average of g: m = β₁m + (1−β₁)g", "g 的指数滑动平均：m = β₁m + (1−β₁)g"),
}
#: ψ, the scale V_t; also the table's ψ column
SCALES = {
    "one": ("one: V = 1", "常数：V = 1"),
    "sum": ("sum of squares: V = Σg²", "平方和：V = Σg²"),
    "ema": ("moving average of g²: V = β₂V + (1−β₂)g²", "g² 的指数滑动平均：V = β₂V + (1−β₂)g²"),
    "ema_max": ("running maximum of that average (AMSGrad)", "该平均值的历史最大值（AMSGrad）"),
    "max": ("infinity norm: √V = max(β₂√V, |g|)", "无穷范数：√V = max(β₂√V, |g|)"),
}

STRINGS = {
    **convention_note(
        "framework",
        "笔记 000 和 002 的通用框架。每一部分都按它所来自的有名优化器（torch.optim）的运算顺序计算，"
        "所以当选择等于 SGD、动量、Nesterov、AdaGrad、RMSprop、Adam、AMSGrad 或 Adamax 时，"
        "路径与该优化器逐位相同。",
    ),
    **param_texts(
        general={
            "direction": (
                "φ — direction m", "φ — 方向 m",
                "φ: what the step follows, computed from the gradients so far (the numerator m of −α·m/√V).",
                "φ：每一步沿着什么走，由到目前为止的梯度算出（−α·m/√V 的分子 m）。",
            ),
            "scale": (
                "ψ — scale V", "ψ — 缩放 V",
                "ψ: what the step divides by (its square root), computed from the squared gradients so far.",
                "ψ：每一步除以什么（取平方根），由到目前为止的梯度平方算出。",
            ),
            "bias_correction": (
                "bias correction", "偏差修正",
                "Divide each moving average by 1 − βᵗ, its total weight after t steps, so the first steps are "
                "not too small (Adam's correction).",
                "把每个滑动平均除以 1 − βᵗ（t 步后它的总权重），这样最初几步不会太小（Adam 的修正）。",
            ),
            "eps_place": (
                "where ε goes", "ε 的位置",
                "ε outside the root, √V + ε (torch's Adam, RMSprop, AdaGrad), or inside it, √(V + ε).",
                "ε 在根号外，√V + ε（torch 的 Adam、RMSprop、AdaGrad），或在根号内，√(V + ε)。",
            ),
        },
        specific={
            ("framework", "momentum"): (
                "μ — momentum (heavy ball, Nesterov)", "μ — 动量（重球、Nesterov）",
                "μ: how much of the buffer b carries over, for φ = heavy-ball sum or Nesterov look-ahead.",
                "μ：缓冲 b 保留多少到下一步，用于 φ = 重球累加或 Nesterov 前瞻。",
            ),
            ("framework", "beta1"): (
                "β₁ — decay of the average of g", "β₁ — g 的平均的衰减率",
                "β₁: decay rate of the moving average of the gradient, for φ = moving average.",
                "β₁：梯度的指数滑动平均的衰减率，用于 φ = 指数滑动平均。",
            ),
            ("framework", "beta2"): (
                "β₂ — decay of the average of g²", "β₂ — g² 的平均的衰减率",
                "β₂: decay rate of the average of the squared gradient (ψ = moving average or its maximum), "
                "or of the running maximum of |g| (ψ = infinity norm).",
                "β₂：梯度平方的滑动平均的衰减率（ψ = 指数滑动平均或其最大值），"
                "或 |g| 的滑动最大值的衰减率（ψ = 无穷范数）。",
            ),
        },
    ),
    **_options("direction", DIRECTIONS),
    **_options("scale", SCALES),
    **_options("eps_place", {"outside": ("outside: √V + ε", "根号外：√V + ε"),
                             "inside": ("inside: √(V + ε)", "根号内：√(V + ε)")}),
    # its title, in legends too (comparison.config's words: legend.*)
    "legend.title.framework": {"en": "Build your own", "zh": "自己组装"},
    # the sentence under the Build your own panel, from framework.named_equivalent
    "framework.equals": {
        "en": "This is {name}{params}: the same path, to the last bit.",
        "zh": "这就是 {name}{params}：路径逐位相同。",
    },
    "framework.params": {"en": " ({params})", "zh": "（{params}）"},
    "framework.none": {
        "en": "This choice of φ and ψ is none of the named optimizers.",
        "zh": "这组 φ 和 ψ 不对应任何有名的优化器。",
    },
    # the Update rules view
    "framework.title": {
        "en": "The notes' framework: Δθ = −α·m/√V, with m = φ(g₁…g_t) and V = ψ(g₁…g_t)",
        "zh": "笔记中的通用框架：Δθ = −α·m/√V，其中 m = φ(g₁…g_t)，V = ψ(g₁…g_t)",
    },
    "framework.line": {"en": "In the notes' framework: φ: {phi}; ψ: {psi}{corrected}.",
                       "zh": "在笔记的通用框架中：φ：{phi}；ψ：{psi}{corrected}。"},
    "framework.corrected": {"en": "; bias corrected", "zh": "；有偏差修正"},
    "framework.table_caption": {
        "en": "Every optimizer of the app at its defaults: Build your own with these choices is that optimizer.",
        "zh": "本应用的每个优化器（默认设置）：用这些选择“自己组装”得到的就是该优化器。",
    },
    "framework.col.optimizer": {"en": "optimizer", "zh": "优化器"},
    "framework.col.phi": {"en": "φ: direction m", "zh": "φ：方向 m"},
    "framework.col.psi": {"en": "ψ: scale V", "zh": "ψ：缩放 V"},
    "framework.col.bias": {"en": "bias correction", "zh": "偏差修正"},
    "framework.yes": {"en": "yes", "zh": "有"},
    "framework.no": {"en": "no", "zh": "无"},
    "framework.misfit_title": {"en": "Outside the framework", "zh": "不在此框架内"},
    # why a rule is not Δθ = −α·m/√V (one note per optimizer without parts in optimizers/facts.py)
    "framework.misfit.adadelta": {
        "en": "Adadelta: the numerator is a running average of past squared steps, not a function of the "
              "gradients alone.",
        "zh": "Adadelta：分子是过去步长平方的滑动平均，而不只是梯度的函数。",
    },
    "framework.misfit.adamw": {
        "en": "AdamW: Adam's φ and ψ, but its weight decay shrinks θ directly, outside m/√V.",
        "zh": "AdamW：φ 和 ψ 与 Adam 相同，但它的权重衰减直接缩小 θ，不在 m/√V 之内。",
    },
    "framework.misfit.nadam": {
        "en": "NAdam: its m mixes the current gradient and the average with momentum weights that change "
              "every step.",
        "zh": "NAdam：它的 m 用每步都变化的动量权重混合当前梯度和滑动平均。",
    },
    "framework.misfit.radam": {
        "en": "RAdam: it switches between dividing by √V and not dividing at all, with a rectification "
              "factor that changes every step.",
        "zh": "RAdam：它在除以 √V 和完全不除之间切换，并乘以每步变化的修正因子。",
    },
    "framework.misfit.adabelief": {
        "en": "AdaBelief: V averages (g − m)², the gradient's deviation from its average, not g².",
        "zh": "AdaBelief：V 平均的是 (g − m)²，即梯度偏离其平均值的程度，而不是 g²。",
    },
    "framework.misfit.lion": {
        "en": "Lion: the step is the sign of an interpolation of m and g, so every coordinate moves by "
              "exactly α.",
        "zh": "Lion：步长是 m 与 g 插值的符号，所以每个坐标都恰好移动 α。",
    },
    "framework.misfit.newton": {
        "en": "Newton: it divides by the Hessian, a 2×2 matrix of second derivatives, not by a function "
              "of the gradients.",
        "zh": "牛顿法：它除以黑塞矩阵（二阶导数的 2×2 矩阵），而不是梯度的函数。",
    },
    "framework.misfit.rprop": {
        "en": "Rprop: it uses only the gradient's sign; each coordinate's step grows or shrinks with sign "
              "changes.",
        "zh": "Rprop：它只用梯度的符号；每个坐标的步长随符号是否变化而增大或缩小。",
    },
    "framework.misfit.asgd": {
        "en": "ASGD: an SGD step with a decaying rate, plus a running average of the parameters, which is "
              "not a step.",
        "zh": "ASGD：学习率逐渐衰减的 SGD 步，外加参数的滑动平均，而后者不是一步更新。",
    },
    "framework.misfit.adafactor": {
        "en": "Adafactor: m = g with V averaged at a rate that changes every step, and the step is scaled "
              "by the size of θ (its RMS) and capped by min(α, 1/√t).",
        "zh": "Adafactor：m = g，V 的平均速率每步都在变，步长按 θ 的大小（其均方根）缩放，并以 min(α, 1/√t) 为上限。",
    },
    "framework.misfit.lbfgs": {
        "en": "L-BFGS: it multiplies g by an estimate of the inverse Hessian built from past steps, and "
              "searches along the line.",
        "zh": "L-BFGS：它用由过去步长构造的逆黑塞矩阵估计乘以 g，并沿该方向做线搜索。",
    },
}
