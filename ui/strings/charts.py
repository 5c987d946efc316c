"""Texts of the Compare figure's scales and marks: the map to scale, a run leaving the view, the
symmetric log scale of the loss."""

STRINGS = {
    "compare.aspect": {"en": "Map to scale", "zh": "等比例显示等高线图"},
    "compare.aspect_help": {
        "en": "One unit of x as long as one unit of y, so −∇f is drawn perpendicular to the contours. "
        "Off: the map fills its whole area and one axis is stretched.",
        "zh": "x 轴与 y 轴的单位长度相同，−∇f 才会垂直于等高线。关闭时，等高线图铺满整个区域，其中一个坐标轴被拉伸。",
    },
    "compare.fig.left_view": {"en": "left the view at step {step}", "zh": "第 {step} 步离开视图范围"},
    "compare.fig.left_mark": {"en": "left the view", "zh": "离开视图范围"},
    "compare.fig.loss_symlog": {"en": "loss f (symmetric log scale)", "zh": "损失 f（对称对数坐标）"},
}
