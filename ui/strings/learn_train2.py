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

STRINGS = {**PLATEAU}
