"""ReduceLROnPlateau's texts: its name and the labels and tooltips of its parameters."""


def _param(name: str, label_en: str, label_zh: str, help_en: str, help_zh: str) -> dict[str, dict[str, str]]:
    return {f"param.sched.{name}": {"en": label_en, "zh": label_zh},
            f"param.sched.{name}.help": {"en": help_en, "zh": help_zh}}


STRINGS = {
    "schedules.name.plateau": {"en": "Reduce on plateau (follows the loss)", "zh": "平台期降低学习率（跟随损失）"},
    **_param("factor", "factor — cut by", "降低倍数（factor）",
             "When the loss has stalled, the learning rate is multiplied by this factor (torch: 0.1).",
             "损失停滞时，学习率乘以这个因子（torch 默认 0.1）。"),
    **_param("patience", "patience — updates to wait", "等待的更新次数（patience）",
             "How many updates without progress are tolerated; one more and the rate is cut (torch: 10).",
             "容忍多少次没有进展的更新；再多一次就降低学习率（torch 默认 10）。"),
    **_param("threshold", "threshold — what counts as progress", "何为进展的阈值（threshold）",
             "A new loss is progress only when it beats the best so far by this much: by a fraction of it "
             "(rel) or by this amount (abs).",
             "新的损失要比迄今最好的损失再好这么多才算进展：按比例（rel）或按绝对值（abs）。"),
    **_param("threshold_mode", "threshold mode", "阈值方式",
             "rel: progress means f below best·(1 − threshold); abs: f below best − threshold.",
             "相对：进展指 f 低于 f_best·(1 − 阈值)；绝对：f 低于 f_best − 阈值（f_best 为迄今最好的损失）。"),
    "param.sched.threshold_mode.option.rel": {"en": "relative (rel)", "zh": "相对（rel）"},
    "param.sched.threshold_mode.option.abs": {"en": "absolute (abs)", "zh": "绝对（abs）"},
    **_param("cooldown", "cooldown — updates after a cut", "降低后的冷却更新次数（cooldown）",
             "After a cut, this many updates are not counted as stalls, so the lower rate gets a chance.",
             "降低学习率之后，接下来这么多次更新不计为停滞，让较低的学习率有机会起作用。"),
    **_param("min_lr", "min_lr — lowest rate", "min_lr — 最低学习率",
             "The learning rate is never cut below this absolute value (torch: 0).",
             "学习率不会被降到这个绝对值以下（torch 默认 0）。"),
    **_param("eps", "eps — smallest cut", "最小降幅 ε（eps）",
             "A cut that would change the rate by less than this is skipped (torch: 1e-8).",
             "如果一次降低使学习率的变化小于它，就跳过这次降低（torch 默认 1e-8）。"),
}
