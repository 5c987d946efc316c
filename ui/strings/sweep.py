"""Text of the Sweep page (its controls are shared with the random-vs-grid search page)."""

STRINGS = {
    "sweep.title": {"en": "Hyperparameter sweep", "zh": "超参数扫描"},
    "sweep.intro": {
        "en": "Every cell of the map is one run of the optimizer with the two hyperparameters of that cell, "
              "all from the same start; the whole grid runs at once. Grey cells diverged. Click a cell to "
              "see its path and loss curve and to open it on the Compare page. The default is the phase "
              "diagram of Distill's “Why Momentum Really Works”, on the book's bowl.",
        "zh": "图中的每个格子都是优化器以该格子的两个超参数、从同一起点出发的一次运行；整个网格一次算完。灰色"
              "格子表示发散。点击格子可查看它的路径和损失曲线，并在“比较优化器”页面中打开。默认视图就是 "
              "Distill《Why Momentum Really Works》（意为“动量为何真的有效”）中的相图，画在书中的碗形曲面上。",
    },
    "sweep.optimizer": {"en": "Optimizer", "zh": "优化器"},
    "sweep.axis_x": {"en": "Horizontal axis", "zh": "横轴"},
    "sweep.axis_y": {"en": "Vertical axis", "zh": "纵轴"},
    "sweep.batch_axis": {"en": "batch size", "zh": "批量大小"},
    "sweep.range_low": {"en": "from", "zh": "从"},
    "sweep.range_high": {"en": "to", "zh": "到"},
    "sweep.range_help": {"en": "Any range within [{low}, {high}].",
                         "zh": "可取 [{low}, {high}] 内的任意范围。"},
    "sweep.scale_log": {"en": "Log scale: values are spaced by equal factors.",
                        "zh": "对数刻度：相邻取值之间相差相同的倍数。"},
    "sweep.scale_linear": {"en": "Linear scale: values are spaced by equal steps.",
                           "zh": "线性刻度：相邻取值之间相差相同的步长。"},
    "sweep.cells": {"en": "Cells", "zh": "格数"},
    "sweep.cells_help": {"en": "Values along this axis, 2 to {max}.",
                         "zh": "这条轴上的取值个数，2 到 {max}。"},
    "sweep.same_axes": {"en": "Choose two different hyperparameters for the two axes.",
                        "zh": "两条轴请选择不同的超参数。"},
    "sweep.range_order": {"en": "The range of {name} must go from a smaller to a larger value.",
                          "zh": "{name} 的范围必须从较小的值到较大的值。"},
    "sweep.range_positive": {"en": "{name} is on a log scale: its range must start above 0.",
                             "zh": "{name} 使用对数刻度：范围的起点必须大于 0。"},
    "sweep.steps": {"en": "Steps per run", "zh": "每次运行的步数"},
    "sweep.steps_help": {"en": "Updates in every run (1 to {max}).",
                         "zh": "每次运行的更新次数（1 到 {max}）。"},
    "sweep.tol": {"en": "Tolerance on f − f*", "zh": "f − f* 的容差"},
    "sweep.tol_help": {
        "en": "Steps to tolerance: the first step from which the loss stays within this distance of the "
              "minimum f* until the end of the run (a run that dips in and swings out again has not "
              "converged). The Compare page counts the same way.",
        "zh": "收敛所需步数：从这一步起，直到运行结束，损失与极小值 f* 之差始终不超过该容差（进入后又摆出去的运行"
              "不算收敛）。“比较优化器”页面也按同样的方式计数。",
    },
    "sweep.more": {"en": "Start, other hyperparameters, noise", "zh": "起点、其他超参数、噪声"},
    "sweep.fixed_hp": {"en": "**Other hyperparameters** (the same in every cell)",
                       "zh": "**其他超参数**（所有格子相同）"},
    "sweep.noise_title": {"en": "**Mini-batch noise**", "zh": "**小批量噪声**"},
    "sweep.noisy": {"en": "Stochastic gradients", "zh": "随机梯度"},
    "sweep.noisy_help": {
        "en": "Add seeded Gaussian noise of standard deviation σ₁/√batch to every gradient, as a mini-batch "
              "of that size would. Always on when batch size is an axis.",
        "zh": "像使用该大小的小批量一样，给每个梯度加上标准差为 σ₁/√B（B 为批量大小）的（固定种子）高斯噪声。当批量大小"
              "是一条轴时始终开启。",
    },
    "sweep.sigma": {"en": "Noise σ₁ of a batch of one", "zh": "单个样本的噪声 σ₁"},
    "sweep.sigma_help": {"en": "A batch of B examples has noise σ₁/√B per coordinate.",
                         "zh": "B 个样本的小批量，每个坐标的噪声为 σ₁/√B。"},
    "sweep.batch": {"en": "Batch size", "zh": "批量大小"},
    "sweep.seed": {"en": "Noise seed", "zh": "噪声种子"},
    "sweep.batch_needs_noise": {
        "en": "Batch size only changes the gradient noise σ₁/√batch: set σ₁ above 0 to sweep it.",
        "zh": "批量大小 B 只改变梯度噪声 σ₁/√B：请把 σ₁ 设为大于 0 再扫描它。",
    },
    "sweep.fix_settings": {"en": "A setting in the sidebar needs a change before the map can be drawn: see the "
                                 "message there.",
                           "zh": "侧边栏中有一项设置需要修改后才能绘图：请查看那里的提示。"},
    "sweep.unit": {"en": "rows of the map", "zh": "热图的行"},
    "sweep.lower": {"en": "use fewer cells or steps, or a cheaper surface or optimizer",
                    "zh": "减少格数或步数，或换用计算量更小的曲面或优化器"},
    "sweep.legend_not_computed": {"en": "not computed (time limit)", "zh": "未计算（时间上限）"},
    "sweep.metric": {"en": "Colour by", "zh": "着色依据"},
    "sweep.metric_help": {
        "en": "Final loss: how close the last point is to the minimum. Steps to tolerance: how fast a run "
              "converges (the first step from which it stays within the tolerance). Whatever the colour, "
              "the best cell shown under the map is the one that reaches the tolerance in the fewest steps "
              "(ties: the lower final loss; if no cell reaches it, the lowest final loss). Divergence: when a "
              "run blew up. Rate (theory): the convergence rate per step that the analysis of quadratics "
              "predicts.",
        "zh": "最终损失：最后一点离极小值有多近。收敛所需步数：运行收敛得有多快（从哪一步起始终保持在容差以内）。无论按"
              "什么着色，图下方显示的最佳格子都是以最少步数达到容差的格子（步数相同时取最终损失较低者；若没有格子"
              "达到容差，则取最终损失最低的格子）。发散：运行在哪一步发散。收敛率（"
              "理论）：二次函数分析所预测的每步收敛率。",
    },
    "sweep.metric.final_loss": {"en": "Final loss", "zh": "最终损失"},
    "sweep.metric.steps_to_tol": {"en": "Steps to tolerance", "zh": "收敛所需步数"},
    "sweep.metric.divergence": {"en": "Divergence", "zh": "发散"},
    "sweep.metric.rate": {"en": "Rate (theory, quadratics)", "zh": "收敛率（理论，二次函数）"},
    "sweep.rate_unavailable": {
        "en": "The theoretical rate needs SGD on a quadratic bowl with lr and momentum as the two axes; "
              "showing the final loss instead.",
        "zh": "理论收敛率需要在二次碗形曲面上使用 SGD，并以学习率 lr 和动量 μ 作为两条轴；现改为显示最终损失。",
    },
    "sweep.theory": {"en": "Draw the theory", "zh": "绘制理论结果"},
    "sweep.theory_help": {
        "en": "On quadratic bowls only: the stability limit of (heavy-ball) momentum and the optimal learning "
              "rate and momentum. A surface is quadratic when f is a polynomial of degree 2 in x and y, so its "
              "Hessian is the same everywhere: each built-in surface says whether it is, and a formula of "
              "your own is checked symbolically. A surface that is a bowl almost everywhere, such as the "
              "valley with a cliff, gets no theory: its limits would be false there.",
        "zh": "仅适用于二次碗形曲面：（重球）动量法的稳定边界，以及最优学习率和动量。当 f 是 x、y 的二次多项式时，"
              "曲面才是二次的，其 Hessian 处处相同：每个内置曲面都标明了自己是否为二次曲面，自定义公式则由符号"
              "计算判定。几乎处处像碗、但并非二次的曲面（例如带悬崖的山谷）不绘制理论结果：那里的边界并不成立。",
    },
    "sweep.z_final_loss": {"en": "final f − f*", "zh": "最终 f − f*"},
    "sweep.z_final_loss_rel": {"en": "final f − (lowest f)", "zh": "最终 f −（最低 f）"},
    "sweep.z_steps": {"en": "steps to f − f* ≤ {tol}", "zh": "达到 f − f* ≤ {tol} 的步数"},
    "sweep.z_divergence": {"en": "diverged at step", "zh": "发散时的步数"},
    "sweep.z_rate": {"en": "rate per step (theory)", "zh": "每步收敛率（理论）"},
    "sweep.legend_diverged": {"en": "diverged", "zh": "发散"},
    "sweep.legend_diverged_line": {"en": "diverged (in the runs)", "zh": "发散（实际运行）"},
    "sweep.legend_unreached": {"en": "not within tolerance", "zh": "未达到容差"},
    "sweep.legend_stable": {"en": "did not diverge", "zh": "未发散"},
    "sweep.legend_theory_unstable": {"en": "unstable (theory)", "zh": "不稳定（理论）"},
    "sweep.legend_selected": {"en": "this cell", "zh": "当前格子"},
    "sweep.status_diverged": {"en": "(diverged at step {step})", "zh": "（第 {step} 步发散）"},
    "sweep.status_unreached": {"en": "(not within tolerance)", "zh": "（未达到容差）"},
    "sweep.summary": {
        "en": "{runs} runs ({nx} × {ny}) of {steps} steps in {seconds} s, one vectorized call; {diverged} "
              "diverged ({pct}%).",
        "zh": "{runs} 次运行（{nx} × {ny}），每次 {steps} 步，用时 {seconds} 秒，一次向量化调用；其中 "
              "{diverged} 次发散（{pct}%）。",
    },
    "sweep.f_star_unknown": {
        "en": "This surface's minimum is not known: f* is the lowest final loss of the sweep ({f}).",
        "zh": "该曲面的极小值未知：f* 取本次扫描中最低的最终损失（{f}）。",
    },
    "sweep.record_every": {
        "en": "This grid is large, so the loss is recorded every {k} steps: steps to tolerance are exact to "
              "{k} steps.",
        "zh": "网格较大，损失每 {k} 步记录一次：收敛所需步数精确到 {k} 步。",
    },
    "sweep.theory_limit": {"en": "stability limit lr = 2(1+μ)/λmax", "zh": "稳定边界 lr = 2(1+μ)/λmax"},
    "sweep.theory_nesterov_limit": {"en": "stability limit lr = 2(1+μ)/((1+2μ)λmax)",
                                    "zh": "稳定边界 lr = 2(1+μ)/((1+2μ)λmax)"},
    "sweep.theory_fixed_limit": {"en": "stability limit lr = {lr} (μ = {mu})",
                                 "zh": "稳定边界 lr = {lr}（μ = {mu}）"},
    "sweep.theory_gd_limit": {"en": "GD limit 2/λmax = {lr}", "zh": "梯度下降边界 2/λmax = {lr}"},
    "sweep.theory_gd_best": {"en": "best GD lr 2/(λmin+λmax) = {lr}",
                             "zh": "梯度下降最优 lr 2/(λmin+λmax) = {lr}"},
    "sweep.theory_hb_best": {"en": "best momentum (lr {lr}, μ {mu})", "zh": "最优动量（lr {lr}，μ {mu}）"},
    "sweep.theory_eig": {
        "en": "**A quadratic bowl.** Hessian eigenvalues λmin = {lmin}, λmax = {lmax}; condition number κ = "
              "{kappa}.",
        "zh": "**二次碗形曲面。** Hessian 特征值 λmin = {lmin}，λmax = {lmax}；条件数 κ = {kappa}。",
    },
    "sweep.theory_gd": {
        "en": "Plain gradient descent is stable for lr < 2/λmax = {limit} and fastest at lr = 2/(λmin+λmax) "
              "= {best}, where the error shrinks by {rate} per step.",
        "zh": "普通梯度下降在 lr < 2/λmax = {limit} 时稳定，在 lr = 2/(λmin+λmax) = {best} 时最快，此时误差每"
              "步缩小为原来的 {rate} 倍。",
    },
    "sweep.theory_hb": {
        "en": "Heavy-ball momentum (b = μb + ∇f, θ −= lr·b) is stable for lr < 2(1+μ)/λmax and fastest at "
              "lr* = (2/(√λmax+√λmin))² = {lr}, μ* = ((√κ−1)/(√κ+1))² = {mu}: the error shrinks by {rate} "
              "per step.",
        "zh": "重球动量法（b = μb + ∇f，θ −= lr·b）在 lr < 2(1+μ)/λmax 时稳定，在 lr* = (2/(√λmax+√λmin))² = "
              "{lr}、μ* = ((√κ−1)/(√κ+1))² = {mu} 时最快：误差每步缩小为原来的 {rate} 倍。",
    },
    "sweep.theory_nesterov": {
        "en": "With Nesterov momentum the stability limit is lower: lr < 2(1+μ)/((1+2μ)λmax).",
        "zh": "使用 Nesterov 动量时稳定边界更低：lr < 2(1+μ)/((1+2μ)λmax)。",
    },
    "sweep.theory_sweep_best": {
        "en": "The sweep's best cell (shown below): {x} = {xv}, {y} = {yv}, within {tol} of the minimum "
              "from step {steps} on.",
        "zh": "本次扫描的最佳格子（见下方）：{x} = {xv}，{y} = {yv}，从第 {steps} 步起与极小值的差距保持在 {tol} "
              "以内。",
    },
    "sweep.theory_sweep_best_unreached": {
        "en": "No cell of the sweep stays within {tol} of the minimum; the best cell (shown below) is the "
              "one with the lowest final loss: {x} = {xv}, {y} = {yv}.",
        "zh": "本次扫描中没有格子能保持在极小值 {tol} 以内；最佳格子（见下方）是最终损失最低的格子：{x} = {xv}，"
              "{y} = {yv}。",
    },
    "sweep.theory_sgd_only": {
        "en": "A quadratic bowl (eigenvalues {lmin} and {lmax}); the theory lines are drawn for SGD without "
              "dampening, with the learning rate as an axis.",
        "zh": "这是二次碗形曲面（特征值 {lmin} 和 {lmax}）；理论曲线只针对动量阻尼 τ = 0 的 SGD，且学习率须为一条轴。",
    },
    "sweep.click_hint": {"en": "Click any cell of the map to see its run.",
                         "zh": "点击图中任意格子即可查看该次运行。"},
    "sweep.cell_label": {"en": "{x} = {xv}, {y} = {yv}", "zh": "{x} = {xv}，{y} = {yv}"},
    "sweep.best_cell": {"en": "Best cell", "zh": "最佳格子"},
    "sweep.selected_cell": {"en": "Selected cell", "zh": "选中的格子"},
    "sweep.clear_cell": {"en": "Back to the best cell", "zh": "回到最佳格子"},
    "sweep.step": {"en": "step", "zh": "步数"},
    "sweep.loss_gap": {"en": "f − f*", "zh": "f − f*"},
    "sweep.tol_line": {"en": "tolerance", "zh": "容差"},
    "sweep.diverged_note": {"en": "diverged at step {step}", "zh": "第 {step} 步发散"},
    "sweep.cell_diverged": {"en": "This run diverged at step {step}.", "zh": "该运行在第 {step} 步发散。"},
    "sweep.cell_final": {"en": "Final loss {loss} (f − f* = {gap}).",
                         "zh": "最终损失 {loss}（f − f* = {gap}）。"},
    "sweep.cell_reached": {"en": "Within {tol} of the minimum from step {steps} on.",
                           "zh": "从第 {steps} 步起与极小值的差距保持在 {tol} 以内。"},
    "sweep.cell_unreached": {"en": "Not within {tol} of the minimum at the end.",
                             "zh": "结束时与极小值的差距仍未进入 {tol} 以内。"},
    "sweep.cell_noise": {"en": "Gradient noise of this cell: σ = {sigma}.",
                         "zh": "该格子的梯度噪声：σ = {sigma}。"},
    "sweep.open_compare": {"en": "Open this run on the Compare page", "zh": "在“比较优化器”页面中打开该运行"},
    "sweep.compare_note": {
        "en": "The Compare page runs at most {steps} steps and draws its own noise from the batch size it "
              "offers nearest to this cell's noise.",
        "zh": "“比较优化器”页面最多运行 {steps} 步，并按与该格子噪声最接近的可选批量大小自行生成噪声。",
    },
}
