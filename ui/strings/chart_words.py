"""Words inside formulas and legends: ``latex.<text>`` for the words of a formula's ``\\text{...}``,
``legend.*`` for the short words of Compare's legend labels (``SGD (lr=0.1, cosine+warmup 20)``).

Read through ``ui/chart_text.py``.  English texts are the library's own words, so the English page
reads exactly as the library writes it.
"""

_SCHEDULE_SHORT = {  # schedule id -> short Chinese name for a legend entry
    "constant": "常数", "step": "阶梯衰减", "multistep": "多阶梯衰减", "exponential": "指数衰减",
    "natural_exp": "自然指数衰减", "inverse_time": "逆时衰减", "polynomial": "多项式衰减", "cosine": "余弦退火",
    "cosine_restarts": "SGDR", "cyclic": "循环学习率", "one_cycle": "单周期",
}
_FLAGS = {"nesterov": "Nesterov", "amsgrad": "AMSGrad", "centered": "中心化", "rectify": "校正", "guard": "保护"}

STRINGS = {
    # the words of the optimizers' and schedules' formulas (optimizers/*.py, optimizers/schedules.py)
    "latex.otherwise": {"en": "otherwise", "zh": "否则"},
    "latex.or": {"en": "or", "zh": "或"},
    "latex.Nesterov": {"en": "Nesterov", "zh": "Nesterov 动量时"},
    "latex.centered": {"en": "centered", "zh": "中心化时"},
    "latex.or RAdam-rectified": {"en": "or RAdam-rectified", "zh": "或经 RAdam 校正"},
    "latex.guard: if": {"en": "guard: if", "zh": "保护：若"},
    "latex.then": {"en": "then", "zh": "则"},
    "latex.milestone": {"en": "milestone", "zh": "里程碑"},
    "latex.power": {"en": "power", "zh": "幂次"},
    r"latex.(triangular, triangular2, exp\_range)": {"en": r"(triangular, triangular2, exp\_range)",
                                                     "zh": "（依次为三角形、每周期减半、指数衰减振幅模式）"},
    "latex.on phase": {"en": "on phase", "zh": "在阶段"},
    "latex.(cos) or": {"en": "(cos) or", "zh": "（余弦）或"},
    "latex.(linear)": {"en": "(linear)", "zh": "（线性）"},
    "latex.for": {"en": "for", "zh": "当"},
    "latex.or strong Wolfe": {"en": "or strong Wolfe", "zh": "或由强 Wolfe 线搜索确定"},
    # ReduceLROnPlateau: "more than p updates without f < f_best(1 − τ)"
    "latex.more than": {"en": "more than", "zh": "连续超过"},
    "latex.updates without": {"en": "updates without", "zh": "次更新都没有"},
    "latex.best": {"en": "best", "zh": "最优"},
    "latex.factor": {"en": "factor", "zh": "降低倍数"},
    "latex.patience": {"en": "patience", "zh": "等待次数"},
    "latex.threshold": {"en": "threshold", "zh": "阈值"},
    # Compare's legend labels (comparison.config.OptimizerConfig.label)
    "legend.on": {"en": "on", "zh": "开"},
    "legend.off": {"en": "off", "zh": "关"},
    "legend.warmup": {"en": "warmup", "zh": "预热"},
    **{f"legend.schedule.{name}": {"en": name, "zh": short} for name, short in _SCHEDULE_SHORT.items()},
    **{f"legend.flag.{name}": {"en": name, "zh": text} for name, text in _FLAGS.items()},
    # what a stationary point is, in the hover of Compare's map (surfaces' ``stationary`` kinds)
    "compare.fig.saddle": {"en": "saddle", "zh": "鞍点"},
    "compare.fig.degenerate saddle": {"en": "degenerate saddle", "zh": "退化鞍点"},
    "compare.fig.local maximum": {"en": "local maximum", "zh": "局部极大值"},
    # the Sweep page's path of one cell: its hovers
    "sweep.fig.minimum": {"en": "minimum", "zh": "极小值"},
    "sweep.fig.step": {"en": "step", "zh": "步数"},
    "sweep.fig.start": {"en": "start", "zh": "起点"},
    # the training page's update-ratio legend: the network's layers (learn.mlp names them dense1 … out)
    "learn.fig.hidden_layer": {"en": "dense{i}", "zh": "隐藏层 {i}"},
    "learn.fig.output_layer": {"en": "out", "zh": "输出层"},
    # "Convention: …" under each update rule, with the language's own colon
    "compare.convention_line": {"en": "{label}: {text}", "zh": "{label}：{text}"},
    "compare.schedule_with_warmup": {"en": "{title} with linear warmup", "zh": "{title} + 线性预热"},
}
