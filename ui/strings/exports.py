"""Text of the Compare page's downloads (the CSV's header, the HTML page, the PNG), in English and
Simplified Chinese.  Plain text, not Markdown: it goes into files, where a reader sees it as written.
Column names of the CSV stay English (they are data); what explains them follows the language."""

STRINGS = {
    "exports.title": {
        "en": "Descent Lab — comparing optimizers on {surface}",
        "zh": "Descent Lab — 比较优化器：{surface}",
    },
    "exports.view": {"en": "The view", "zh": "视图"},
    "exports.colon": {"en": ": ", "zh": "："},
    "exports.start_value": {"en": "({x}, {y})", "zh": "({x}, {y})"},
    "exports.noise_value": {
        "en": "{batch} (noise σ = {sigma} per gradient component, seed {seed})",
        "zh": "{batch}（每个梯度分量的噪声 σ = {sigma}，随机种子 {seed}）",
    },
    "exports.on": {"en": "on", "zh": "开"},
    "exports.off": {"en": "off", "zh": "关"},
    "exports.run": {"en": "Run", "zh": "运行结果"},
    "exports.ran": {"en": "ran all {steps} steps", "zh": "完成全部 {steps} 步"},
    "exports.diverged": {
        "en": "diverged numerically at step {step} (x, y or f no longer a finite number): it stops at its "
              "last good point (step {last})",
        "zh": "第 {step} 步数值发散（x、y 或 f 不再是有限数）：轨迹停在最后一个有效点（第 {last} 步）",
    },
    "exports.left_view": {
        "en": "ran all {steps} steps, outside the view from step {step} on",
        "zh": "完成全部 {steps} 步，从第 {step} 步起一直在视图之外",
    },
    "exports.no_point": {
        "en": "no valid point: f is not finite at the start",
        "zh": "没有有效点：f 在起点处不是有限值",
    },
    "exports.not_run": {"en": "did not run: {reason}", "zh": "未能运行：{reason}"},
    "exports.link": {
        "en": "Link that reopens this view in Descent Lab",
        "zh": "在 Descent Lab 中重新打开本视图的链接",
    },
    "exports.csv.about": {
        "en": "Trajectories, one row per optimizer and step. Lines starting with # are this header: "
              "read the table with pandas.read_csv(path, comment=\"#\").",
        "zh": "轨迹，每个优化器每一步一行。以 # 开头的行是这段说明：用 pandas.read_csv(path, comment=\"#\") "
              "读取表格。",
    },
    "exports.csv.columns": {"en": "Columns", "zh": "各列"},
    "exports.csv.col.optimizer": {
        "en": "the optimizer, as in the legend (its settings are above)",
        "zh": "优化器，与图例相同（其设置见上）",
    },
    "exports.csv.col.step": {"en": "the step (0 is the start)", "zh": "步数（0 为起点）"},
    "exports.csv.col.x": {"en": "the point's x", "zh": "该点的 x"},
    "exports.csv.col.y": {"en": "the point's y", "zh": "该点的 y"},
    "exports.csv.col.loss": {"en": "the loss f(x, y) there", "zh": "该点的损失 f(x, y)"},
    "exports.csv.col.lr": {
        "en": "the learning rate of the update that leaves the point (schedule included); empty on a run's "
              "last row, also when that update diverged",
        "zh": "离开该点的那次更新所用的学习率（含调度）；每次运行的最后一行为空，发散的那次更新也是如此",
    },
    "exports.csv.col.grad_norm": {"en": "the gradient's length |∇f(x, y)|", "zh": "梯度的长度 |∇f(x, y)|"},
    "exports.csv.col.evaluations": {
        "en": "evaluations of f and ∇f so far (one per step; more for L-BFGS, whose step searches along a line)",
        "zh": "到该步为止计算 f 与 ∇f 的次数（每步一次；L-BFGS 更多，因为它的每一步都要沿一条直线搜索）",
    },
    "exports.csv.col.diverged": {
        "en": "True on every row of a run that diverged (it stops at its last good point)",
        "zh": "发散的运行的每一行都为 True（轨迹停在最后一个有效点）",
    },
    "exports.html.figure": {
        "en": "▶ plays the runs; the slider scrubs through the steps. The camera button at the top right of "
              "the figure saves it as a PNG.",
        "zh": "▶ 播放各次运行；滑块可逐步查看。图表右上角的相机按钮可将其保存为 PNG。",
    },
    "exports.csv_help": {
        "en": "One row per optimizer and step (optimizer, step, x, y, loss, lr, grad_norm, evaluations, "
              "diverged), under a header of # lines with the surface, every optimizer's settings and the link "
              "to this view.",
        "zh": "每个优化器每一步一行（`optimizer`、`step`、`x`、`y`、`loss`、`lr`、`grad_norm`、`evaluations`、"
              "`diverged`），上方以 # 开头的几行写明曲面、每个优化器的设置和本视图的链接。",
    },
    "exports.html_help": {
        "en": "The figure with its animation, the surface, every optimizer's settings and the link to this "
              "view, as one HTML file (about 5 MB) that opens in any browser without internet.",
        "zh": "包含动画的图表、曲面、每个优化器的设置和本视图的链接，保存为一个 HTML 文件（约 5 MB），无需联网"
              "即可在任何浏览器中打开。",
    },
    "exports.png": {
        "en": "Picture (PNG, {width} × {height}): the camera button at the top right of the chart above saves "
              "it as you see it now (the step shown, the zoom), drawn by your browser.",
        "zh": "图片（PNG，{width} × {height}）：上方图表右上角的相机按钮会把图表按你现在看到的样子（当前步数、"
              "缩放）保存下来，由你的浏览器绘制。",
    },
}
