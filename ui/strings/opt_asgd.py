"""ASGD's texts: its convention note and the labels and tooltips of its hyperparameters."""

from ui.strings.params import convention_note, param_texts

STRINGS = {
    **convention_note(
        "asgd",
        "torch.optim.ASGD：按其逐参数循环的实现，λ = 1e-4，α = 0.75，t₀ = 1e6；所以在默认值下步长几乎不衰减，"
        "而且直到第 10⁶ 次更新之前，平均点就是当前点；把 t₀ 设小才能看到平均路径 ā。torch 的 `foreach` 版本把 η "
        "衰减为 γ/(1 + λγt^α)。",
    ),
    **param_texts(
        general={
            "lambd": (
                "λ — step decay", "λ — 步长衰减",
                "λ: the step size decays as η = γ/(1 + λγt)^α, and each update also shrinks θ by the factor "
                "(1 − λη).",
                "λ：步长按 η = γ/(1 + λγt)^α 衰减，每次更新还把 θ 乘以 (1 − λη)。",
            ),
            "t0": (
                "t₀ — start of averaging", "t₀ — 开始平均的更新",
                "t₀: from update t₀ + 2 on, the averaged point ā is the mean of the points visited since then; "
                "before that it is simply the current point.",
                "t₀：从第 t₀ + 2 次更新起，平均点 ā 是此后所经过各点的平均；在此之前它就是当前点。",
            ),
        },
        specific={
            ("asgd", "alpha"): (
                "α — power of the step decay", "α — 步长衰减的幂次",
                "α: the power in the step size η = γ/(1 + λγt)^α (0.75 by default).",
                "α：步长 η = γ/(1 + λγt)^α 中的幂次（默认 0.75）。",
            ),
        },
    ),
}
