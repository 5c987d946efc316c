"""Adafactor's texts: its convention note and the labels and tooltips of its hyperparameters."""

from ui.strings.params import convention_note, param_texts

STRINGS = {
    **convention_note(
        "adafactor",
        "torch.optim.Adafactor：torch ≥ 2.5，用于一维参数；beta2_decay c = −0.8，`eps` = (ε₁, ε₂) = (`None`, 1e-3)，"
        "其中 `None` 表示该数据类型的机器精度，d = 1，权重衰减是解耦的；相对步长用衰减之前的 RMS(θ)。论文中的版本还有"
        "动量，并对矩阵把 V 分解成行、列两部分。",
    ),
    **param_texts(
        general={
            "beta2_decay": (
                "c — decay exponent", "c — 衰减指数",
                "c: the average of g² decays with β̂₂ = 1 − t^c, so early updates average over few gradients and "
                "later ones over many (−0.8 by default).",
                "c：g² 的平均按 β̂₂ = 1 − t^c 衰减，所以早期的更新只平均少数几个梯度，后期平均很多个（默认 −0.8）。",
            ),
            "eps1": (
                "ε₁ — floor of √V", "ε₁ — √V 的下限",
                "ε₁: √V is never below ε₁, which keeps the division finite (torch's None: float64's machine "
                "epsilon, about 2.2e-16).",
                "ε₁：√V 不小于 ε₁，保证除法有限（torch 默认不设此值，即取 float64 的机器精度，约 2.2e-16）。",
            ),
            "eps2": (
                "ε₂ — floor of RMS(θ)", "ε₂ — RMS(θ) 的下限",
                "ε₂: the step is relative to the size of θ, RMS(θ), but never smaller than ε₂ times the rate "
                "(so a θ near 0 can still move).",
                "ε₂：步长与 θ 的大小 RMS(θ) 成比例，但至少是 ε₂ 乘以学习率（这样 θ 接近 0 时仍能移动）。",
            ),
            "d": (
                "d — update clipping", "d — 更新截断阈值",
                "d: an update whose RMS exceeds d is scaled down to RMS d (1 by default).",
                "d：RMS 超过 d 的更新会被缩小到 RMS 为 d（默认 1）。",
            ),
        },
        specific={
            ("adafactor", "lr"): (
                "lr — cap of the relative step", "lr — 相对步长的上限",
                "The relative step size is ρ_t = min(lr, 1/√t): lr caps it; the step moves θ by about ρ_t times "
                "RMS(θ).",
                "相对步长 ρ_t = min(lr, 1/√t)：lr 是它的上限；每一步让 θ 移动约 ρ_t 乘以 RMS(θ)。",
            ),
            ("adafactor", "weight_decay"): (
                None, None,
                "Decoupled weight decay λ: θ shrinks by γλθ before each update (0: off).",
                "解耦的权重衰减 λ：每次更新前把 θ 缩小 γλθ（0 表示关闭）。",
            ),
        },
    ),
}
