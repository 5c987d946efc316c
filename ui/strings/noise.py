"""Text of the noise-and-batch-size page."""

STRINGS = {
    "noise.title": {"en": "Noise and batch size", "zh": "噪声与批量大小"},
    "noise.intro": {
        "en": "A mini-batch gradient averages B examples, so its noise shrinks like σ₁/√B. A smaller batch "
              "gives a noisier path and needs a smaller learning rate; the linear scaling rule keeps the "
              "learning rate in proportion to the batch size: lr = lr₀·B/B₀.",
        "zh": "小批量梯度是 B 个样本的平均，因此其噪声按 σ₁/√B 缩小。批量越小，路径的噪声越大（抖动越厉害），"
              "需要的学习率越小；线性缩放规则让学习率与批量大小成正比：lr = lr₀·B/B₀。",
    },
    "noise.optimizer": {"en": "Optimizer", "zh": "优化器"},
    "noise.lr0": {"en": "Learning rate lr₀", "zh": "学习率 lr₀"},
    "noise.more_hp": {"en": "More hyperparameters", "zh": "更多超参数"},
    "noise.steps": {"en": "Steps", "zh": "步数"},
    "noise.steps_help": {"en": "Updates per run (1 to {max}).", "zh": "每次运行的更新次数（1 到 {max}）。"},
    "noise.sigma": {"en": "Per-example noise σ₁", "zh": "单样本噪声 σ₁"},
    "noise.sigma_help": {
        "en": "How much one example's gradient scatters around the true gradient (standard deviation per "
              "component). A batch of B examples scatters σ₁/√B.",
        "zh": "单个样本的梯度围绕真实梯度的离散程度（每个分量的标准差）。B 个样本的批量的离散程度为 σ₁/√B。",
    },
    "noise.batches": {"en": "Batch sizes B", "zh": "批量大小 B"},
    "noise.batches_help": {
        "en": "Up to {max} batch sizes, overlaid.",
        "zh": "最多 {max} 种批量大小，叠加显示。",
    },
    "noise.no_batches": {"en": "Choose at least one batch size.", "zh": "请至少选择一种批量大小。"},
    "noise.unit": {"en": "batch sizes", "zh": "批量大小"},
    "noise.sweep_unit": {"en": "batch sizes of the learning-rate sweep", "zh": "学习率扫描中的批量大小"},
    "noise.lower": {"en": "use fewer steps, seeds or batch sizes, or a cheaper surface or optimizer",
                    "zh": "减少步数、种子数或批量大小的个数，或换用计算量更小的曲面或优化器"},
    "noise.seeds": {"en": "Seeds per batch size", "zh": "每种批量的随机种子数"},
    "noise.seeds_help": {
        "en": "Runs with different noise per batch size (1 to {max}); the loss band spans them.",
        "zh": "每种批量大小下使用不同噪声的运行次数（1 到 {max}）；阴影区间由这些运行构成。",
    },
    "noise.seed": {"en": "First seed", "zh": "起始种子"},
    "noise.scale": {"en": "Scale lr with batch size: lr = lr₀·B/B₀", "zh": "随批量缩放学习率：lr = lr₀·B/B₀"},
    "noise.scale_help": {
        "en": "The linear scaling rule. It keeps lr/B, and with it the spread of the iterates around the "
              "minimum, the same for every batch size, while bigger batches take bigger steps. Plot against "
              "examples seen to see the curves line up, until the rate passes the stability limit.",
        "zh": "线性缩放规则。它让 lr/B（以及迭代点在极小值附近的散布）对所有批量保持不变，同时大批量迈出更大"
              "的步子。以已见样本数为横轴，可以看到各条曲线重合，直到学习率超过稳定极限。",
    },
    "noise.base": {"en": "Base batch size B₀ (uses lr₀)", "zh": "基准批量 B₀（使用 lr₀）"},
    "noise.base_help": {
        "en": "The batch size whose learning rate is lr₀.",
        "zh": "学习率为 lr₀ 的那个批量大小。",
    },
    "noise.xaxis": {"en": "Loss against", "zh": "损失的横轴"},
    "noise.xaxis.steps": {"en": "steps", "zh": "步数"},
    "noise.xaxis.examples": {"en": "examples seen (steps × B)", "zh": "已见样本数（步数 × B）"},
    "noise.fig.minimum": {"en": "minimum", "zh": "极小值"},
    "noise.fig.start": {"en": "start", "zh": "起点"},
    "noise.fig.step": {"en": "step", "zh": "步"},
    "noise.noise_free": {"en": "noise-free path", "zh": "无噪声路径"},
    "noise.diverged": {"en": "diverged at step {step}", "zh": "在第 {step} 步发散"},
    "noise.paths_caption": {
        "en": "The first seed's path for each batch size; dotted: the same optimizer without noise (a full "
              "batch).",
        "zh": "每种批量大小下第一个种子的路径；虚线：同一优化器在无噪声（全批量）时的路径。",
    },
    "noise.paths_title": {"en": "Paths", "zh": "路径"},
    "noise.loss_axis": {"en": "loss f", "zh": "损失 f"},
    "noise.loss_title": {
        "en": "Loss: mean of {seeds} seeds, band 10–90%",
        "zh": "损失：{seeds} 个种子的均值，阴影为 10%–90% 分位区间",
    },
    "noise.loss_caption": {
        "en": "Runs that diverged are left out of the mean and the band.",
        "zh": "发散的运行不计入均值和阴影区间。",
    },
    "noise.col.batch": {"en": "Batch size B", "zh": "批量大小 B"},
    "noise.col.sigma": {"en": "Noise σ₁/√B", "zh": "噪声 σ₁/√B"},
    "noise.col.lr": {"en": "Learning rate", "zh": "学习率"},
    "noise.col.final": {"en": "Final loss (mean)", "zh": "最终损失（均值）"},
    "noise.col.deviation": {
        "en": "Distance from the noise-free path (RMS)",
        "zh": "与无噪声路径的距离（均方根）",
    },
    "noise.col.diverged": {"en": "Diverged", "zh": "发散比例"},
    "noise.col.best_lr": {"en": "Best learning rate", "zh": "最佳学习率"},
    "noise.deviation_caption": {
        "en": "Halving the noise (four times the batch) halves the distance from the noise-free path at a "
              "fixed learning rate; with the scaling rule on, the larger rate of a larger batch gives some "
              "of it back.",
        "zh": "在固定学习率下，噪声减半（批量变为四倍）会让与无噪声路径的距离减半；打开缩放规则后，大批量的"
              "较大学习率会让这一距离部分回升。",
    },
    "noise.sweep_title": {
        "en": "Which learning rate suits which batch size?",
        "zh": "哪个学习率适合哪个批量大小？",
    },
    "noise.sweep_intro": {
        "en": "For every batch size, the loss averaged over the last fifth of the run and over the seeds, "
              "at learning rates across the chosen range (missing points diverged). Stars mark the best "
              "rate.",
        "zh": "对每种批量大小，在所选范围内的各个学习率下，取运行最后五分之一的损失并对种子求平均（缺失的点"
              "表示发散）。星号标出最佳学习率。",
    },
    "noise.sweep_controls": {"en": "Learning-rate sweep", "zh": "学习率扫描"},
    "noise.lr_low": {"en": "Lowest learning rate", "zh": "最低学习率"},
    "noise.lr_high": {"en": "Highest learning rate", "zh": "最高学习率"},
    "noise.bad_range": {
        "en": "Choose a lowest learning rate below the highest.",
        "zh": "请让最低学习率低于最高学习率。",
    },
    "noise.lr_axis": {"en": "learning rate", "zh": "学习率"},
    "noise.tail_loss_axis": {"en": "loss over the last fifth", "zh": "最后五分之一的损失"},
    "noise.best": {"en": "best learning rate", "zh": "最佳学习率"},
}
