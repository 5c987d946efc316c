"""Text of the Compare page's live view (drag a hyperparameter and watch the path follow)."""

STRINGS = {
    "compare.live": {"en": "Live drag", "zh": "实时拖动"},
    "compare.live_help": {
        "en": "Computes, in one vectorized run, every path a slider of one optimizer can reach, so that its "
              "path and loss curve follow the thumb while you drag. Releasing sets the value on the page.",
        "zh": "用一次向量化运行算出某个优化器的滑块所能到达的每一条轨迹，拖动时轨迹和损失曲线即时跟随滑块；"
              "松开后该值写入页面。",
    },
    "live.optimizer": {"en": "Optimizer to drag", "zh": "要拖动的优化器"},
    "live.caption": {
        "en": "Drag a slider: the {optimizer} path and its loss curve switch among {runs} runs computed at "
              "once by the NumPy engine, one per slider stop; the other optimizers stay as they are. Releasing "
              "sets the value in the sidebar and the link. The loss panel shows {loss} against the step.",
        "zh": "拖动滑块：{optimizer} 的轨迹和损失曲线在 NumPy 引擎一次算出的 {runs} 条运行之间切换，每个滑块位置一条；"
              "其他优化器保持不变。松开后该值写入侧边栏和链接。右侧面板显示 {loss} 随步数的变化。",
    },
    "live.needs_full_batch": {
        "en": "Live drag needs the full batch: with gradient noise, a batch of runs draws other noise than "
              "one run, so the paths would not be the ones the page draws. Set the batch size to the full batch.",
        "zh": "实时拖动需要全批量：有梯度噪声时，一批运行抽到的噪声与单次运行不同，轨迹就不是页面所画的那些。"
              "请把批量大小设为全批量。",
    },
    "live.cannot_run": {
        "en": "Optimizer {index} cannot run with its settings, so there is nothing to drag.",
        "zh": "优化器 {index} 以当前设置无法运行，没有可拖动的内容。",
    },
    "live.diverged": {"en": "diverged at step {step}", "zh": "第 {step} 步发散"},
    "live.final": {"en": "f = {value} after {steps} steps", "zh": "{steps} 步后 f = {value}"},
}
