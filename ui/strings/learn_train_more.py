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
    "learn.train_more.optimizers_copies": {
        "en": "Each optimizer is listed up to {copies} times (“Adam #2”): train the same optimizer with different "
              "settings, e.g. Momentum and Nesterov.",
        "zh": "每个优化器最多可选 {copies} 次（“Adam #2”）：用不同设置训练同一个优化器，例如 Momentum 和 Nesterov。",
    },
    "learn.train_more.lesson_004": {"en": "Lesson: the notes' optimizer comparison",
                                    "zh": "课程：笔记中的优化器比较"},
    "learn.train_more.lesson_004_help": {
        "en": "Note 004: the same {hidden} ReLU network with He initialization, trained with {n} optimizers at "
              "Keras' settings (Momentum, Nesterov, AdaGrad, RMSprop, Adam, Adamax, Nadam, AdamW) for {epochs} "
              "epochs in batches of {batch}, here on the bundled 8×8 digits. Sets the controls and trains at once.",
        "zh": "笔记 004：同一个 {hidden} 的 ReLU 网络，He 初始化，用 Keras 设置下的 {n} 个优化器（Momentum、"
              "Nesterov、AdaGrad、RMSprop、Adam、Adamax、Nadam、AdamW）训练 {epochs} 轮，批量大小 {batch}，"
              "这里用自带的 8×8 手写数字。设置好控件并立即开始训练。",
    },
    "learn.train_more.compare_title": {"en": "Comparison: speed of convergence and final quality",
                                       "zh": "比较：收敛速度与最终质量"},
    "learn.train_more.col.optimizer": {"en": "Optimizer", "zh": "优化器"},
    "learn.train_more.col.reached": {"en": "Epochs to {target} val. accuracy",
                                     "zh": "验证准确率达到 {target} 所需的轮数"},
    "learn.train_more.col.speed": {"en": "Speed", "zh": "速度"},
    "learn.train_more.col.val_acc": {"en": "Final val. accuracy", "zh": "最终验证准确率"},
    "learn.train_more.col.val_loss": {"en": "Final val. loss", "zh": "最终验证损失"},
    "learn.train_more.col.quality": {"en": "Quality", "zh": "质量"},
    "learn.train_more.never": {"en": "not reached", "zh": "未达到"},
    "learn.train_more.and": {"en": ", ", "zh": "、"},
    "learn.train_more.compare_rules": {
        "en": "Computed from this run, as note 004's table rates optimizers (* bad, ** average, *** good). Speed: "
              "★★★ when the validation accuracy reaches {target} within {factor}× the epochs of the fastest run, "
              "★★ later, ★ not within the run. Quality: ★★★ within {close} pp (percentage points) of the best final "
              "validation accuracy, ★★ within {far} pp, ★ further.",
        "zh": "由本次训练计算，仿照笔记 004 的表给优化器打分（* 差，** 一般，*** 好）。速度：验证准确率在最快者 "
              "{factor} 倍的轮数以内达到 {target} 为 ★★★，更晚达到为 ★★，训练内未达到为 ★。质量：与最好的"
              "最终验证准确率相差不超过 {close} 个百分点为 ★★★，不超过 {far} 个为 ★★，更多为 ★。",
    },
    "learn.train_more.rank.fastest": {
        "en": "First to {target} validation accuracy: {names} (epoch {epoch}). ",
        "zh": "最先达到 {target} 验证准确率的是 {names}（第 {epoch} 轮）。",
    },
    "learn.train_more.rank.never": {
        "en": "Not at {target} within {epochs} epochs: {names}. ",
        "zh": "{epochs} 轮内未达到 {target}：{names}。",
    },
    "learn.train_more.rank.best": {
        "en": "Best final validation accuracy: {names} ({acc}); lowest: {worst} ({worst_acc}).",
        "zh": "最终验证准确率最高的是 {names}（{acc}）；最低的是 {worst}（{worst_acc}）。",
    },
}

PROTOCOL = {
    "learn.train_more.test": {"en": "Test part (share held out)", "zh": "测试集（留出比例）"},
    "learn.train_more.test_help": {
        "en": "Hold out this share of the data as a test set before the training/validation split. Choose "
              "settings on the validation curves; evaluate on the test set once, at the end (notes 001, 003). "
              "0: no test set.",
        "zh": "在划分训练集和验证集之前，先留出这一比例的数据作为测试集。根据验证曲线选择超参数；最后只在测试集上"
              "评估一次（笔记 001、003）。0：不留测试集。",
    },
    "learn.train_more.stratify": {"en": "Stratified split", "zh": "分层划分"},
    "learn.train_more.stratify_help": {
        "en": "Split with scikit-learn's train_test_split(stratify=y): each class keeps the same share in every "
              "part. Off: a plain shuffle, where a small part's class shares drift by chance.",
        "zh": "用 `scikit-learn` 的 `train_test_split(stratify=y)` 划分：每个类别在各部分中占比相同。关闭：普通的"
              "随机打乱，较小部分中各类别的占比会随机偏离。",
    },
    "learn.train_more.split_shuffled": {"en": "Split: shuffled.", "zh": "划分方式：随机打乱。"},
    "learn.train_more.split_stratified": {"en": "Split: shuffled and stratified (every class keeps its share).",
                                          "zh": "划分方式：随机打乱并分层（每个类别保持其占比）。"},
    "learn.train_more.split_test": {"en": "{test} test examples are held out.",
                                    "zh": "另有 {test} 个测试样本被留出。"},
    "learn.train_more.test_title": {"en": "Test set: used once, at the end", "zh": "测试集：最后只用一次"},
    "learn.train_more.test_button": {"en": "Evaluate on the test set ({n} examples)",
                                     "zh": "在测试集上评估（{n} 个样本）"},
    "learn.train_more.test_unused": {
        "en": "The test set ({n} examples) is held out: no chart, table or check on this page has looked at it. "
              "Choose the settings on the validation curves, then evaluate on the test set once.",
        "zh": "测试集（{n} 个样本）已被留出：本页的图、表和检查都没有用到它。先根据验证曲线选定设置，再在测试集上"
              "评估一次。",
    },
    "learn.train_more.col.test_loss": {"en": "Test loss", "zh": "测试损失"},
    "learn.train_more.col.test_acc": {"en": "Test accuracy", "zh": "测试准确率"},
    "learn.train_more.test_used_once": {
        "en": "Evaluated on the test set after epoch {epoch}: its one use. If you now change settings because "
              "of these numbers, the test set becomes a second validation set and no longer estimates how the "
              "network does on new data.",
        "zh": "已在第 {epoch} 轮之后于测试集上评估：这是它唯一的一次使用。如果现在根据这些数字修改设置，"
              "测试集就成了第二个验证集，不再能估计网络在新数据上的表现。",
    },
    "learn.train_more.test_used_again": {
        "en": "This test set has now been evaluated {uses} times in this session (this time after epoch {epoch}): "
              "its numbers have guided choices, so they overstate how the network does on new data.",
        "zh": "本次会话中这个测试集已被评估 {uses} 次（这一次在第 {epoch} 轮之后）：它的数字已经影响了"
              "选择，因此会高估网络在新数据上的表现。",
    },
}

SCHEDULES = {
    "learn.train_more.schedule": {"en": "Learning-rate schedule", "zh": "学习率调度"},
    "learn.train_more.schedule_help": {
        "en": "The learning rate of every optimizer times the schedule's multiplier m(t) (the Schedules page "
              "draws each one). Step decay: ×γ every step_size steps. Reduce on plateau (torch's ReduceLROnPlateau) "
              "has no m(t): it cuts the rate when the validation loss stalls, read once per epoch.",
        "zh": "每个优化器的学习率乘以调度的乘子 m(t)（学习率调度页面画出了每一种）。阶梯衰减：每 step_size 步乘以 "
              "γ。平台期降低学习率（ReduceLROnPlateau）没有 m(t)：它每轮读取一次验证损失，停滞时降低学习率。",
    },
    "learn.train_more.schedule_unit": {"en": "The schedule's step t counts", "zh": "调度的步数 t 计数单位"},
    "learn.train_more.schedule_unit_help": {
        "en": "Updates (iterations, one per mini-batch; torch steps a scheduler per epoch, Keras' schedules "
              "count updates) or epochs (one per pass over the training set, ⌈N/B⌉ updates).",
        "zh": "更新次数（迭代，每个小批量一次；Keras 的调度按更新计数，torch 通常每轮调用一次调度器）或 "
              "轮数（epoch）：每遍历一次训练集算一轮，包含 ⌈N/B⌉ 次更新。",
    },
    "learn.train_more.unit.update": {"en": "updates", "zh": "更新次数"},
    "learn.train_more.unit.epoch": {"en": "epochs", "zh": "轮"},
    "learn.train_more.x_axis": {"en": "x-axis", "zh": "横轴"},
    "learn.train_more.axis.epoch": {"en": "epoch", "zh": "轮"},
    "learn.train_more.axis.update": {"en": "update (iteration)", "zh": "更新次数（迭代）"},
    "learn.train_more.per_epoch": {
        "en": "One epoch is one pass over the {n} training examples in batches of {b}: ⌈{n}/{b}⌉ = {updates} "
              "updates (iterations).",
        "zh": "一轮（epoch）是以批量大小 {b} 遍历一次 {n} 个训练样本：⌈{n}/{b}⌉ = {updates} 次更新（迭代）。",
    },
    "learn.train_more.schedule_counts.update": {"en": "The schedule ({name}) counts updates.",
                                                "zh": "调度（{name}）按更新次数计数。"},
    "learn.train_more.schedule_counts.epoch": {"en": "The schedule ({name}) counts epochs.",
                                               "zh": "调度（{name}）按轮计数。"},
}

AVERAGING = {
    "learn.train_more.seed_per_run": {"en": "A different seed per run", "zh": "每个训练使用不同的种子"},
    "learn.train_more.seed_per_run_help": {
        "en": "Run i starts from seed + i (its own initial weights and batch order). Choose the same optimizer "
              "several times (Adam, Adam #2, Adam #3) to train an ensemble of seeds.",
        "zh": "第 i 个训练从种子 + i 开始（各自的初始权重和批次顺序）。多次选择同一个优化器（Adam、Adam #2、"
              "Adam #3），即可训练一个由不同种子组成的集成。",
    },
    "learn.train_more.seed_label": {"en": "{label}, seed {seed}", "zh": "{label}，种子 {seed}"},
    "learn.train_more.ema": {"en": "Parameter averaging (EMA decay β)", "zh": "参数的指数滑动平均（衰减率 β）"},
    "learn.train_more.ema_help": {
        "en": "Keep a running average of the parameters, θ̄ ← βθ̄ + (1 − β)θ after every update (note 001: "
              "Polyak / exponential averaging), and evaluate it on the validation set beside the raw network. "
              "0: off. Averages roughly the last 1/(1 − β) updates; it uses the raw network's batch-norm statistics.",
        "zh": "保留参数的滑动平均：每次更新后 θ̄ ← βθ̄ + (1 − β)θ（笔记 001：Polyak / 指数平均），并与原始网络一起在"
              "验证集上评估。0：关闭。大约平均最近 1/(1 − β) 次更新；批量归一化使用原始网络的统计量。",
    },
    "learn.train_more.avg_title": {"en": "Ensembles and parameter averaging", "zh": "模型集成与参数平均"},
    "learn.train_more.ensemble": {
        "en": "Averaging the class probabilities of these {k} networks gives a validation accuracy of {acc}: "
              "{gain_mean} points against their mean ({mean}), {gain_best} against the best of them ({best}). "
              "Its validation loss is {loss}, against {mean_loss} for the average network.",
        "zh": "把这 {k} 个网络的类别概率取平均，验证准确率为 {acc}：相对它们的平均值（{mean}）变化 {gain_mean} 个"
              "百分点，相对其中最好的（{best}）变化 {gain_best} 个百分点。其验证损失为 {loss}，单个网络的平均值为 "
              "{mean_loss}。",
    },
    "learn.train_more.col.run": {"en": "Run", "zh": "训练"},
    "learn.train_more.col.raw_acc": {"en": "Validation accuracy", "zh": "验证准确率"},
    "learn.train_more.col.ema_acc": {"en": "Averaged parameters: validation accuracy",
                                     "zh": "平均参数：验证准确率"},
    "learn.train_more.col.ema_gain": {"en": "Gain (points)", "zh": "提升（百分点）"},
    "learn.train_more.col.ema_loss_gain": {"en": "Change of validation loss", "zh": "验证损失的变化"},
    "learn.train_more.avg_caption": {
        "en": "Note 001: training several independent models and averaging their predictions at test time is a "
              "fairly reliable gain; more models help with diminishing returns, and the more different they are, "
              "the more it helps. Its ways: the same model from different initializations (“A different seed per "
              "run”), the best models found (any runs side by side here), and a running average of the "
              "parameters during training (the EMA decay). Every number above is measured on this run's "
              "validation set; a negative gain is a loss.",
        "zh": "笔记 001：训练多个独立的模型、测试时对它们的估计值取平均，是提高效果的一个比较可靠的方法；模型越多"
              "效果越好，只是收益越来越小；模型差别越大，提升越明显。方法包括：同一模型、不同初始化（“每个训练使用"
              "不同的种子”），交叉验证中找到的最好的几个模型（这里并排训练的任意几个），以及训练过程中参数的滑动"
              "平均（指数滑动平均的衰减率）。以上数字都是在本次训练的验证集上测得的；提升为负即为下降。",
    },
}

STRINGS = {**COMPARISON, **PROTOCOL, **SCHEDULES, **AVERAGING}
