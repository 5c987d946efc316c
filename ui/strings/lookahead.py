"""Nesterov's ball and its look-ahead point in Compare's animation (issue #14, lesson 5)."""

STRINGS = {
    "compare.fig.ball": {
        "en": "Nesterov: ball θ (○); the marker is the look-ahead point θ + μv, where ∇f is taken",
        "zh": "Nesterov：小球 θ（○）；实心点是前瞻点 θ + μv，梯度在此处计算",
    },
}
