"""Text of the Compare page about what happened to each run, schedule horizons that follow the run,
and the learning rates each surface starts at (app_pages/compare.py), in English and Simplified Chinese.
"""

STRINGS = {
    "lessons.horizon_help": {
        "en": "0 (the default): the rest of the run, Steps − warmup updates, so the schedule ends with the "
              "run whatever Steps is. Any other value is kept as you set it.",
        "zh": "0（默认）：运行的剩余部分，即“步数 − 预热”次更新，所以无论步数是多少，调度都与运行同时结束。"
              "设为其他值则保持你设定的值。",
    },
    "lessons.horizon_follows": {
        "en": "{name} follows the run: {value} updates ({steps} steps − {warmup} of warmup).",
        "zh": "{name} 跟随运行长度：{value} 次更新（{steps} 步 − {warmup} 步预热）。",
    },
    "lessons.kept": {
        "en": "On {surface} these rates were kept because you had set them; the surface's own rates are "
              "in brackets.",
        "zh": "在 {surface} 上保留了你设定的这些学习率；括号中是该曲面自己的默认学习率。",
    },
    "lessons.kept_item": {
        "en": "Optimizer {index} ({kind}): {name} = {value} (default here: {default})",
        "zh": "第 {index} 个优化器（{kind}）：{name} = {value}（此曲面的默认值：{default}）",
    },
    "lessons.kept_use": {"en": "Use the rates of {surface}", "zh": "使用 {surface} 的默认学习率"},
    "lessons.left_view": {
        "en": "{label} left the view at step {step} and did not come back; its loss went from {start} to "
              "{loss} by step {steps}.",
        "zh": "{label} 在第 {step} 步离开了视图范围，之后没有回来；它的损失从 {start} 变为第 {steps} 步的 {loss}。",
    },
    "lessons.left_view_unbounded": {
        "en": "{label} left the view at step {step}: this surface has no minimum (f is unbounded below), "
              "and its loss is {loss} at step {steps} and still falling.",
        "zh": "{label} 在第 {step} 步离开了视图范围：这个曲面没有极小值（f 无下界），它的损失在第 {steps} 步"
              "为 {loss}，并且仍在下降。",
    },
    "compare.col.left_view_at": {"en": "left the view at step", "zh": "离开视图的步数"},
}
