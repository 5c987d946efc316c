"""Text added to Train a small network by issue #15 items 11-14: note 004's optimizer comparison, torch or
Keras defaults, up to eight optimizers (copies included)."""

COMPARISON = {
    "learn.train_more.defaults": {"en": "Defaults", "zh": "默认值"},
    "learn.train_more.defaults.torch": {"en": "torch", "zh": "torch"},
    "learn.train_more.defaults.keras": {"en": "Keras", "zh": "Keras"},
    "learn.train_more.defaults_help": {
        "en": "Where each optimizer's hyperparameters start. torch: torch.optim's defaults, with this page's "
              "starting learning rate. Keras: keras.optimizers' defaults (learning rate 0.001, ε = 1e-7, RMSprop "
              "ρ = 0.9, AdaGrad starting its sum at 0.1, AdamW λ = 0.004 …). Changing it resets the chosen "
              "optimizers' hyperparameters. The update rules stay torch's: ε is added where torch adds it.",
        "zh": "各优化器超参数的初始值。torch：torch.optim 的默认值，学习率取本页的初始值。Keras：keras.optimizers "
              "的默认值（学习率 0.001，ε = 1e-7，RMSprop 的 ρ = 0.9，AdaGrad 的累加和从 0.1 开始，AdamW 的 "
              "λ = 0.004 …）。切换时，已选优化器的超参数会被重置。更新规则仍是 torch 的：ε 加在 torch 加的位置。",
    },
    "learn.train_more.optimizers_help": {
        "en": "Up to {max} side by side. Each optimizer is listed up to {copies} times (“Adam #2”): train the same "
              "optimizer with different settings, e.g. Momentum and Nesterov.",
        "zh": "最多同时训练 {max} 个。每个优化器最多可选 {copies} 次（“Adam #2”）：用不同设置训练同一个优化器，"
              "例如 Momentum 和 Nesterov。",
    },
    "learn.train_more.lesson_004": {"en": "Lesson: the notes' optimizer comparison",
                                    "zh": "课程：笔记中的优化器比较"},
    "learn.train_more.lesson_004_help": {
        "en": "Note 004: the same {hidden} ReLU network with He initialization, trained with {n} optimizers at "
              "Keras' settings (Momentum, Nesterov, AdaGrad, RMSprop, Adam, Adamax, Nadam, AdamW) for {epochs} "
              "epochs in batches of {batch}, here on the bundled 8×8 digits. Sets the controls and trains at once.",
        "zh": "笔记 004：同一个 {hidden} 的 ReLU 网络，He 初始化，用 Keras 设置下的 {n} 个优化器（Momentum、"
              "Nesterov、AdaGrad、RMSprop、Adam、Adamax、Nadam、AdamW）训练 {epochs} 个 epoch，批量大小 {batch}，"
              "这里用自带的 8×8 手写数字。设置好控件并立即开始训练。",
    },
    "learn.train_more.compare_title": {"en": "Comparison: speed of convergence and final quality",
                                       "zh": "比较：收敛速度与最终质量"},
    "learn.train_more.col.optimizer": {"en": "Optimizer", "zh": "优化器"},
    "learn.train_more.col.reached": {"en": "Epochs to {target} validation accuracy",
                                     "zh": "验证准确率达到 {target} 所需的 epoch"},
    "learn.train_more.col.speed": {"en": "Speed", "zh": "速度"},
    "learn.train_more.col.val_acc": {"en": "Final validation accuracy", "zh": "最终验证准确率"},
    "learn.train_more.col.val_loss": {"en": "Final validation loss", "zh": "最终验证损失"},
    "learn.train_more.col.quality": {"en": "Quality", "zh": "质量"},
    "learn.train_more.never": {"en": "not reached", "zh": "未达到"},
    "learn.train_more.and": {"en": ", ", "zh": "、"},
    "learn.train_more.compare_rules": {
        "en": "Computed from this run, as note 004's table rates optimizers (* bad, ** average, *** good). Speed: "
              "★★★ when the validation accuracy reaches {target} within {factor}× the epochs of the fastest run, "
              "★★ later, ★ not within the run. Quality: ★★★ within {close} points of the best final validation "
              "accuracy, ★★ within {far}, ★ further.",
        "zh": "由本次训练计算，仿照笔记 004 的表给优化器打分（* 差，** 一般，*** 好）。速度：验证准确率在最快者 "
              "{factor} 倍的 epoch 数以内达到 {target} 为 ★★★，更晚达到为 ★★，训练内未达到为 ★。质量：与最好的"
              "最终验证准确率相差不超过 {close} 个百分点为 ★★★，不超过 {far} 个为 ★★，更多为 ★。",
    },
    "learn.train_more.rank.fastest": {
        "en": "First to {target} validation accuracy: {names} (epoch {epoch}).",
        "zh": "最先达到 {target} 验证准确率的是 {names}（第 {epoch} 个 epoch）。",
    },
    "learn.train_more.rank.never": {
        "en": "Not at {target} within {epochs} epochs: {names}.",
        "zh": "{epochs} 个 epoch 内未达到 {target}：{names}。",
    },
    "learn.train_more.rank.best": {
        "en": "Best final validation accuracy: {names} ({acc}); lowest: {worst} ({worst_acc}).",
        "zh": "最终验证准确率最高的是 {names}（{acc}）；最低的是 {worst}（{worst_acc}）。",
    },
}

STRINGS = {**COMPARISON}
