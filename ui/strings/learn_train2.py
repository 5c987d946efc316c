"""Text added to Train a small network by issue #15 items 12 and 15: reduce on plateau stepped with the
validation loss once per epoch, the learning-rate chart, and L-BFGS on the full batch."""

PLATEAU = {
    "learn.train2.plateau_controls": {
        "en": "Reduce on plateau reads the validation loss after every epoch (torch: scheduler.step(val_loss) once "
              "an epoch), so on this page patience and cooldown count epochs, and min_lr is an absolute rate.",
        "zh": "平台期降低学习率在每轮结束后读取验证损失（torch 的用法：每轮调用一次 scheduler.step(val_loss)），"
              "所以本页的等待次数（patience）和冷却次数（cooldown）以轮计数，min_lr 是学习率的绝对值。",
    },
    "learn.train2.plateau_counts": {
        "en": "Reduce on plateau reads the validation loss after every epoch; a cut applies from the next epoch.",
        "zh": "平台期降低学习率在每轮结束后读取验证损失；降低从下一轮开始生效。",
    },
    "learn.train2.lr_title": {"en": "Learning rate per epoch", "zh": "每轮的学习率"},
    "learn.fig.learning_rate": {"en": "learning rate (the epoch's last update)", "zh": "学习率（该轮最后一次更新）"},
    "learn.train2.cuts": {
        "en": "{label}: the validation loss stalled, and the rate was cut after epoch {epochs} ({first} → {last}).",
        "zh": "{label}：验证损失停滞，学习率在第 {epochs} 轮之后被降低（{first} → {last}）。",
    },
    "learn.train2.no_cuts": {
        "en": "{label}: the validation loss kept improving enough; the rate stayed {lr}.",
        "zh": "{label}：验证损失一直有足够的进展；学习率保持为 {lr}。",
    },
}

FULL_BATCH = {
    "learn.train2.full_batch_title": {"en": "{title} (full batch)", "zh": "{title}（全批量）"},
    "learn.train2.full_batch_controls": {
        "en": "L-BFGS uses the full batch: each epoch is one torch-style `step(closure)` over every training example, "
              "up to max_iter iterations and max_eval evaluations of the loss and its gradient (each a forward and "
              "backward pass over the whole training set); the batch size is not used. Note 001: second-order "
              "methods are used on networks so, as L-BFGS on full batches, because a mini-batch's noisy gradient "
              "spoils its curvature estimate and its line search. Without a line search (torch's default) every "
              "iteration steps lr along its direction, which can blow up once the loss is near zero; strong_wolfe "
              "searches the step length. Dropout and gradient clipping must be off.",
        "zh": "L-BFGS 使用全批量：每一轮是在全部训练样本上进行一次 torch 式的 `step(closure)`，最多 max_iter 次迭代、"
              "max_eval 次损失及其梯度的计算（每次都是在整个训练集上的一次前向和反向传播）；不使用批量大小。"
              "笔记 001：二阶方法在神经网络上就是这样使用的，即在全批量上运行 L-BFGS，因为小批量的梯度带有噪声，"
              "会破坏它对曲率的估计和线搜索。不做线搜索时（torch 的默认设置），每次迭代都沿方向走 lr 这么长的一步，"
              "损失接近零时可能发散；strong_wolfe 会搜索步长。必须关闭 Dropout 和梯度截断。",
    },
    "learn.train2.full_batch_cost": {
        "en": "{label} used the full batch: each of its {epochs} epochs was one step over all {n} training "
              "examples and cost {range} evaluations of the loss and its gradient ({total} in all, each a forward "
              "and backward pass over the {n} examples).",
        "zh": "{label} 使用了全批量：它的 {epochs} 轮中每一轮都是在全部 {n} 个训练样本上的一步，耗费 {range} 次"
              "损失及其梯度的计算（共 {total} 次，每次都是在这 {n} 个样本上的一次前向和反向传播）。",
    },
    "error.full_batch_dropout": {
        "en": "L-BFGS needs the same loss at the same weights: set dropout to 0",
        "zh": "L-BFGS 需要同样的权重给出同样的损失：请把 Dropout 设为 0",
    },
    "error.full_batch_clip": {
        "en": "L-BFGS needs the true gradient for its curvature pairs: set the gradient clipping to 0",
        "zh": "L-BFGS 的曲率对需要真实的梯度：请把梯度截断设为 0",
    },
}

STRINGS = {**PLATEAU, **FULL_BATCH}
