"""L-BFGS's texts: its convention note, the labels and tooltips of its hyperparameters, and its cost."""

from ui.strings.params import convention_note, param_texts

STRINGS = {
    **convention_note(
        "lbfgs",
        "torch.optim.LBFGS：一次 `step()` 最多 max_iter = 20 次迭代、max_eval = 25 次 f 与 ∇f 的计算（闭包）；第一个"
        "方向是 −g，步长 t = min(1, 1/‖g‖₁)·γ；只有当 yᵀs > 1e-10 时才保存 (s, y) 对；`line_search_fn` 为 `None`"
        "（固定步长 γ）或 'strong_wolfe'。",
    ),
    **param_texts(
        general={
            "max_iter": (
                "max_iter — iterations per step", "max_iter — 每步的迭代次数",
                "At most this many L-BFGS iterations in one step (torch: 20). Each iteration moves θ and "
                "evaluates f and ∇f again.",
                "一步之内最多进行这么多次 L-BFGS 迭代（torch 默认 20）。每次迭代都会移动 θ，并重新计算 f 和 ∇f。",
            ),
            "max_eval": (
                "max_eval — evaluations per step", "max_eval — 每步的计算次数",
                "At most this many evaluations of f and ∇f in one step; 0 means max_iter·5/4 (torch's None).",
                "一步之内最多计算 f 和 ∇f 这么多次；0 表示 max_iter·5/4（torch 不设此值时的取法）。",
            ),
            "tolerance_grad": (
                "tolerance_grad — gradient tolerance", "tolerance_grad — 梯度容差",
                "The step ends when every component of ∇f is at most this in size (the point counts as a minimum).",
                "当 ∇f 的每个分量的绝对值都不超过它时，这一步结束（视为已到极小值）。",
            ),
            "tolerance_change": (
                "tolerance_change — change tolerance", "tolerance_change — 变化容差",
                "The step ends when f or θ changes by less than this from one iteration to the next.",
                "当相邻两次迭代之间 f 或 θ 的变化小于它时，这一步结束。",
            ),
            "history_size": (
                "history_size — memory m", "history_size — 记忆长度 m",
                "How many recent pairs (s, y) of position and gradient changes build the estimate of the "
                "inverse Hessian (torch: 100).",
                "用最近多少对位置变化与梯度变化 (s, y) 来估计 Hessian 的逆（torch 默认 100）。",
            ),
            "line_search_fn": (
                "line search", "线搜索",
                "None: step the fixed length γ along each direction; strong Wolfe: search for a step length "
                "that lowers f enough and flattens the slope (more evaluations, safer steps).",
                "无：沿每个方向走固定长度 γ；强 Wolfe：搜索一个使 f 充分下降且斜率变平缓的步长（计算更多，步子更稳）。",
            ),
        },
        specific={
            ("lbfgs", "lr"): (
                "lr — step length γ", "lr — 步长 γ",
                "γ: the step length tried along each L-BFGS direction (torch: 1). Without a line search it is "
                "the step taken; with strong Wolfe it is where the search starts.",
                "γ：沿每个 L-BFGS 方向尝试的步长（torch 默认 1）。不做线搜索时就按它走；"
                "使用强 Wolfe 时它是搜索的起点。",
            ),
        },
        options={
            "line_search_fn": {
                "none": ("none (fixed step γ)", "无（固定步长 γ）"),
                "strong_wolfe": ("strong Wolfe", "强 Wolfe"),
            },
        },
    ),
}
