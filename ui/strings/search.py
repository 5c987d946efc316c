"""Text of the random-vs-grid search page."""

STRINGS = {
    "search.title": {"en": "Random vs grid search", "zh": "随机搜索与网格搜索"},
    "search.intro": {
        "en": "The notes' advice on tuning, tried out: search the learning rate on a log scale, prefer "
              "random search to grid search, beware a best value on the border of the range, go from coarse "
              "to fine with short runs first, and see where a Bayesian method (Optuna's TPE) helps. The three "
              "strategies get the same budget of trials over the same box, drawn on the map of every setting.",
        "zh": "把笔记中关于调参的建议付诸实践：在对数尺度上搜索学习率；随机搜索优于网格搜索；当心最优值落在搜"
              "索范围的边界上；先用短的运行由粗到细地搜索；再看贝叶斯方法（Optuna 的 TPE）在哪里有用。三种方法"
              "在同一个范围内使用同样多的试验次数，并画在所有设置的地形图上。",
    },
    "search.n": {"en": "Trials per method (N)", "zh": "每种方法的试验次数（N）"},
    "search.n_help": {
        "en": "The same budget for all three: a grid of about √N × √N, N random samples, or N trials of TPE "
              "(1 to {max}).",
        "zh": "三种方法预算相同：约 √N × √N 的网格、N 个随机样本，或 TPE 的 N 次试验（1 到 {max}）。",
    },
    "search.trial_seed": {"en": "Seed (random search and TPE)", "zh": "种子（随机搜索与 TPE）"},
    "search.trial_seed_help": {
        "en": "The same seed draws the same samples: log-uniform on log-scale axes (lr = 10^U(a, b)), "
              "uniform on the others. TPE starts from random search's first 10 samples and its sampler uses "
              "the same seed, so a link reproduces every trial.",
        "zh": "相同的种子抽取相同的样本：对数刻度的轴上按对数均匀分布（lr = 10^U(a, b)），其他轴上均匀分布。"
              "TPE 从随机搜索的前 10 个样本开始，它的采样器也使用同一个种子，因此一个链接能重现每一次试验。",
    },
    "search.objective": {"en": "Best means lowest", "zh": "评价指标（越低越好）"},
    "search.res": {"en": "Background map (cells per side)", "zh": "背景地形图（每边格数）"},
    "search.res_help": {
        "en": "The map behind the trials is a full sweep of the box: what an exhaustive search would see.",
        "zh": "试验点背后的地形图是对整个范围的完整扫描：即穷举搜索所能看到的结果。",
    },
    "search.zoom": {"en": "Zoom per stage", "zh": "每阶段放大倍数"},
    "search.zoom_help": {
        "en": "Coarse to fine: the next box is this many times narrower on each axis (on its own scale), "
              "centred on the best trial.",
        "zh": "由粗到细：下一个搜索范围在每条轴上（按各自的刻度）缩小这么多倍，并以最佳试验为中心。",
    },
    "search.zoom_on": {"en": "Zoom around the best of", "zh": "围绕以下方法的最佳点放大"},
    "search.method.grid": {"en": "grid search", "zh": "网格搜索"},
    "search.method.random": {"en": "random search", "zh": "随机搜索"},
    "search.unit": {"en": "trials", "zh": "试验"},
    "search.lower": {"en": "use fewer trials or steps, or a cheaper surface or optimizer",
                     "zh": "减少试验次数或步数，或换用计算量更小的曲面或优化器"},
    "search.background_unit": {"en": "rows of the background map", "zh": "背景地形图的行"},
    "search.background_lower": {"en": "use a smaller background map or fewer steps, or a cheaper surface or "
                                      "optimizer",
                                "zh": "缩小背景地形图或减少步数，或换用计算量更小的曲面或优化器"},
    "search.legend.grid": {"en": "grid ({n} trials)", "zh": "网格（{n} 次试验）"},
    "search.legend.random": {"en": "random ({n} trials)", "zh": "随机（{n} 次试验）"},
    "search.legend.best_grid": {"en": "best of the grid", "zh": "网格的最佳点"},
    "search.legend.best_random": {"en": "best of random search", "zh": "随机搜索的最佳点"},
    "search.legend.next_box": {"en": "next, finer box", "zh": "下一个更细的范围"},
    "search.trial_hover": {"en": "{method}<br>{x} = {xv}<br>{y} = {yv}<br>{value}",
                           "zh": "{method}<br>{x} = {xv}<br>{y} = {yv}<br>{value}"},
    "search.failed": {"en": "diverged or did not converge", "zh": "发散或未收敛"},
    "search.stage": {"en": "Stage {stage} of the coarse-to-fine search.",
                     "zh": "由粗到细搜索的第 {stage} 阶段。"},
    "search.background": {"en": "The map is a {res} × {res} sweep ({runs} runs) of the same box.",
                          "zh": "地形图是对同一范围的 {res} × {res} 扫描（{runs} 次运行）。"},
    "search.bergstra": {
        "en": "**Why random search?** (Bergstra & Bengio, 2012) A grid of N = {n} trials ({nx} × {ny} = "
              "{used}) tries only {nx} values of {x} and {ny} of {y}; N random trials try N different values "
              "of each. When only one of the two hyperparameters matters, the grid has wasted most of its "
              "budget repeating the same few values of it.",
        "zh": "**为什么用随机搜索？**（Bergstra 与 Bengio，2012）N = {n} 次试验的网格（{nx} × {ny} = {used}）"
              "只试了 {x} 的 {nx} 个值和 {y} 的 {ny} 个值；而 N 次随机试验对每个超参数都试了 N 个不同的值。当"
              "两个超参数中只有一个重要时，网格的大部分预算都浪费在重复试验它的少数几个取值上。",
    },
    "search.col.method": {"en": "method", "zh": "方法"},
    "search.col.trials": {"en": "trials", "zh": "试验次数"},
    "search.col.distinct": {"en": "distinct {name}", "zh": "不同的 {name} 取值数"},
    "search.col.best": {"en": "best", "zh": "最佳值"},
    "search.col.border": {"en": "on border", "zh": "在边界上"},
    "search.yes": {"en": "yes", "zh": "是"},
    "search.no": {"en": "no", "zh": "否"},
    "search.none_converged": {"en": "none converged", "zh": "均未收敛"},
    "search.all_failed": {"en": "No trial of {method} converged: widen or move the box, or allow more steps.",
                          "zh": "{method}的试验没有一次收敛：请扩大或移动搜索范围，或增加步数。"},
    "search.border_low": {
        "en": "The best of {method} has {name} = {value}, on the lower edge of the box ({edge}): better "
              "values may lie below it. Widen the range downwards, or zoom in, which centres the next box on "
              "it.",
        "zh": "{method}的最佳点 {name} = {value}，位于范围的下边界（{edge}）：更好的值可能在其下方。请向下扩"
              "大范围，或放大（下一个范围会以它为中心）。",
    },
    "search.border_high": {
        "en": "The best of {method} has {name} = {value}, on the upper edge of the box ({edge}): better "
              "values may lie above it. Widen the range upwards, or zoom in, which centres the next box on "
              "it.",
        "zh": "{method}的最佳点 {name} = {value}，位于范围的上边界（{edge}）：更好的值可能在其上方。请向上扩"
              "大范围，或放大（下一个范围会以它为中心）。",
    },
    "search.zoom_button": {"en": "Zoom in × {factor}", "zh": "放大 {factor} 倍"},
    "search.zoom_button_help": {"en": "Next stage: a narrower box centred on the best of {method}.",
                                "zh": "下一阶段：以{method}的最佳点为中心的更小范围。"},
    "search.reset": {"en": "Back to the coarse box", "zh": "回到最初的粗略范围"},
    "search.next_box": {"en": "Next box: {x} from {xl} to {xh}, {y} from {yl} to {yh}.",
                        "zh": "下一个范围：{x} 从 {xl} 到 {xh}，{y} 从 {yl} 到 {yh}。"},
    "search.projection_title": {"en": "**One hyperparameter at a time**", "zh": "**每次只看一个超参数**"},
    "search.projection_caption": {
        "en": "Each trial's result against one hyperparameter. The grid's trials stack in a few columns; the "
              "random trials spread along the whole axis, so they show more of how the result depends on it.",
        "zh": "每次试验的结果相对于单个超参数的分布。网格的试验堆叠在少数几列上；随机试验则散布在整条轴上，因"
              "而更能显示结果如何依赖于该超参数。",
    },
}
