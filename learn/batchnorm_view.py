r"""Batch normalization's algorithm as the pages show it, and what a trained network's batch norm holds.

Training (over a mini-batch :math:`B = \{x_1,\dots,x_m\}`, per unit):

.. math::
    \mu_B = \frac1m\sum_i x_i,\quad \sigma_B^2 = \frac1m\sum_i (x_i-\mu_B)^2,\quad
    \hat x_i = \frac{x_i-\mu_B}{\sqrt{\sigma_B^2+\varepsilon}},\quad y_i = \gamma\hat x_i + \beta

and the running averages :math:`\mu \leftarrow m_r\mu + (1-m_r)\mu_B`,
:math:`\sigma^2 \leftarrow m_r\sigma^2 + (1-m_r)\sigma_B^2` (momentum :math:`m_r`).  At test time the
batch's statistics are replaced by the running averages, so a prediction does not depend on the other
inputs of its batch.  The constants are those of :mod:`learn.layers`, the code that trains.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from learn import layers
from learn.activations import activate
from learn.mlp import Architecture, Params

TRAIN_LATEX = (r"\mu_B = \frac{1}{m}\sum_{i=1}^{m} x_i \qquad "
               r"\sigma_B^2 = \frac{1}{m}\sum_{i=1}^{m} (x_i - \mu_B)^2 \qquad "
               r"\hat{x}_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \varepsilon}} \qquad "
               r"y_i = \gamma\,\hat{x}_i + \beta")
RUNNING_LATEX = (r"\bar{\mu} \leftarrow " + f"{layers.BN_MOMENTUM:g}" + r"\,\bar{\mu} + "
                 + f"{1 - layers.BN_MOMENTUM:g}" + r"\,\mu_B \qquad \bar{\sigma}^2 \leftarrow "
                 + f"{layers.BN_MOMENTUM:g}" + r"\,\bar{\sigma}^2 + " + f"{1 - layers.BN_MOMENTUM:g}"
                 + r"\,\sigma_B^2")
TEST_LATEX = r"y = \gamma\,\frac{x - \bar{\mu}}{\sqrt{\bar{\sigma}^2 + \varepsilon}} + \beta"


class LayerReport(NamedTuple):
    """One batch-norm layer of a trained network (statistics over its units).

    ``gamma``/``beta`` are (mean, min, max) of the learned γ and β; ``running_var`` the mean running
    variance; ``data_var`` the mean variance the layer's input has over the whole training set with the
    current weights; ``mean_gap`` the largest |running μ − μ of the training set| over the units,
    and ``data_std`` the mean std of the input, to judge that gap by.
    """

    layer: int
    gamma: tuple[float, float, float]
    beta: tuple[float, float, float]
    running_var: float
    data_var: float
    mean_gap: float
    data_std: float


def _spread(v: np.ndarray) -> tuple[float, float, float]:
    return float(v.mean()), float(v.min()), float(v.max())


def trained_report(arch: Architecture, params: Params, bn_state: Params, X: np.ndarray) -> list[LayerReport]:
    """Per batch-norm layer: the learned γ, β, the running averages used at test time, and the statistics
    of the layer's input over ``X`` (the training set) in evaluation mode, to compare them with.

    Empty when the network has no batch norm.
    """
    if not arch.batch_norm:
        return []
    out = []
    h = np.asarray(X, dtype=float)
    for i in range(len(arch.hidden)):
        k = i + 1
        pre = layers.dense_forward(h, params[f"dense{k}.W"], params.get(f"dense{k}.b", 0.0))
        mu, var = pre.mean(axis=0), pre.var(axis=0)
        run_mu, run_var = bn_state[f"bn{k}.mean"], bn_state[f"bn{k}.var"]
        out.append(LayerReport(k, _spread(params[f"bn{k}.gamma"]), _spread(params[f"bn{k}.beta"]),
                               float(run_var.mean()), float(var.mean()), float(np.max(np.abs(run_mu - mu))),
                               float(np.sqrt(var).mean())))
        normed, _, _ = layers.batchnorm_forward(pre, params[f"bn{k}.gamma"], params[f"bn{k}.beta"], run_mu, run_var,
                                                train=False)
        h = activate(arch.activation, normed)
    return out
