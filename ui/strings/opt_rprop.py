"""Rprop's texts: its convention note and the labels and tooltips of its hyperparameters."""

from ui.strings.params import convention_note, param_texts

STRINGS = {
    **convention_note(
        "rprop",
        "torch.optim.Rprop：`etas` = (η⁻, η⁺) = (0.5, 1.2)，`step_sizes` = (s_min, s_max) = (1e-6, 50)；"
        "梯度符号翻转后，存下的梯度记为 0，所以下一步的步长既不增大也不减小（iRprop⁻ 变体）。"
        "只有第一步的学习率有用：它是每个坐标的初始步长。",
    ),
    **param_texts(
        general={
            "eta_minus": (
                "η⁻ — shrink factor", "η⁻ — 缩小因子",
                "η⁻: when a coordinate's gradient changes sign, its step is multiplied by η⁻ (0.5: halved).",
                "η⁻：某个坐标的梯度变号时，它的步长乘以 η⁻（0.5 即减半）。",
            ),
            "eta_plus": (
                "η⁺ — growth factor", "η⁺ — 增大因子",
                "η⁺: while a coordinate's gradient keeps its sign, its step is multiplied by η⁺ every update "
                "(1.2: 20% longer).",
                "η⁺：某个坐标的梯度保持符号不变时，它的步长每次更新都乘以 η⁺（1.2 即长 20%）。",
            ),
            "step_size_min": (
                "s_min — smallest step", "s_min — 最小步长",
                "The smallest step a coordinate may take, however often its gradient flips sign.",
                "每个坐标步长的下限：无论梯度变号多少次，步长都不会小于它。",
            ),
            "step_size_max": (
                "s_max — largest step", "s_max — 最大步长",
                "The largest step a coordinate may take, however long its gradient keeps its sign.",
                "每个坐标步长的上限：无论梯度保持同号多久，步长都不会大于它。",
            ),
        },
        specific={
            ("rprop", "lr"): (
                "lr — first step of each coordinate", "lr — 每个坐标的初始步长",
                "Rprop ignores the size of the gradient: lr is only the first step of every coordinate; from "
                "then on each step grows or shrinks with the gradient's sign.",
                "Rprop 不看梯度的大小：lr 只是每个坐标的第一步步长；之后每个步长随梯度的符号变大或变小。",
            ),
        },
    ),
}
