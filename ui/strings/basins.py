"""Text of the basins-of-attraction page."""

STRINGS = {
    "basins.title": {"en": "Basins of attraction", "zh": "吸引域"},
    "basins.intro": {
        "en": "Start the same optimizer from every point of a grid and colour each start by the minimum its "
              "run ends in. Where the colours meet, a tiny change of the starting point sends the run to "
              "another minimum; black starts diverged, grey ones reached no minimum within the steps given.",
        "zh": "让同一个优化器从网格上的每个点出发，按每次运行最终落入的极小值给起点着色。颜色交界处，起点"
              "的微小变化就会让运行去往另一个极小值；黑色表示发散，灰色表示在给定步数内没有到达任何极小值。",
    },
    "basins.optimizer": {"en": "Optimizer", "zh": "优化器"},
    "basins.lr": {"en": "Learning rate", "zh": "学习率"},
    "basins.more_hp": {"en": "More hyperparameters", "zh": "更多超参数"},
    "basins.steps": {"en": "Steps per run", "zh": "每次运行的步数"},
    "basins.steps_help": {
        "en": "Updates from every start (1 to {max}).",
        "zh": "每个起点的更新次数（1 到 {max}）。",
    },
    "basins.resolution": {"en": "Grid (starts per side)", "zh": "网格（每边起点数）"},
    "basins.resolution_help": {
        "en": "The map has this many starts per side: a finer grid shows finer detail and takes longer.",
        "zh": "吸引域图每边的起点数：网格越细，细节越清楚，计算也越久。",
    },
    "basins.mode": {"en": "Colour by", "zh": "着色依据"},
    "basins.mode.minimum": {"en": "Minimum reached", "zh": "到达的极小值"},
    "basins.mode.steps": {"en": "Steps to settle", "zh": "稳定所需步数"},
    "basins.mode.loss": {"en": "Final loss", "zh": "最终损失"},
    "basins.every": {"en": "Count steps every", "zh": "每隔多少步计数"},
    "basins.every_help": {
        "en": "Steps to settle are measured on every k-th step, so they are exact to k steps. Smaller k is "
              "more exact and slower; memory stays bounded either way (the grid is run in blocks).",
        "zh": "稳定步数在每 k 步记录一次的位置上测量，因此精确到 k 步。k 越小越精确但越慢；内存占用始终有界"
              "（网格分块计算）。",
    },
    "basins.tol": {"en": "Tolerance (% of the view)", "zh": "容差（视图大小的 %）"},
    "basins.tol_help": {
        "en": "A run has reached a minimum when it ends closer to it than this share of the view's longer "
              "side.",
        "zh": "若运行结束时离某个极小值的距离小于视图长边的这一比例，就算到达了该极小值。",
    },
    "basins.discover": {"en": "Find unlisted local minima", "zh": "寻找未列出的局部极小值"},
    "basins.discover_help": {
        "en": "Group the end points near no known minimum; a group becomes a local minimum when the surface "
              "is convex there and one Newton step lands within the tolerance (Rastrigin lists only its "
              "global minimum, yet has a dip near every integer point).",
        "zh": "把不靠近任何已知极小值的终点分组；若曲面在该处是凸的且一步牛顿法落在容差之内，该组就成为一个"
              "局部极小值（Rastrigin 只列出全局极小值，但在每个整数点附近都有一个凹坑）。",
    },
    "basins.unit": {"en": "rows of the map (the rows shown are spread over the whole view)",
                    "zh": "吸引域图的行（显示的行分布在整个视图上）"},
    "basins.lower": {"en": "use fewer steps or a coarser grid, count steps less often, or pick a cheaper surface "
                           "or optimizer",
                     "zh": "减少步数、使用更粗的网格、降低计步频率，或换用计算量更小的曲面或优化器"},
    "basins.minimum": {"en": "minimum", "zh": "极小值"},
    "basins.found": {"en": "local minimum found", "zh": "找到的局部极小值"},
    "basins.none": {"en": "no minimum reached", "zh": "未到达极小值"},
    "basins.diverged": {"en": "diverged", "zh": "发散"},
    "basins.more": {
        "en": "{n} minima: colours are reused, but touching basins always differ (see the table)",
        "zh": "{n} 个极小值：颜色会重复使用，但相邻的吸引域颜色总是不同（见下表）",
    },
    "basins.loss_axis": {"en": "log₁₀(final f − min f)", "zh": "log₁₀(最终 f − 最小 f)"},
    "basins.start": {"en": "start", "zh": "起点"},
    "basins.step": {"en": "step", "zh": "步"},
    "basins.ends": {"en": "basin", "zh": "吸引域"},
    "basins.path_label": {"en": "path from the clicked start", "zh": "从所点起点出发的路径"},
    "basins.click_hint": {
        "en": "Click a point of the map to draw the path that starts there.",
        "zh": "点击吸引域图上的一点，画出从该点出发的路径。",
    },
    "basins.path_caption": {
        "en": "The path from ({x}, {y}) ends at ({ex}, {ey}) after {steps} steps.",
        "zh": "从 ({x}, {y}) 出发的路径在 {steps} 步后停在 ({ex}, {ey})。",
    },
    "basins.clear_path": {"en": "Remove the path", "zh": "移除路径"},
    "basins.tol_note": {
        "en": "A start belongs to a minimum's basin when its run ends within {tol} of that minimum.",
        "zh": "若运行结束时距某极小值不超过 {tol}，该起点就属于这个极小值的吸引域。",
    },
    "basins.steps_note": {
        "en": "Steps to settle: the first recorded step after which the path stays within {tol} of where it "
              "ends, measured every {k} steps.",
        "zh": "稳定所需步数：此后路径始终停留在终点 {tol} 范围内的第一个记录步，每 {k} 步测量一次。",
    },
    "basins.col.basin": {"en": "#", "zh": "#"},
    "basins.col.where": {"en": "Ends at", "zh": "终点"},
    "basins.marks": {
        "en": "★ a known minimum, ● a local minimum the runs found.",
        "zh": "★ 已知极小值，● 运行找到的局部极小值。",
    },
    "basins.col.share": {"en": "Starts", "zh": "起点占比"},
    "basins.col.median_steps": {"en": "Median steps", "zh": "步数中位数"},
}
