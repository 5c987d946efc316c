r"""Weight initialization rules and the book's activation-histogram experiment (ch. 6, fig. 6-10 … 6-14).

The experiment (``ch06/weight_init_activation_histogram.py``): 1000 random inputs of 100 features
go through 5 layers of 100 units with no biases; the weights of every layer are drawn with the same
rule, and the histogram of each layer's activations shows whether the signal saturates (std 1 with
sigmoid), collapses (std 0.01), or keeps its spread (Xavier with sigmoid/tanh, He with ReLU).
Batch normalization before the activation restores the spread whatever the initialization; an
all-zeros initialization makes every unit of a layer compute the same value.

Note 001 asks for the *gradients'* histograms beside the activations'.  :func:`activation_histograms`
with ``gradients=True`` backpropagates through the same network the loss

.. math:: L = \sum_{n,j} r_{nj}\, z^{(L)}_{nj}, \qquad r_{nj} \sim \mathcal N(0, 1)\ \text{fixed},

a random projection of the last layer's output, so :math:`\partial L/\partial z^{(L)} = r` enters
the last layer with std 1 whatever the activations' scale, and what reaches layer :math:`l`,
:math:`\partial L/\partial z^{(l-1)} = (\partial L/\partial z^{(l)} \odot \sigma'(a^{(l)}))\,W^{(l)\top}`
(through batch norm's backward pass when it is on), shows whether backpropagation keeps, shrinks
or blows up the signal.  Going back one layer multiplies the gradient's variance by about
:math:`n_\mathrm{out}\,\mathrm{Var}(w)\,\mathbb E[\sigma'(a)^2]`: the weights' gain times the
activation's derivative (at most 1/4 for sigmoid).

Beside the book's Xavier (std √(1/n), n the fan-in) are the two forms of note 000 (Glorot &
Bengio): keeping each neuron's output variance equal to its input variance asks for
:math:`n_\mathrm{in}\,\mathrm{Var}(w) = 1` going forward and :math:`n_\mathrm{out}\,\mathrm{Var}(w) = 1`
going back; the compromise is :math:`\mathrm{Var}(w) = 2/(n_\mathrm{in} + n_\mathrm{out})`, drawn
either from a Gaussian of std :math:`\sqrt{2/(n_\mathrm{in}+n_\mathrm{out})}` or uniformly on
:math:`[-r, r]` with :math:`r = \sqrt{6/(n_\mathrm{in}+n_\mathrm{out})}` (a uniform's variance is
:math:`r^2/3`).  For a square layer both equal the book's √(1/n) in variance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from learn.activations import activate, check_activation, derivative_from_output
from learn.blas import single_threaded
from learn.layers import BN_EPS, BatchNormCache, batchnorm_backward

#: initialization rules, in the order the book introduces them, then the all-zeros trap
BOOK_INITS = ("std1", "std0.01", "xavier", "he", "zeros")
#: note 000's Xavier (Glorot): fan-in + fan-out, Gaussian or uniform
NOTE_INITS = ("xavier_normal", "xavier_uniform")
INITS = BOOK_INITS + NOTE_INITS

#: the book's histogram range for each activation (the script uses (0, 1); tanh needs (-1, 1))
HIST_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, 1.0)}
#: the loss backpropagated by the experiment, and one layer of backpropagation (as the page shows them)
GRADIENT_LOSS_LATEX = r"L = \sum_{n,j} r_{nj}\, z^{(L)}_{nj}, \qquad r_{nj} \sim \mathcal{N}(0, 1)"
BACKWARD_LATEX = (r"\frac{\partial L}{\partial z^{(l-1)}} = \Big(\frac{\partial L}{\partial z^{(l)}} \odot "
                  r"\sigma'(a^{(l)})\Big)\, W^{(l)\top}, \qquad \frac{\partial L}{\partial W^{(l)}} = "
                  r"z^{(l-1)\top} \Big(\frac{\partial L}{\partial z^{(l)}} \odot \sigma'(a^{(l)})\Big)")
#: the gradient histograms span ± this many stds of the gradient entering the last layer (std 1)
GRADIENT_RANGE_STDS = 4.0


def init_std(init: str, n_in: int, n_out: int | None = None) -> float:
    """Standard deviation of the weights of a layer with ``n_in`` inputs and ``n_out`` outputs.

    ``std1``: 1; ``std0.01``: 0.01; ``xavier``: √(1/n_in) (the book's Glorot); ``he``: √(2/n_in)
    (Kaiming, for ReLU); ``zeros``: 0; ``xavier_normal`` and ``xavier_uniform`` (note 000):
    √(2/(n_in + n_out)) — for the uniform one, the std of U(−r, r) with r = √(6/(n_in + n_out)).
    ``n_out`` defaults to ``n_in`` (a square layer).
    """
    if n_in < 1:
        raise ValueError(f"a layer needs at least one input (got {n_in!r})")
    n_out = n_in if n_out is None else n_out
    if n_out < 1:
        raise ValueError(f"a layer needs at least one output (got {n_out!r})")
    if init == "std1":
        return 1.0
    if init == "std0.01":
        return 0.01
    if init == "xavier":
        return math.sqrt(1.0 / n_in)
    if init == "he":
        return math.sqrt(2.0 / n_in)
    if init == "zeros":
        return 0.0
    if init in NOTE_INITS:
        return math.sqrt(2.0 / (n_in + n_out))
    raise ValueError(f"initialization must be one of {', '.join(INITS)} (got {init!r})")


def uniform_limit(n_in: int, n_out: int) -> float:
    """Note 000's r = √(6/(n_in + n_out)): U(−r, r) has variance r²/3 = 2/(n_in + n_out)."""
    return math.sqrt(6.0 / (n_in + n_out))


def draw_weights(rng: np.random.Generator, init: str, n_in: int, n_out: int, scale: float = 1.0) -> np.ndarray:
    """An ``(n_in, n_out)`` weight matrix of rule ``init``, times ``scale``.

    Every rule but ``xavier_uniform`` is a Gaussian of std :func:`init_std` (drawn as standard
    normals times the std, so a seed gives the same matrices as before the uniform rule existed).
    """
    if init == "xavier_uniform":
        r = uniform_limit(n_in, n_out)
        return rng.uniform(-r, r, size=(n_in, n_out)) * scale
    return rng.standard_normal((n_in, n_out)) * (init_std(init, n_in, n_out) * scale)


@dataclass(frozen=True)
class GradientHistograms:
    r"""The gradients of the experiment's loss, per layer (index ``l`` is layer ``l + 1``).

    ``counts[l]`` histograms ∂L/∂z of layer ``l + 1``'s output on ``edges`` (± :data:`GRADIENT_RANGE_STDS`
    stds of the last layer's); ``mean``/``std``/``outside`` as for the activations; ``weight_std`` is the
    std of ∂L/∂W of the layer; ``derivative_rms`` the root mean square of the activation's derivative
    σ'(a) over the layer; ``weight_gain`` is :math:`\sqrt{n_\mathrm{out}}\,\mathrm{std}(W)`, the factor
    by which Wᵀ scales a random gradient's std.  Going back through layer ``l`` multiplies the std by
    about ``weight_gain[l] · derivative_rms[l]`` (exactly so only for independent factors).
    """

    edges: np.ndarray
    counts: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    outside: np.ndarray
    weight_std: np.ndarray
    derivative_rms: np.ndarray
    weight_gain: np.ndarray

    @property
    def n_layers(self) -> int:
        return self.counts.shape[0]

    @property
    def ratio(self) -> float:
        """std of the gradient at layer 1 over its std at the last layer (1 with one layer)."""
        return float(self.std[0] / self.std[-1])

    @property
    def per_layer(self) -> float:
        """The geometric mean of the factor one layer going back applies to the gradient's std."""
        steps = self.n_layers - 1
        return float(self.ratio ** (1.0 / steps)) if steps else 1.0


#: the std of ∂L/∂z at layer 1 over its std at the last layer: below VANISHING the gradient has
#: vanished, below SHRINKING it shrinks, above GROWING it grows, above EXPLODING it explodes (the
#: factors 2 and 1/2 mirror the activations' verdicts; 10 and 1/10 are an order of magnitude)
VANISHING, SHRINKING, GROWING, EXPLODING = 0.1, 0.5, 2.0, 10.0


def gradient_trend(grads: GradientHistograms) -> str:
    """What happens to the gradient going back from the last layer to the first, in one word:
    ``single`` (one layer: nothing to go back through), ``zero`` (nothing reaches the earlier layers),
    ``vanishing``, ``shrinking``, ``steady``, ``growing`` or ``exploding`` (:data:`VANISHING` …)."""
    if grads.n_layers == 1:
        return "single"
    if not np.any(grads.std[:-1] > 0.0):
        return "zero"
    ratio = grads.ratio
    if ratio < VANISHING:
        return "vanishing"
    if ratio < SHRINKING:
        return "shrinking"
    if ratio > EXPLODING:
        return "exploding"
    if ratio > GROWING:
        return "growing"
    return "steady"


@dataclass(frozen=True)
class BatchNormStats:
    """What batch normalization did in each layer of the experiment: the pre-activation a = xW before it
    (mean and std over all its values) and x̂ = (a − μ_B)/√(σ²_B + ε) after it, over a batch of ``m``
    inputs; γ = 1 and β = 0 (nothing is trained here), so x̂ is also the layer's output before σ."""

    m: int
    eps: float
    before_mean: np.ndarray
    before_std: np.ndarray
    after_mean: np.ndarray
    after_std: np.ndarray


@dataclass(frozen=True)
class ActivationHistograms:
    """The per-layer result of the experiment.

    ``counts[l]`` are the histogram counts of layer ``l + 1`` on ``edges``; ``mean``/``std`` are
    over all its activations; ``saturated`` is the share at the flat ends of the activation
    (sigmoid < 0.01 or > 0.99, |tanh| > 0.99, ReLU exactly 0); ``outside`` the share outside the
    histogram range; ``unit_spread`` is the average over inputs of the standard deviation across
    the units of the layer — 0 means every unit computes the same value.
    """

    init: str
    activation: str
    batch_norm: bool
    edges: np.ndarray
    counts: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    saturated: np.ndarray
    outside: np.ndarray
    unit_spread: np.ndarray
    gradients: GradientHistograms | None = None
    batch_norm_stats: BatchNormStats | None = None

    @property
    def n_layers(self) -> int:
        return self.counts.shape[0]


def saturated_share(activation: str, z: np.ndarray) -> float:
    if activation == "sigmoid":
        return float(np.mean((z < 0.01) | (z > 0.99)))
    if activation == "tanh":
        return float(np.mean(np.abs(z) > 0.99))
    return float(np.mean(z <= 0.0))


def _check_sizes(activation: str, n_samples: int, n_units: int, n_layers: int) -> None:
    check_activation(activation)
    for name, value, low in (("samples", n_samples, 2), ("units", n_units, 1), ("layers", n_layers, 1)):
        if int(value) < low:
            raise ValueError(f"the number of {name} must be at least {low} (got {value!r})")


def _forward(init, activation, batch_norm, n_samples, n_units, n_layers, seed, bn_eps):
    """The book's forward pass: ``(x, layers)`` with, per layer, ``(W, z, bn)``; ``bn`` is None or
    ``(a, cache)``, the pre-activation before normalization and what batch norm's backward needs."""
    _check_sizes(activation, n_samples, n_units, n_layers)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n_samples, n_units))
    h, out = x, []
    for _ in range(n_layers):
        w = draw_weights(rng, init, n_units, n_units)
        a = h @ w
        bn = None
        if batch_norm:
            inv_std = 1.0 / np.sqrt(a.var(axis=0) + bn_eps)
            xhat = (a - a.mean(axis=0)) * inv_std
            bn = (a, BatchNormCache(xhat, inv_std, np.ones(n_units), True))
            a = xhat
        h = activate(activation, a)
        out.append((w, h, bn))
    return x, out


def layer_activations(init: str = "std1", activation: str = "sigmoid", batch_norm: bool = False, *,
                      n_samples: int = 1000, n_units: int = 100, n_layers: int = 5, seed: int = 0,
                      bn_eps: float = BN_EPS) -> list[np.ndarray]:
    """The activations ``(n_samples, n_units)`` of each layer, as in the book's script.

    With ``batch_norm`` each layer's pre-activation is normalized over the batch (γ = 1, β = 0)
    before the activation function.
    """
    _, out = _forward(init, activation, batch_norm, n_samples, n_units, n_layers, seed, bn_eps)
    return [z for _, z, _ in out]


def _gradient_histograms(activation: str, x: np.ndarray, out: list, bins: int, seed: int) -> GradientHistograms:
    """Backpropagate L = Σ r·z⁽ᴸ⁾ (r standard normal, from its own generator so the network's draws
    are the plain experiment's) and histogram ∂L/∂z of every layer, the last one first."""
    n_layers = len(out)
    dz = np.random.default_rng([seed, 1]).standard_normal(out[-1][1].shape)
    half = GRADIENT_RANGE_STDS  # times r's std, 1 by construction (not the sample's, so the ticks read ±4)
    edges = np.linspace(-half, half, int(bins) + 1)
    stats = {k: [0.0] * n_layers for k in ("mean", "std", "outside", "weight_std", "derivative_rms", "weight_gain")}
    counts = [None] * n_layers
    for l in reversed(range(n_layers)):
        w, z, bn = out[l]
        counts[l] = np.histogram(dz.ravel(), bins=edges)[0]
        stats["mean"][l], stats["std"][l] = float(dz.mean()), float(dz.std())
        stats["outside"][l] = float(np.mean(np.abs(dz) > half))
        # ReLU's derivative is 1 where a > 0, i.e. where z > 0: z stands in for a
        slope = derivative_from_output(activation, z, z)
        stats["derivative_rms"][l] = float(np.sqrt(np.mean(slope * slope)))
        stats["weight_gain"][l] = float(w.std() * math.sqrt(w.shape[1]))
        da = dz * slope
        if bn is not None:
            da = batchnorm_backward(da, bn[1])[0]
        x_in = out[l - 1][1] if l else x
        stats["weight_std"][l] = float((x_in.T @ da).std())
        dz = da @ w.T
    return GradientHistograms(edges=edges, counts=np.array(counts), **{k: np.array(v) for k, v in stats.items()})


def activation_histograms(init: str = "std1", activation: str = "sigmoid", batch_norm: bool = False, *,
                          n_samples: int = 1000, n_units: int = 100, n_layers: int = 5, bins: int = 30,
                          value_range: tuple[float, float] | None = None, gradients: bool = False,
                          seed: int = 0) -> ActivationHistograms:
    """Run the experiment and histogram each layer (30 bins on the book's range by default).

    ``gradients`` also backpropagates the module's loss and histograms ∂L/∂z per layer (same bins);
    with ``batch_norm`` the result carries each layer's statistics before and after normalization.
    """
    if int(bins) < 1:
        raise ValueError(f"the number of bins must be at least 1 (got {bins!r})")
    lo, hi = value_range if value_range is not None else HIST_RANGES[check_activation(activation)]
    if not hi > lo:
        raise ValueError(f"the histogram range must have high > low (got {(lo, hi)!r})")
    with single_threaded():
        x, out = _forward(init, activation, batch_norm, n_samples, n_units, n_layers, seed, BN_EPS)
        grads = _gradient_histograms(activation, x, out, bins, seed) if gradients else None
    acts = [z for _, z, _ in out]
    bn_stats = None
    if batch_norm:
        bn_stats = BatchNormStats(
            m=int(n_samples), eps=BN_EPS,
            before_mean=np.array([bn[0].mean() for _, _, bn in out]),
            before_std=np.array([bn[0].std() for _, _, bn in out]),
            after_mean=np.array([bn[1].xhat.mean() for _, _, bn in out]),
            after_std=np.array([bn[1].xhat.std() for _, _, bn in out]))
    edges = np.linspace(lo, hi, int(bins) + 1)
    counts = np.array([np.histogram(z.ravel(), bins=edges)[0] for z in acts])
    return ActivationHistograms(
        init=init, activation=activation, batch_norm=batch_norm, edges=edges, counts=counts,
        mean=np.array([z.mean() for z in acts]),
        std=np.array([z.std() for z in acts]),
        saturated=np.array([saturated_share(activation, z) for z in acts]),
        outside=np.array([np.mean((z < lo) | (z > hi)) for z in acts]),
        unit_spread=np.array([z.std(axis=1).mean() for z in acts]),
        gradients=grads, batch_norm_stats=bn_stats,
    )
