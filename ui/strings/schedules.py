"""Text of the learning-rate schedules page."""

STRINGS = {
    "schedules.title": {"en": "Learning-rate schedules", "zh": "学习率调度"},
    "schedules.intro": {
        "en": "A schedule multiplies the optimizer's learning rate η by m(t) at update t: ηₜ = η·m(t). "
              "Decay takes big steps early and small steps late; warmup starts gently while the gradients "
              "are still large and erratic; cyclic schedules raise the rate again now and then, which can "
              "shake the path out of a poor local minimum.",
        "zh": "调度在第 t 次更新时把优化器的学习率 η 乘以 m(t)：ηₜ = η·m(t)。衰减让前期步子大、后期步子小；"
              "预热在梯度仍然很大且不稳定时先小步起步；周期性调度不时把学习率重新调高，有助于让路径跳出较差"
              "的局部极小值。",
    },
    "schedules.overview": {"en": "Every schedule on one horizon", "zh": "同一时间范围内的全部调度"},
    "schedules.overview_intro": {
        "en": "The multiplier m(t) = ηₜ/η of each schedule (1 is the optimizer's own rate). Each schedule's "
              "parameters are in the sidebar; the comparison below uses them too.",
        "zh": "每种调度的乘子 m(t) = ηₜ/η（1 即优化器本身的学习率）。各调度的参数在侧边栏中设置；下面的比较也"
              "使用这些参数。",
    },
    "schedules.horizon": {"en": "Horizon (updates)", "zh": "时间范围（更新次数）"},
    "schedules.horizon_help": {
        "en": "How many updates to plot (2 to {max}).",
        "zh": "绘制多少次更新（2 到 {max}）。",
    },
    "schedules.logy": {"en": "Log scale", "zh": "对数坐标"},
    "schedules.panels": {"en": "One panel each", "zh": "分面显示"},
    "schedules.panels_help": {
        "en": "Draw every schedule in its own small chart instead of all in one.",
        "zh": "把每种调度画在各自的小图中，而不是全部画在一张图里。",
    },
    "schedules.shown": {"en": "Schedules shown", "zh": "显示的调度"},
    "schedules.parameters": {"en": "Parameters of every schedule", "zh": "各调度的参数"},
    "schedules.warmup_base": {"en": "Schedule after the warmup", "zh": "预热之后的调度"},
    "schedules.bad_params": {"en": "{name}: {reason}", "zh": "{name}：{reason}"},
    "schedules.none_shown": {
        "en": "Choose at least one schedule to plot.",
        "zh": "请至少选择一种调度来绘制。",
    },
    "schedules.formulas": {"en": "Closed forms", "zh": "公式"},
    "schedules.notes_map": {
        "en": "The notes' list, and where to find it here",
        "zh": "笔记中的列表与本页的对应",
    },
    "schedules.col.notes": {"en": "In the notes", "zh": "笔记中"},
    "schedules.col.here": {"en": "Here", "zh": "本页"},
    "schedules.note.piecewise": {"en": "Piecewise constant decay", "zh": "分段常数衰减"},
    "schedules.note.inverse_time": {"en": "Inverse time decay α₀/(1+βt)", "zh": "逆时衰减 α₀/(1+βt)"},
    "schedules.note.exponential": {"en": "Exponential decay α₀βᵗ", "zh": "指数衰减 α₀βᵗ"},
    "schedules.note.natural_exp": {
        "en": "Natural exponential decay α₀exp(−βt)",
        "zh": "自然指数衰减 α₀exp(−βt)",
    },
    "schedules.note.cosine": {"en": "Cosine decay", "zh": "余弦衰减"},
    "schedules.note.warmup": {"en": "Learning-rate warmup", "zh": "学习率预热"},
    "schedules.note.cyclic": {"en": "Cyclic learning rate (and SGDR)", "zh": "循环学习率（及 SGDR）"},
    "schedules.name.constant": {"en": "Constant", "zh": "常数"},
    "schedules.name.step": {"en": "Step decay (piecewise constant)", "zh": "阶梯衰减（分段常数）"},
    "schedules.name.multistep": {
        "en": "Multi-step decay (piecewise constant)",
        "zh": "多阶梯衰减（分段常数）",
    },
    "schedules.name.exponential": {"en": "Exponential decay", "zh": "指数衰减"},
    "schedules.name.natural_exp": {"en": "Natural exponential decay", "zh": "自然指数衰减"},
    "schedules.name.inverse_time": {"en": "Inverse time decay", "zh": "逆时衰减"},
    "schedules.name.polynomial": {"en": "Polynomial decay", "zh": "多项式衰减"},
    "schedules.name.cosine": {"en": "Cosine annealing", "zh": "余弦退火"},
    "schedules.name.cosine_restarts": {
        "en": "Cosine with warm restarts (SGDR)",
        "zh": "带热重启的余弦退火（SGDR）",
    },
    "schedules.name.cyclic": {"en": "Cyclic learning rate (CLR)", "zh": "循环学习率（CLR）"},
    "schedules.name.one_cycle": {"en": "One-cycle policy", "zh": "单周期策略"},
    "schedules.name.warmup": {"en": "Warmup, then a schedule", "zh": "预热后接调度"},
    "schedules.step_axis": {"en": "update t", "zh": "更新次数 t"},
    "schedules.multiplier_axis": {"en": "multiplier m(t) = ηₜ/η", "zh": "乘子 m(t) = ηₜ/η"},
    "schedules.compare": {"en": "One optimizer, two schedules", "zh": "同一优化器，两种调度"},
    "schedules.compare_intro": {
        "en": "The same optimizer, surface, start and gradient noise (the same seed) under schedule A and "
              "schedule B: the path on the contour, the loss and the learning rate at every update.",
        "zh": "同一个优化器、曲面、起点和梯度噪声（相同种子），分别使用调度 A 与调度 B：等高线上的路径、每次"
              "更新的损失和学习率。",
    },
    "schedules.optimizer": {"en": "Optimizer", "zh": "优化器"},
    "schedules.lr": {"en": "Learning rate η", "zh": "学习率 η"},
    "schedules.more_hp": {"en": "More hyperparameters", "zh": "更多超参数"},
    "schedules.steps": {"en": "Steps", "zh": "步数"},
    "schedules.steps_help": {
        "en": "Updates per run (1 to {max}).",
        "zh": "每次运行的更新次数（1 到 {max}）。",
    },
    "schedules.noise": {"en": "Gradient noise σ", "zh": "梯度噪声 σ"},
    "schedules.noise_help": {
        "en": "Standard deviation of seeded Gaussian noise added to every gradient component (0: exact "
              "gradients). With noise a constant rate keeps the path jittering around the minimum; a "
              "decaying rate lets it settle.",
        "zh": "加到每个梯度分量上的（带种子的）高斯噪声标准差（0：精确梯度）。有噪声时，恒定学习率会让路径一"
              "直在极小值附近抖动；衰减的学习率能让它稳定下来。",
    },
    "schedules.seed": {"en": "Noise seed", "zh": "噪声种子"},
    "schedules.a": {"en": "Schedule A", "zh": "调度 A"},
    "schedules.b": {"en": "Schedule B", "zh": "调度 B"},
    "schedules.fix_first": {
        "en": "Fix the parameters of “{name}” in the sidebar first.",
        "zh": "请先在侧边栏中修正“{name}”的参数。",
    },
    "schedules.fig.minimum": {"en": "minimum", "zh": "极小值"},
    "schedules.fig.start": {"en": "start", "zh": "起点"},
    "schedules.fig.step": {"en": "step", "zh": "步"},
    "schedules.diverged": {"en": "diverged at update {step}", "zh": "在第 {step} 次更新时发散"},
    "schedules.final": {"en": "Loss after {steps} updates: {loss}", "zh": "{steps} 次更新后的损失：{loss}"},
    "schedules.loss_axis": {"en": "loss f", "zh": "损失 f"},
    "schedules.loss_title": {"en": "Loss", "zh": "损失"},
    "schedules.lr_axis": {"en": "learning rate ηₜ", "zh": "学习率 ηₜ"},
    "schedules.lr_title": {"en": "Learning rate", "zh": "学习率"},
}
