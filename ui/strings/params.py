"""Labels and tooltips of every parameter a widget is built from, and the surfaces' titles.

Read them through ``ui/spec_text.py`` (``spec_label``, ``spec_help``, ``option_label``,
``surface_title``), never by building the keys by hand.  Keys:

* ``param.opt.<name>`` (+ ``.help``): an optimizer hyperparameter, true for every optimizer that has
  ``<name>`` and no key of its own;
* ``param.opt.<optimizer>.<name>`` (+ ``.help``): where ``<name>`` means something else in that
  optimizer (Newton's lr is a fraction of the Newton step, Lion's β₂ decays the momentum, ...);
  the accessor prefers it when it exists;
* ``param.sched.<name>`` (+ ``.help``, ``.option.<value>``), ``param.sched.<schedule>.<name>``
  likewise for a schedule where the name means something else (cyclic's γ);
* ``param.surface.<surface>.<name>`` (+ ``.help``): a surface parameter;
* ``surface.<name>``: a surface's title (English = its ``title`` in ``surfaces/``).

Terms follow the source notes (../shared/seeds) and the Chinese review: 学习率, 动量, 权重衰减,
梯度截断 (按值截断 / 按模截断), 学习率预热, 余弦退火; 动量阻尼 τ (SGD's dampening) is a different knob
from Newton's Levenberg 阻尼 δ (damping).  No text has ``{fields}``: the accessor fills none in.
"""

# (label en, label zh, help en, help zh) for each entry below.

_OPT = {
    "lr": (
        "lr — learning rate", "lr — 学习率",
        "Learning rate γ: the step size, which scales every update.",
        "学习率 γ：步长，每次更新都按它缩放。",
    ),
    "momentum": (
        "momentum μ", "动量 μ",
        "Momentum μ: how much of the previous step carries over to the next one (0: plain gradient "
        "descent; 0.9 is typical).",
        "动量 μ：上一步有多少保留到下一步（0 为普通梯度下降；常用 0.9）。",
    ),
    "dampening": (
        "dampening τ", "动量阻尼 τ（dampening）",
        "Dampening τ: the new gradient enters the momentum buffer scaled by (1 − τ): b = μb + (1 − τ)g. "
        "τ = μ gives the notes' moving average; Nesterov momentum needs τ = 0.",
        "动量阻尼 τ：新梯度按 (1 − τ) 的比例进入动量缓冲区：b = μb + (1 − τ)g。τ = μ 时就是笔记中的移动平均；"
        "Nesterov 动量要求 τ = 0。",
    ),
    "nesterov": (
        "Nesterov momentum", "Nesterov 动量",
        "Nesterov momentum: look ahead along the momentum before taking the gradient step (torch's form: "
        "d = g + μb). Needs μ > 0 and τ = 0.",
        "Nesterov 动量：先沿动量“前瞻”一步，再走梯度步（torch 的写法：d = g + μb）。要求 μ > 0 且 τ = 0。",
    ),
    "weight_decay": (
        "weight decay λ", "权重衰减 λ",
        "Weight decay λ as an L2 penalty: λθ is added to the gradient before the update (0: off).",
        "权重衰减（又称权值衰减）λ，即 L2 惩罚：更新前把 λθ 加到梯度上（0 表示关闭）。",
    ),
    "beta1": (
        "β₁ — first-moment decay", "β₁ — 一阶矩衰减率",
        "β₁: decay rate of the moving average of the gradient, the momentum m (0.9 is typical).",
        "β₁：梯度的移动平均（即动量 m）的衰减率（常用 0.9）。",
    ),
    "beta2": (
        "β₂ — second-moment decay", "β₂ — 二阶矩衰减率",
        "β₂: decay rate of the moving average of the squared gradient, v (0.999 is typical).",
        "β₂：梯度平方的移动平均 v 的衰减率（常用 0.999）。",
    ),
    "eps": (
        "ε — numerical stability", "ε — 数值稳定项",
        "ε: a small constant that keeps the division finite where the gradients are tiny.",
        "ε：一个小常数，在梯度极小时保证除法有限（不会除以零）。",
    ),
    "amsgrad": (
        "AMSGrad", "使用 AMSGrad",
        "AMSGrad: divide by the largest v seen so far instead of the current v, so a fall in v does not "
        "enlarge the step.",
        "AMSGrad：用迄今为止最大的 v 代替当前的 v 作除数，这样 v 变小时步长不会随之变大。",
    ),
    "alpha": (
        "α — squared-gradient decay", "α — 梯度平方衰减率",
        "α: decay rate of the moving average of squared gradients (torch's name; Keras and the notes call "
        "it ρ or β). torch's default is 0.99, Keras' 0.9.",
        "α：梯度平方的移动平均的衰减率（torch 的名称；Keras 和笔记中记作 ρ 或 β）。torch 默认 0.99，Keras 默认 "
        "0.9。",
    ),
    "centered": (
        "centered", "中心化（centered）",
        "Centered: divide by an estimate of the gradient's standard deviation, √(v − ḡ²), instead of its "
        "root mean square √v.",
        "中心化：除以梯度标准差的估计 √(v − ḡ²)，而不是均方根 √v。",
    ),
    "rho": (
        "ρ — decay rate", "ρ — 衰减率",
        "ρ: decay rate shared by both moving averages, of the squared gradient g² and of the squared step "
        "Δ².",
        "ρ：梯度平方 g² 与步长平方 Δ² 这两个移动平均共用的衰减率。",
    ),
    "lr_decay": (
        "lr decay η", "学习率衰减 η",
        "η: update t uses the learning rate γ/(1 + (t − 1)η) (0: off).",
        "η：第 t 次更新使用的学习率为 γ/(1 + (t − 1)η)（0 表示关闭）。",
    ),
    "initial_accumulator_value": (
        "initial accumulator s₀", "累加器初值 s₀",
        "s₀: the starting value of the sum of squared gradients (Keras starts at 0.1).",
        "s₀：梯度平方累加和的初始值（Keras 从 0.1 开始）。",
    ),
    "momentum_decay": (
        "momentum decay ψ", "动量衰减 ψ（momentum_decay）",
        "ψ: how fast NAdam's momentum μ_t = β₁(1 − ½·0.96^(tψ)) warms up towards β₁ (torch's default is "
        "0.004).",
        "ψ：NAdam 的动量 μ_t = β₁(1 − ½·0.96^(tψ)) 向 β₁ 增长（预热）的快慢（torch 默认 0.004）。",
    ),
    "rectify": (
        "rectify", "校正（rectify）",
        "Rectify: RAdam's rectification. Until ρ_t reaches 5 the step is plain momentum; after that the "
        "adaptive step is scaled by the rectification factor.",
        "校正：RAdam 式的校正。ρ_t 达到 5 之前使用普通的动量步，之后自适应步长再乘以校正系数。",
    ),
    "damping": (
        "Levenberg damping δ", "Levenberg 阻尼 δ",
        "Levenberg damping δ: added to the Hessian's diagonal (H + δI); the larger δ, the closer the step "
        "comes to a short gradient step.",
        "Levenberg 阻尼 δ：加到 Hessian 的对角线上（H + δI）；δ 越大，这一步越接近一个短的梯度步。",
    ),
    "guard": (
        "guard (fall back to a gradient step)", "下降保护（退回梯度步）",
        "Guard: where the Newton direction does not go downhill (gᵀH⁻¹g ≤ 0, or H is singular), take the "
        "plain gradient step −γg instead.",
        "下降保护：若牛顿方向不是下降方向（gᵀH⁻¹g ≤ 0，或 H 奇异），改走普通的梯度步 −γg。",
    ),
    "clip_value": (
        "clip gradient by value", "按值截断梯度",
        "Gradient clipping by value: clip each gradient component to [−c, c] before the update (0: off).",
        "按值截断（梯度截断，也称梯度裁剪）：更新前把梯度的每个分量截断到 [−c, c]（0 表示关闭）。",
    ),
    "clip_norm": (
        "clip gradient by norm", "按模截断梯度",
        "Gradient clipping by norm: a gradient longer than c is rescaled to length c, keeping its direction "
        "(0: off). Usually preferred to clipping by value.",
        "按模（范数）截断：若梯度的长度超过 c，就把它缩放到长度 c，方向不变（0 表示关闭）。通常优先选择按模截断。",
    ),
}

# Where a name means something else in one optimizer: (optimizer, name) -> the same four texts.  A
# None keeps the general text of that slot (both languages of it).
_DECOUPLED = (
    "weight decay λ (decoupled)", "权重衰减 λ（解耦）",
    "Decoupled weight decay λ: every step first shrinks θ by the factor (1 − γλ), apart from the gradient "
    "(0: off).",
    "解耦的权重衰减 λ：每一步先把 θ 乘以 (1 − γλ)，与梯度无关（0 表示关闭）。",
)
_OPT_SPECIFIC = {
    ("newton", "lr"): (
        "γ — step size (1: full Newton step)", "γ — 步长（1 为完整的牛顿步）",
        "Step size γ: the fraction of the Newton step H⁻¹∇f taken (1 = the full step).",
        "步长 γ：实际走牛顿步 H⁻¹∇f 的多大比例（1 表示完整的一步）。",
    ),
    ("newton", "weight_decay"): (
        None, None,
        "Weight decay λ as an L2 penalty: adds λθ to the gradient and λ to the Hessian's diagonal (0: off).",
        "权重衰减 λ（L2 惩罚）：把 λθ 加到梯度上，并把 λ 加到 Hessian 的对角线上（0 表示关闭）。",
    ),
    ("adadelta", "lr"): (
        None, None,
        "Learning rate γ: multiplies the step Δ. The paper's Adadelta has none, which is γ = 1 (the default "
        "here).",
        "学习率 γ：乘在步长 Δ 上。原论文的 Adadelta 没有学习率，相当于 γ = 1（即这里的默认值）。",
    ),
    ("adadelta", "eps"): (
        None, None,
        "ε: inside both square roots. Besides keeping the division finite, √ε sets the size of the first "
        "steps, while the average of past steps is still 0.",
        "ε：加在两个平方根之内。除了保证除法有限，在过去步长的平均值仍为 0 时，√ε 还决定了最初几步的大小。",
    ),
    ("lion", "lr"): (
        None, None,
        "Learning rate γ: every coordinate moves by exactly ±γ or 0 per update (plus weight decay), so Lion "
        "needs a rate 3–10× smaller than Adam's.",
        "学习率 γ：每次更新时每个坐标恰好移动 ±γ 或 0（另加权重衰减），所以 Lion 需要比 Adam 小 3–10 倍的学习率。",
    ),
    ("lion", "beta1"): (
        "β₁ — update interpolation", "β₁ — 更新方向的插值系数",
        "β₁: the update takes the sign of c = β₁m + (1 − β₁)g, a blend of the momentum and the current "
        "gradient.",
        "β₁：更新取 c = β₁m + (1 − β₁)g 的符号，c 是动量与当前梯度的加权组合。",
    ),
    ("lion", "beta2"): (
        "β₂ — momentum decay", "β₂ — 动量衰减率",
        "β₂: decay rate of the momentum m kept for the next step: m = β₂m + (1 − β₂)g.",
        "β₂：留给下一步的动量 m 的衰减率：m = β₂m + (1 − β₂)g。",
    ),
    ("lion", "weight_decay"): _DECOUPLED,
    ("adamw", "weight_decay"): _DECOUPLED,
    ("adabelief", "weight_decay"): _DECOUPLED,
    ("adamax", "beta2"): (
        "β₂ — infinity-norm decay", "β₂ — 无穷范数衰减率",
        "β₂: decay rate of u, the exponentially weighted infinity norm: u = max(β₂u, |g| + ε).",
        "β₂：u（指数加权的无穷范数）的衰减率：u = max(β₂u, |g| + ε)。",
    ),
    ("adamax", "eps"): (
        None, None,
        "ε: added to |g| inside the max, so u never reaches 0 and the division stays finite.",
        "ε：在 max 之内加到 |g| 上，使 u 永远不为 0，除法保持有限。",
    ),
    ("adabelief", "beta2"): (
        "β₂ — decay of the spread s", "β₂ — 离散度 s 的衰减率",
        "β₂: decay rate of s, the moving average of (g − m)²: how far the gradient strays from its average.",
        "β₂：s 的衰减率；s 是 (g − m)² 的移动平均，衡量梯度偏离其均值的程度。",
    ),
    ("adabelief", "eps"): (
        None, None,
        "ε: added to s at every step and again to √s in the denominator; it keeps the division finite.",
        "ε：每一步都加到 s 上，并在分母中再加到 √s 上，保证除法有限。",
    ),
    ("adabelief", "amsgrad"): (
        None, None,
        "AMSGrad: divide by the largest s seen so far instead of the current s, so a fall in s does not "
        "enlarge the step.",
        "AMSGrad：用迄今为止最大的 s 代替当前的 s 作除数，这样 s 变小时步长不会随之变大。",
    ),
    ("rmsprop", "momentum"): (
        None, None,
        "Momentum μ on the normalised step: b = μb + g/d, then θ ← θ − γb (0: no momentum).",
        "作用在归一化步上的动量 μ：b = μb + g/d，然后 θ ← θ − γb（0 表示不用动量）。",
    ),
}

_SCHED = {
    "step_size": (
        "updates between decays", "衰减间隔（更新次数）",
        "Updates between two decays: the learning rate is multiplied by γ every step_size updates, counted "
        "from the end of the warmup.",
        "两次衰减之间的更新次数：从预热结束时开始计数，每隔 step_size 次更新，学习率乘以 γ。",
    ),
    "gamma": (
        "γ — decay factor", "γ — 衰减因子",
        "γ: the factor the learning rate is multiplied by at each decay (step decay: every step_size "
        "updates; multi-step: at each milestone; exponential: every update).",
        "γ：每次衰减时学习率所乘的因子（阶梯衰减：每 step_size 次更新；多阶梯衰减：每个里程碑；指数衰减：每次"
        "更新）。",
    ),
    "milestones": (
        "milestones (e.g. 40, 80)", "里程碑（如 40, 80）",
        "Updates at which the learning rate is multiplied by γ: increasing whole numbers, e.g. 40, 80. "
        "They count from the end of the warmup: with 10 warmup updates, milestone 40 is update 50 of the run.",
        "学习率乘以 γ 的那些更新次数：递增的整数，如 40, 80。从预热结束时开始计数：预热 10 次更新时，"
        "里程碑 40 是整个运行的第 50 次更新。",
    ),
    "k": (
        "k — decay rate", "k — 衰减率",
        "k: decay rate per update (natural exponential decay: m = e^(−kt); inverse time decay: "
        "m = 1/(1 + kt)).",
        "k：每次更新的衰减率（自然指数衰减：m = e^(−kt)；逆时衰减：m = 1/(1 + kt)）。",
    ),
    "total_iters": (
        "total updates", "衰减总更新次数",
        "Updates until the multiplier reaches 0; it stays 0 afterwards.",
        "乘子降到 0 所需的更新次数；之后保持为 0。",
    ),
    "power": (
        "power p", "幂次 p",
        "p: exponent of the decay (1: a straight line).",
        "p：衰减的幂次（1 为直线）。",
    ),
    "T_max": (
        "T_max — updates to the trough", "T_max — 降到最低点的更新次数",
        "Updates from the peak down to η_min (half a period); past T_max the cosine rises again.",
        "从峰值降到 η_min 的更新次数（半个周期）；超过 T_max 后余弦会重新上升。",
    ),
    "eta_min": (
        "η_min — floor (fraction of lr)", "η_min — 下限（lr 的比例）",
        "Floor of the multiplier: the fraction of lr reached at the trough.",
        "乘子的下限：在最低点达到的 lr 比例。",
    ),
    "T_0": (
        "T₀ — first cycle (updates)", "T₀ — 第一个周期（更新次数）",
        "Updates in the first cycle, until the first warm restart.",
        "第一个周期的更新次数，即到第一次热重启为止。",
    ),
    "T_mult": (
        "T_mult — cycle growth", "T_mult — 周期增长倍数",
        "Each cycle is this many times longer than the previous one (1: all cycles are equal).",
        "每个周期的长度是上一个周期的多少倍（1 表示各周期等长）。",
    ),
    "base_factor": (
        "lowest multiplier", "最低倍率",
        "Lowest multiplier of the cycle, where it starts (torch's base_lr / lr).",
        "周期中的最低倍率，也是起始值（相当于 torch 的 base_lr / lr）。",
    ),
    "max_factor": (
        "highest multiplier", "最高倍率",
        "Upper bound of the cycle (torch's max_lr / lr): every peak reaches it in triangular mode; the other "
        "modes lower the peaks.",
        "周期的上限（相当于 torch 的 max_lr / lr）：三角形模式的每个峰值都达到它；其他模式会逐渐压低峰值。",
    ),
    "step_size_up": (
        "updates going up", "上升阶段的更新次数",
        "Updates from the lowest multiplier up to the peak.",
        "从最低倍率升到峰值的更新次数。",
    ),
    "step_size_down": (
        "updates going down (0: same as up)", "下降阶段的更新次数（0 表示与上升相同）",
        "Updates from the peak back down to the lowest multiplier (0: as many as going up).",
        "从峰值回落到最低倍率的更新次数（0 表示与上升阶段相同）。",
    ),
    "mode": (
        "mode", "振幅模式",
        "How the amplitude changes from cycle to cycle: not at all (triangular), halved every cycle "
        "(triangular2), or scaled by γ^t (exp_range).",
        "振幅在各周期之间如何变化：不变（triangular）、每个周期减半（triangular2）或乘以 γ^t（exp_range）。",
    ),
    "total_steps": (
        "cycle length (updates)", "周期长度（更新次数）",
        "Length of the cycle in updates; afterwards the multiplier stays at its final value.",
        "整个周期的更新次数；之后乘子保持在最终值。",
    ),
    "pct_start": (
        "fraction rising", "上升阶段占比",
        "Fraction of the cycle spent rising from 1/div_factor to the peak 1.",
        "周期中从 1/div_factor 上升到峰值 1 所占的比例。",
    ),
    "anneal_strategy": (
        "anneal shape", "退火曲线形状",
        "Shape of each phase: half a cosine wave, or a straight line.",
        "每个阶段的曲线形状：半个余弦波，或直线。",
    ),
    "div_factor": (
        "start = 1/div_factor", "初始倍率 = 1/div_factor",
        "The cycle starts at the multiplier 1/div_factor.",
        "周期从倍率 1/div_factor 开始。",
    ),
    "final_div_factor": (
        "final divisor", "最终除数",
        "The cycle ends at the multiplier 1/(div_factor·final_div_factor).",
        "周期结束于倍率 1/(div_factor·final_div_factor)。",
    ),
    "three_phase": (
        "three phases", "三阶段",
        "Come back down to 1/div_factor before the final decay (three phases instead of two).",
        "在最后的衰减之前先回落到 1/div_factor（三个阶段而不是两个）。",
    ),
    "warmup_steps": (
        "warmup (updates)", "预热步数（更新次数）",
        "Updates of linear warmup before the schedule starts (0: none).",
        "学习率预热：在调度开始之前线性预热的更新次数（0 表示不预热）。",
    ),
    "warmup_start": (
        "warmup starts at (fraction)", "预热起始倍率",
        "The warmup starts at this fraction of the schedule's first value and rises linearly to it.",
        "预热从调度初始值的这一比例开始，线性升到初始值。",
    ),
}

_SCHED_SPECIFIC = {
    ("cyclic", "gamma"): (
        "γ — amplitude decay (exp_range)", "γ — 振幅衰减因子（exp_range）",
        "exp_range mode only: the amplitude of the cycle is scaled by γ^t.",
        "仅用于 exp_range 模式：周期的振幅乘以 γ^t。",
    ),
}

# choice options: (owner key part, name) -> {value: (en, zh)}
_SCHED_OPTIONS = {
    "mode": {
        "triangular": ("triangular", "三角形（triangular）"),
        "triangular2": ("triangular2 (amplitude halved every cycle)", "三角形，每周期振幅减半（triangular2）"),
        "exp_range": ("exp_range (amplitude scaled by γ^t)", "振幅按指数衰减（exp_range）"),
    },
    "anneal_strategy": {
        "cos": ("cosine", "余弦"),
        "linear": ("linear", "线性"),
    },
}

_SURFACE_PARAMS = {
    ("quadratic", "kappa"): (
        "κ — condition number", "κ — 条件数",
        "Condition number κ = largest / smallest Hessian eigenvalue. The largest stays 1, so a larger κ "
        "flattens the long axis.",
        "条件数 κ = Hessian 最大特征值 / 最小特征值。最大特征值固定为 1，所以 κ 越大，长轴方向越平缓。",
    ),
    ("quadratic", "angle"): (
        "rotation (degrees)", "旋转角（度）",
        "Rotation of the long axis, in degrees. The start turns with the bowl, so gradient descent and "
        "momentum are unaffected; per-coordinate methods such as Adam behave differently.",
        "长轴的旋转角（度）。起点随碗形一起旋转，所以梯度下降和动量法不受影响；Adam 等逐坐标方法的表现则会"
        "不同。",
    ),
    ("rosenbrock", "a"): (
        "a — position of the minimum", "a — 极小值的位置",
        "Moves the minimum to (a, a²).",
        "把极小值移到 (a, a²)。",
    ),
    ("rosenbrock", "b"): (
        "b — steepness of the walls", "b — 谷壁的陡峭程度",
        "Steepness of the valley walls: f = (a − x)² + b(y − x²)².",
        "谷壁的陡峭程度：f = (a − x)² + b(y − x²)²。",
    ),
    ("rastrigin", "A"): (
        "A — ripple height", "A — 波纹高度",
        "Height of the ripples (0 gives a plain bowl).",
        "波纹的高度（0 为普通碗形）。",
    ),
    ("plateau", "eps"): (
        "ε — plateau slope", "ε — 平台坡度",
        "Slope of the plateau: out there the gradient is about 2·ε·r, r being the distance from the centre "
        "(smaller = flatter).",
        "平台的坡度：在平台上梯度约为 2·ε·r，r 为到中心的距离（越小越平）。",
    ),
    ("cliff", "steepness"): (
        "K — cliff steepness", "K — 悬崖陡度",
        "Slope K of the cliff face (0 removes the cliff).",
        "悬崖面的坡度 K（0 表示去掉悬崖）。",
    ),
}

_SURFACE_TITLES = {
    "book_quadratic": ("Elongated bowl x²/20 + y²", "狭长碗形 x²/20 + y²（《深度学习入门》式 6.2）"),
    "quadratic": ("Quadratic bowl (condition number, rotation)", "二次碗形（条件数、旋转）"),
    "rosenbrock": ("Rosenbrock valley", "Rosenbrock 山谷（香蕉函数）"),
    "distill_rosenbrock": ("Distill's scaled Rosenbrock", "Distill 的缩放 Rosenbrock 函数"),
    "beale": ("Beale function", "Beale 函数"),
    "himmelblau": ("Himmelblau function", "Himmelblau 函数"),
    "rastrigin": ("Rastrigin function", "Rastrigin 函数"),
    "ackley": ("Ackley function", "Ackley 函数"),
    "booth": ("Booth function", "Booth 函数"),
    "goldstein_price": ("Goldstein-Price function", "Goldstein–Price 函数"),
    "six_hump_camel": ("Six-hump camel", "六峰驼背函数"),
    "three_hump_camel": ("Three-hump camel", "三峰驼背函数"),
    "matyas": ("Matyas function", "Matyas 函数"),
    "levy13": ("Lévy function N.13", "Lévy 函数 N.13"),
    "styblinski_tang": ("Styblinski-Tang function", "Styblinski–Tang 函数"),
    "saddle": ("Saddle x² − y²", "鞍面 x² − y²"),
    "monkey_saddle": ("Monkey saddle x³ − 3xy²", "猴鞍面 x³ − 3xy²"),
    "plateau": ("Plateau around a bowl", "平台包围的碗形"),
    "cliff": ("Valley with a cliff", "带悬崖的山谷"),
}


def _add(strings: dict, key: str, texts: tuple) -> None:
    """``key`` and ``key.help`` from (label en, label zh, help en, help zh); a None pair is left out, and
    the accessor then uses the general key of that slot."""
    label_en, label_zh, help_en, help_zh = texts
    if label_en is not None:
        strings[key] = {"en": label_en, "zh": label_zh}
    if help_en is not None:
        strings[f"{key}.help"] = {"en": help_en, "zh": help_zh}


def param_texts(general: dict | None = None, specific: dict | None = None,
                options: dict | None = None) -> dict[str, dict[str, str]]:
    """Catalogue entries for optimizer hyperparameters, for a module of its own (``ui/strings/opt_<name>.py``).

    ``general`` maps a hyperparameter name to (label en, label zh, help en, help zh) for
    ``param.opt.<name>``; ``specific`` maps (optimizer, name) to the same for
    ``param.opt.<optimizer>.<name>`` (None for a text the general key already gives); ``options``
    maps a choice's name to {value: (en, zh)}, the texts of its options (``param.opt.<name>.option.<value>``).
    """
    strings: dict[str, dict[str, str]] = {}
    for name, texts in (general or {}).items():
        _add(strings, f"param.opt.{name}", texts)
    for (owner, name), texts in (specific or {}).items():
        _add(strings, f"param.opt.{owner}.{name}", texts)
    for name, values in (options or {}).items():
        for value, (en, zh) in values.items():
            strings[f"param.opt.{name}.option.{value}"] = {"en": en, "zh": zh}
    return strings


def convention_note(name: str, zh: str) -> dict[str, dict[str, str]]:
    """The Compare page's convention note of optimizer ``name``: the class's English text and ``zh``."""
    import optimizers
    from optimizers import facts

    return {facts.of(name).convention_key: {"en": optimizers.optimizer_class(name).convention, "zh": zh}}


STRINGS: dict[str, dict[str, str]] = {}
for _name, _texts in _OPT.items():
    _add(STRINGS, f"param.opt.{_name}", _texts)
for (_owner, _name), _texts in _OPT_SPECIFIC.items():
    _add(STRINGS, f"param.opt.{_owner}.{_name}", _texts)
for _name, _texts in _SCHED.items():
    _add(STRINGS, f"param.sched.{_name}", _texts)
for (_owner, _name), _texts in _SCHED_SPECIFIC.items():
    _add(STRINGS, f"param.sched.{_owner}.{_name}", _texts)
for _name, _options in _SCHED_OPTIONS.items():
    for _value, (_en, _zh) in _options.items():
        STRINGS[f"param.sched.{_name}.option.{_value}"] = {"en": _en, "zh": _zh}
for (_owner, _name), _texts in _SURFACE_PARAMS.items():
    _add(STRINGS, f"param.surface.{_owner}.{_name}", _texts)
for _name, (_en, _zh) in _SURFACE_TITLES.items():
    STRINGS[f"surface.{_name}"] = {"en": _en, "zh": _zh}
