r"""Weight initialization rules and the book's activation-histogram experiment (ch. 6, fig. 6-10 … 6-14).

The experiment (``ch06/weight_init_activation_histogram.py``): 1000 random inputs of 100 features
go through 5 layers of 100 units with no biases; the weights of every layer are drawn with the same
rule, and the histogram of each layer's activations shows whether the signal saturates (std 1 with
sigmoid), collapses (std 0.01), or keeps its spread (Xavier with sigmoid/tanh, He with ReLU).
Batch normalization before the activation restores the spread whatever the initialization; an
all-zeros initialization makes every unit of a layer compute the same value.

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

from learn.activations import activate, check_activation
from learn.blas import single_threaded

#: initialization rules, in the order the book introduces them, then the all-zeros trap
BOOK_INITS = ("std1", "std0.01", "xavier", "he", "zeros")
#: note 000's Xavier (Glorot): fan-in + fan-out, Gaussian or uniform
NOTE_INITS = ("xavier_normal", "xavier_uniform")
INITS = BOOK_INITS + NOTE_INITS

#: the book's histogram range for each activation (the script uses (0, 1); tanh needs (-1, 1))
HIST_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, 1.0)}


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

    @property
    def n_layers(self) -> int:
        return self.counts.shape[0]


def saturated_share(activation: str, z: np.ndarray) -> float:
    if activation == "sigmoid":
        return float(np.mean((z < 0.01) | (z > 0.99)))
    if activation == "tanh":
        return float(np.mean(np.abs(z) > 0.99))
    return float(np.mean(z <= 0.0))


def layer_activations(init: str = "std1", activation: str = "sigmoid", batch_norm: bool = False, *,
                      n_samples: int = 1000, n_units: int = 100, n_layers: int = 5, seed: int = 0,
                      bn_eps: float = 1e-5) -> list[np.ndarray]:
    """The activations ``(n_samples, n_units)`` of each layer, as in the book's script.

    With ``batch_norm`` each layer's pre-activation is normalized over the batch (γ = 1, β = 0)
    before the activation function.
    """
    check_activation(activation)
    for name, value, low in (("samples", n_samples, 2), ("units", n_units, 1), ("layers", n_layers, 1)):
        if int(value) < low:
            raise ValueError(f"the number of {name} must be at least {low} (got {value!r})")
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n_samples, n_units))
    out = []
    for _ in range(n_layers):
        w = draw_weights(rng, init, n_units, n_units)
        a = x @ w
        if batch_norm:
            a = (a - a.mean(axis=0)) / np.sqrt(a.var(axis=0) + bn_eps)
        x = activate(activation, a)
        out.append(x)
    return out


def activation_histograms(init: str = "std1", activation: str = "sigmoid", batch_norm: bool = False, *,
                          n_samples: int = 1000, n_units: int = 100, n_layers: int = 5, bins: int = 30,
                          value_range: tuple[float, float] | None = None,
                          seed: int = 0) -> ActivationHistograms:
    """Run the experiment and histogram each layer (30 bins on the book's range by default)."""
    if int(bins) < 1:
        raise ValueError(f"the number of bins must be at least 1 (got {bins!r})")
    lo, hi = value_range if value_range is not None else HIST_RANGES[check_activation(activation)]
    if not hi > lo:
        raise ValueError(f"the histogram range must have high > low (got {(lo, hi)!r})")
    with single_threaded():
        acts = layer_activations(init, activation, batch_norm, n_samples=n_samples, n_units=n_units,
                                 n_layers=n_layers, seed=seed)
    edges = np.linspace(lo, hi, int(bins) + 1)
    counts = np.array([np.histogram(z.ravel(), bins=edges)[0] for z in acts])
    return ActivationHistograms(
        init=init, activation=activation, batch_norm=batch_norm, edges=edges, counts=counts,
        mean=np.array([z.mean() for z in acts]),
        std=np.array([z.std() for z in acts]),
        saturated=np.array([saturated_share(activation, z) for z in acts]),
        outside=np.array([np.mean((z < lo) | (z > hi)) for z in acts]),
        unit_spread=np.array([z.std(axis=1).mean() for z in acts]),
    )
