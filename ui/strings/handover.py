"""Switching optimizers mid-run on Compare: the hand-over controls, marks, exports and the lesson
"Adam first, then SGD" (note 002)."""

STRINGS = {
    "handover.toggle": {"en": "Hand over at step k", "zh": "在第 k 步换用另一个优化器"},
    "handover.toggle_help": {
        "en": "From step k on, another optimizer continues from where this one stopped, with its own fresh "
              "state (no momentum, no averages carried over) and a constant learning rate.",
        "zh": "从第 k 步起，由另一个优化器从这个优化器停下的位置继续，它的状态从头开始（不继承动量或滑动平均），"
              "学习率保持不变。",
    },
    "handover.kind": {"en": "then continue with", "zh": "之后换用"},
    "handover.at": {"en": "hand-over step k", "zh": "换用的步数 k"},
    "handover.at_help": {
        "en": "Updates 0 … k−1 are this optimizer's, updates k … to the end the next one's; k must be below the "
              "number of steps. This optimizer's schedule spans its own k updates.",
        "zh": "第 0 … k−1 次更新由这个优化器完成，第 k 次到最后由下一个完成；k 必须小于步数。这个优化器的学习率"
              "调度只覆盖它自己的 k 次更新。",
    },
    "handover.lr": {"en": "its learning rate (lr)", "zh": "它的学习率（lr）"},
    "handover.lr_help": {
        "en": "The learning rate of the optimizer that takes over (its other hyperparameters keep their defaults).",
        "zh": "接手的优化器的学习率（它的其他超参数保持默认值）。",
    },
    "legend.handover": {"en": "{first} → {then} at {step}", "zh": "{first} → {then}（第 {step} 步起）"},
    "compare.fig.handover": {"en": "hand-over at step {step}", "zh": "第 {step} 步换用优化器"},
    "error.handover_step": {
        "en": "the hand-over step must be between 1 and {last}, below the number of steps (got {at})",
        "zh": "换用的步数必须在 1 到 {last} 之间，小于总步数（当前为 {at}）",
    },
    "compare.preset.adam_then_sgd": {"en": "Adam first, then SGD", "zh": "先 Adam，后 SGD"},
    "compare.preset.adam_then_sgd.note": {
        "en": "Note 002's advice: Adam for fast early progress, then SGD (here with momentum) to finish. "
              "Rosenbrock from (−2, 2), {steps} steps, starting at f = {start}.\n\n"
              "Adam alone (1) is down to f = {adam_at} after {at} steps, then crawls along the curved valley: "
              "f = {adam_end} at step {steps}. Momentum alone (2) with lr {lr} overflows on the steep wall and "
              "diverges at step {momentum_div}. Run 3 is Adam for {at} steps, then Momentum with lr {lr} from "
              "where Adam stopped, with a fresh momentum buffer: it ends at f = {both_end}, about {ratio} times lower "
              "than Adam alone. The diamond on its path and the dotted lines on the loss and learning-rate panels "
              "mark the hand-over.",
        "zh": "笔记 002 的建议：前期用 Adam 快速下降，后期换用 SGD（这里是带动量的 SGD）完成优化。"
              "Rosenbrock 函数，起点 (−2, 2)，{steps} 步，起点处 f = {start}。\n\n"
              "单独的 Adam（1）在 {at} 步后降到 f = {adam_at}，之后沿弯曲的山谷缓慢爬行：第 {steps} 步时 "
              "f = {adam_end}。单独的动量法（2）用学习率 {lr} 在陡峭的谷壁上数值溢出，在第 {momentum_div} 步发散。"
              "第 3 个运行先用 Adam 走 {at} 步，再从 Adam 停下的位置换用学习率 {lr} 的动量法，动量从零开始："
              "最终 f = {both_end}，约为单独 Adam 的 1/{ratio}。"
              "路径上的菱形和损失、学习率面板上的虚线标出了换用的位置。",
    },
}
