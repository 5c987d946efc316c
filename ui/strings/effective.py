"""The effective learning rate of each coordinate, drawn over the learning-rate panel of Compare
(issue 14, lesson 1: AdaGrad's fading step)."""

STRINGS = {
    "compare.fig.effective_x": {"en": "effective rate, x", "zh": "有效学习率，x"},
    "compare.fig.effective_y": {"en": "effective rate, y", "zh": "有效学习率，y"},
}
