"""Text of the Search page's third strategy (TPE), its best-so-far chart and the notes' tuning advice."""

STRINGS = {
    "search.method.tpe": {"en": "TPE (Bayesian)", "zh": "TPE（贝叶斯优化）"},
    "search.legend.tpe_start": {"en": "TPE: random start ({n})", "zh": "TPE：随机起步（{n} 次）"},
    "search.legend.tpe_model": {"en": "TPE: chosen by its model ({n})", "zh": "TPE：由模型选出（{n} 次）"},
    "search.legend.best_tpe": {"en": "best of TPE", "zh": "TPE 的最佳点"},
    "search.tpe_hover": {"en": "{trial}<br>TPE trial {k}", "zh": "{trial}<br>TPE 第 {k} 次试验"},
    "search.tpe_unit": {"en": "TPE trials", "zh": "TPE 试验"},
    "search.tpe_lower_refused": {
        "en": "give TPE fewer trials or steps, or a cheaper surface or optimizer (TPE runs its trials in rounds, "
              "one after another, so it costs more than grid and random search, which ran)",
        "zh": "减少 TPE 的试验次数或步数，或换用计算量更小的曲面或优化器（TPE 要一轮接一轮地运行试验，所以比已经"
              "运行的网格搜索和随机搜索代价更高）",
    },
    "search.tpe.refused": {
        "en": "**This run:** TPE did not run: it would not fit in its share of the time (see the notice at the "
              "top of the page).",
        "zh": "**本次运行：**TPE 没有运行：它在分给它的时间内无法完成（见页面顶部的提示）。",
    },
    "search.best.title": {"en": "**Best so far, trial by trial**", "zh": "**逐次试验的当前最佳值**"},
    "search.best.x": {"en": "trials", "zh": "试验次数"},
    "search.best.model_starts": {"en": "TPE's model starts", "zh": "TPE 的模型开始工作"},
    "search.best.caption": {
        "en": "The best value each strategy had found after each trial (lower is better; a line starts at its "
              "first trial that succeeded). Grid trials count in the order they run, spread over the grid "
              "(coarse first): a grid covers the box only once all its trials ran.",
        "zh": "每种方法在每次试验之后找到的最佳值（越低越好；曲线从该方法第一次成功的试验开始）。网格的试验按运行"
              "顺序计数，即分散在整个网格上、先粗后细：网格要等所有试验都运行完才覆盖整个范围。",
    },
    "search.best.caption_model": {
        "en": "TPE's first {start} trials are random search's first {start} (its random start), so those two "
              "lines agree up to the dotted line; from there on, TPE's model chooses each trial from the results "
              "before it.",
        "zh": "TPE 的前 {start} 次试验就是随机搜索的前 {start} 次（它的随机起步），所以这两条曲线在虚线之前完全一"
              "致；从虚线开始，TPE 的模型根据之前的结果选择每一次试验。",
    },
    "search.best.caption_start": {
        "en": "TPE ran only its random start here, random search's first {m} trials, so its line is random "
              "search's.",
        "zh": "这里 TPE 只运行了它的随机起步，即随机搜索的前 {m} 次试验，所以它的曲线就是随机搜索的曲线。",
    },
    "search.tpe.better": {
        "en": "**This run:** TPE's best ({tpe}, {m} trials) beats random search's ({rand}, {n} trials).",
        "zh": "**本次运行：**TPE 的最佳值（{tpe}，{m} 次试验）优于随机搜索的最佳值（{rand}，{n} 次试验）。",
    },
    "search.tpe.worse": {
        "en": "**This run:** random search's best ({rand}, {n} trials) beats TPE's ({tpe}, {m} trials): its "
              "model did not pay off here.",
        "zh": "**本次运行：**随机搜索的最佳值（{rand}，{n} 次试验）优于 TPE 的最佳值（{tpe}，{m} 次试验）：这里"
              "它的模型没有带来收益。",
    },
    "search.tpe.tie": {
        "en": "**This run:** TPE and random search found equally good settings ({tpe} with {m} trials, {rand} "
              "with {n}).",
        "zh": "**本次运行：**TPE 与随机搜索找到的设置一样好（TPE {m} 次试验得到 {tpe}，随机搜索 {n} 次试验得到 "
              "{rand}）。",
    },
    "search.tpe.tie_tol": {
        "en": "**This run:** TPE ({tpe}, {m} trials) and random search ({rand}, {n} trials) both got within the "
              "tolerance {tol}: as good as each other for this purpose.",
        "zh": "**本次运行：**TPE（{tpe}，{m} 次试验）与随机搜索（{rand}，{n} 次试验）都达到了容差 {tol} 以内：就"
              "此目的而言二者一样好。",
    },
    "search.tpe.matched": {
        "en": "TPE reached random search's final best after {k} of its {m} trials.",
        "zh": "TPE 在其 {m} 次试验中的第 {k} 次就达到了随机搜索最终的最佳值。",
    },
    "search.tpe.matched_start": {
        "en": "Random search found its final best at trial {k}, in the random start it shares with TPE; its "
              "other {rest} trials did not improve on it.",
        "zh": "随机搜索在第 {k} 次试验就找到了它最终的最佳值，这还在它与 TPE 共享的随机起步之内；它之后的 {rest} "
              "次试验都没有再改进。",
    },
    "search.tpe.only_random": {
        "en": "**This run:** with N = {n} trials TPE never leaves its random start (the first {start} trials are "
              "random search's), so here it is random search. Give it more than {start} trials to see its model "
              "at work.",
        "zh": "**本次运行：**只有 N = {n} 次试验时，TPE 不会离开它的随机起步（前 {start} 次试验就是随机搜索的），"
              "所以这里它就是随机搜索。试验次数超过 {start} 次才能看到它的模型发挥作用。",
    },
    "search.tpe.only_start_ran": {
        "en": "**This run:** within its share of the time TPE ran only its random start ({m} trials, random "
              "search's first {m}), so its model never chose a trial.",
        "zh": "**本次运行：**在分给它的时间内，TPE 只运行了它的随机起步（{m} 次试验，即随机搜索的前 {m} 次），"
              "它的模型一次试验也没有选。",
    },
    "search.tpe.none": {
        "en": "**This run:** no trial of random search or of TPE succeeded.",
        "zh": "**本次运行：**随机搜索和 TPE 的试验都没有成功。",
    },
    "search.cost.batch": {
        "en": "**Cost.** Grid and random search ran their {n} trials as one vectorized batch: {seconds} s of "
              "CPU.",
        "zh": "**计算代价。**网格搜索和随机搜索把它们的 {n} 次试验作为一个向量化批次运行：用去 {seconds} 秒 CPU "
              "时间。",
    },
    "search.cost.tpe": {
        "en": "TPE ran its trials in {rounds} rounds, one after another, since each round waits for the results "
              "of the ones before it: {seconds} s of CPU, {sampler} s of it in Optuna's sampler.",
        "zh": "TPE 分 {rounds} 轮依次运行它的试验，因为每一轮都要等之前各轮的结果：用去 {seconds} 秒 CPU 时间，"
              "其中 {sampler} 秒花在 Optuna 的采样器上。",
    },
    "search.tpe.where": {
        "en": "**Where does a Bayesian method help?** The notes name Spearmint, SMAC and Hyperopt (whose "
              "algorithm TPE is): they weigh exploring untried regions against exploiting good ones, yet in "
              "practice, on convolutional networks, they rarely do better than random search over a carefully "
              "chosen range. On these smooth two-hyperparameter maps TPE usually does better than random search "
              "with the same budget, most of all when the budget is small and the box wide; as the budget grows, "
              "or once coarse to fine has narrowed the box, random search catches up (this page's tests measure "
              "both over a dozen seeds). And random search runs all its trials at once, where TPE waits for each "
              "round's results.",
        "zh": "**贝叶斯方法在什么情况下有用？**笔记提到了 Spearmint、SMAC 和 Hyperopt（TPE 就是 Hyperopt 的算法）："
              "它们在探索未尝试的区域与利用已知的好区域之间进行权衡，但在卷积神经网络的实践中，它们很难比在精心"
              "选择的范围内做随机搜索效果更好。在这些平滑的、只有两个超参数的地形图上，同样的预算下 TPE 通常比随"
              "机搜索好，预算小、范围宽时尤其明显；随着预算增加，或者由粗到细的搜索把范围缩小之后，随机搜索就会"
              "追上来（本页的测试在十几个种子上测量了这两点）。而且随机搜索可以一次运行全部试验，TPE 却要等每一轮"
              "的结果。",
    },
    "search.log_scale": {
        "en": "**Log scale.** Random search draws {name} as 10^U(a, b), and TPE models it on the same scale, as "
              "the notes advise: a learning rate multiplies the gradient, so what matters is the factor by which "
              "it changes (adding 0.01 is a lot at 0.001 and nothing at 10). Here {k} of random search's {n} "
              "trials have {name} below {mid}, the middle of the box on the log scale; a uniform draw would be "
              "expected to put {expected} there, since {low} to {mid} is only {pct} % of the range.",
        "zh": "**对数尺度。**随机搜索按 10^U(a, b) 抽取 {name}，TPE 也在同一尺度上建模，这正是笔记的建议：学习率"
              "是乘在梯度上的，所以重要的是它变化的倍数（在 0.001 时加上 0.01 影响很大，在 10 时几乎没有影响）。"
              "这里随机搜索的 {n} 次试验中有 {k} 次的 {name} 小于 {mid}（对数尺度上范围的中点）；如果均匀抽取，"
              "预计只有 {expected} 次落在那里，因为从 {low} 到 {mid} 只占整个区间的 {pct}%。",
    },
    "search.linear_scales": {
        "en": "**Scales.** Both hyperparameters here, {x} and {y}, are searched on a linear scale. The notes "
              "search learning rates and regularization strengths on a log scale (lr = 10^U(a, b)), since they "
              "act by multiplying, and others, such as dropout, on a linear one.",
        "zh": "**尺度。**这里的两个超参数 {x} 和 {y} 都在线性尺度上搜索。笔记建议在对数尺度上搜索学习率和正则化"
              "强度（lr = 10^U(a, b)），因为它们的作用是相乘的；其他超参数（例如 dropout）则在线性尺度上搜索。",
    },
    "search.short_runs": {
        "en": "**Coarse to fine, short runs first.** Of the map's {cells} settings, {d} diverged within {steps} "
              "steps, {early} of them by step {short}: runs {factor} times shorter would have ruled those out "
              "for 1/{factor} of the cost. The notes: search a coarse range with short runs first, then zoom in "
              "on the best and allow longer runs in the finer box.",
        "zh": "**由粗到细，先跑短的。**地形图的 {cells} 个设置中，有 {d} 个在 {steps} 步内发散，其中 {early} 个在"
              "第 {short} 步之前就已发散：只用 1/{factor} 的步数运行，就能以 1/{factor} 的代价排除它们。笔记的建"
              "议：先用短的运行在粗略的范围内搜索，再围绕最佳点放大，在更细的范围内运行更长的时间。",
    },
    "search.short_runs_none": {
        "en": "**Coarse to fine, short runs first.** None of the map's {cells} settings diverged within {steps} "
              "steps. The notes: search a coarse range with short runs first (in a wide range many settings learn "
              "nothing or blow up, and a short run shows it), then zoom in on the best and allow longer runs in "
              "the finer box.",
        "zh": "**由粗到细，先跑短的。**地形图的 {cells} 个设置在 {steps} 步内都没有发散。笔记的建议：先用短的运行"
              "在粗略的范围内搜索（范围很宽时，许多设置什么也学不到或者损失突然变得很大，短的运行就能看出来），"
              "再围绕最佳点放大，在更细的范围内运行更长的时间。",
    },
}
