"""A multilayer perceptron for classification, assembled from the hand-written layers.

Each hidden layer is ``dense → [batch norm] → activation → [dropout]``; the output layer is dense
followed by softmax cross-entropy.  A dense layer followed by batch norm has no bias: the batch
mean is subtracted right after, so a bias there would have a gradient of exactly 0 (and β takes
its role).  L2 weight decay ``½λΣ‖W‖²`` covers the dense weights only.

The network is data, not an object with hidden state: an :class:`Architecture` (plain values),
a parameter dict ``{"dense1.W": ..., "dense1.b": ..., "bn1.gamma": ..., "out.W": ...}`` and a
batch-norm state dict of running means and variances.  :func:`loss_and_grads` is a function of
those, which is what a gradient check and a pure optimizer step need.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from learn import layers
from learn.activations import check_activation
from learn.initialization import INITS, draw_weights

Params = dict[str, np.ndarray]

#: the output layer's weights are drawn this much smaller than the hidden layers' (see init_params)
OUTPUT_SCALE = 0.1
#: evaluation runs in chunks of this many rows: small arrays stay in the allocator's reused memory
EVAL_CHUNK = 128


@dataclass(frozen=True)
class Architecture:
    """The shape of the network: input size, hidden widths, classes and the layer options."""

    n_in: int
    hidden: tuple[int, ...]
    n_out: int
    activation: str = "relu"
    batch_norm: bool = False
    dropout: float = 0.0

    def __post_init__(self):
        if int(self.n_in) < 1:
            raise ValueError(f"the input size must be at least 1 (got {self.n_in!r})")
        if int(self.n_out) < 2:
            raise ValueError(f"a classifier needs at least 2 classes (got {self.n_out!r})")
        if any(int(h) < 1 for h in self.hidden):
            raise ValueError(f"every hidden layer needs at least 1 unit (got {tuple(self.hidden)!r})")
        check_activation(self.activation)
        if not 0.0 <= float(self.dropout) < 1.0:
            raise ValueError(f"dropout rate must be in [0, 1) (got {self.dropout!r})")
        object.__setattr__(self, "hidden", tuple(int(h) for h in self.hidden))

    @property
    def dense_names(self) -> list[str]:
        """Names of the dense layers in order: ``dense1 … denseL`` then ``out``."""
        return [f"dense{i + 1}" for i in range(len(self.hidden))] + ["out"]

    @property
    def widths(self) -> list[int]:
        return [self.n_in, *self.hidden, self.n_out]

    def n_parameters(self) -> int:
        w = self.widths
        total = sum((a + 1) * b for a, b in zip(w[:-1], w[1:]))
        # batch norm: γ and β per hidden unit, and no dense bias before it
        return total + (sum(self.hidden) if self.batch_norm else 0)


def init_params(arch: Architecture, init: str = "he", seed: int = 0) -> Params:
    """Weights drawn by rule ``init`` (:func:`learn.initialization.draw_weights`).

    Biases start at 0, batch-norm γ at 1 and β at 0.  The output layer uses the same rule scaled
    by :data:`OUTPUT_SCALE`, so the untrained network gives every class about the same probability
    and its loss is about ln C (the notes' first sanity check; std 1 still fails it).
    """
    if init not in INITS:
        raise ValueError(f"initialization must be one of {', '.join(INITS)} (got {init!r})")
    rng = np.random.default_rng(seed)
    params: Params = {}
    widths = arch.widths
    for i, name in enumerate(arch.dense_names):
        n_in, n_out = widths[i], widths[i + 1]
        scale = OUTPUT_SCALE if name == "out" else 1.0
        params[f"{name}.W"] = draw_weights(rng, init, n_in, n_out, scale)
        if not arch.batch_norm or name == "out":
            params[f"{name}.b"] = np.zeros(n_out)
        else:
            params[f"bn{i + 1}.gamma"] = np.ones(n_out)
            params[f"bn{i + 1}.beta"] = np.zeros(n_out)
    return params


def init_bn_state(arch: Architecture) -> Params:
    """Running mean 0 and variance 1 for every batch-norm layer (empty without batch norm)."""
    if not arch.batch_norm:
        return {}
    state: Params = {}
    for i, h in enumerate(arch.hidden):
        state[f"bn{i + 1}.mean"] = np.zeros(h)
        state[f"bn{i + 1}.var"] = np.ones(h)
    return state


def weight_names(arch: Architecture) -> list[str]:
    """The parameters L2 decay applies to (the dense weight matrices)."""
    return [f"{n}.W" for n in arch.dense_names]


def forward(arch: Architecture, params: Params, X: np.ndarray, *, train: bool,
            rng: np.random.Generator | None = None, bn_state: Params | None = None):
    """Logits for ``X``; returns ``(logits, cache, new_bn_state)``.

    ``train`` selects batch statistics and dropout; dropout masks are drawn from ``rng`` (pass a
    freshly seeded generator to get the same masks on every call, as a gradient check must).
    """
    if bn_state is None:
        bn_state = init_bn_state(arch)
    new_bn = dict(bn_state)
    use_dropout = train and arch.dropout > 0.0
    if use_dropout and rng is None:
        raise ValueError("dropout in training mode needs a random generator (rng)")
    cache = []
    h = X
    for i in range(len(arch.hidden)):
        k = i + 1
        x_in = h
        a = layers.dense_forward(h, params[f"dense{k}.W"], params.get(f"dense{k}.b", 0.0))
        bn_cache = None
        if arch.batch_norm:
            a, bn_cache, (m, v) = layers.batchnorm_forward(
                a, params[f"bn{k}.gamma"], params[f"bn{k}.beta"], bn_state[f"bn{k}.mean"],
                bn_state[f"bn{k}.var"], train=train)
            new_bn[f"bn{k}.mean"], new_bn[f"bn{k}.var"] = m, v
        z = layers.activation_forward(arch.activation, a)
        h = z
        mask = None
        if use_dropout:
            mask = layers.dropout_mask(z.shape, arch.dropout, rng)
            h = layers.dropout_forward(z, mask)
        cache.append((x_in, bn_cache, a, z, mask))
    logits = layers.dense_forward(h, params["out.W"], params["out.b"])
    cache.append(h)
    return logits, cache, new_bn


def backward(arch: Architecture, params: Params, cache, dlogits: np.ndarray) -> Params:
    """Gradients of the data loss for every parameter, given ``d loss / d logits``."""
    grads: Params = {}
    h_last = cache[-1]
    dh, grads["out.W"], grads["out.b"] = layers.dense_backward(dlogits, h_last, params["out.W"])
    for i in reversed(range(len(arch.hidden))):
        k = i + 1
        x_in, bn_cache, a, z, mask = cache[i]
        if mask is not None:
            dh = layers.dropout_backward(dh, mask)
        da = layers.activation_backward(arch.activation, dh, a, z)
        if bn_cache is not None:
            da, grads[f"bn{k}.gamma"], grads[f"bn{k}.beta"] = layers.batchnorm_backward(da, bn_cache)
        dh, grads[f"dense{k}.W"], db = layers.dense_backward(da, x_in, params[f"dense{k}.W"])
        if f"dense{k}.b" in params:
            grads[f"dense{k}.b"] = db
    return grads


def loss_and_grads(arch: Architecture, params: Params, X: np.ndarray, y: np.ndarray, *, l2: float = 0.0,
                   train: bool = True, rng: np.random.Generator | None = None,
                   bn_state: Params | None = None):
    """Total loss (data + ½λΣ‖W‖²), the data loss alone, the gradients and the new batch-norm state."""
    logits, cache, new_bn = forward(arch, params, X, train=train, rng=rng, bn_state=bn_state)
    data_loss, dlogits = layers.softmax_cross_entropy(logits, y)
    grads = backward(arch, params, cache, dlogits)
    total = data_loss
    if l2 > 0.0:
        names = weight_names(arch)
        reg, reg_grads = layers.l2_penalty([params[n] for n in names], l2)
        total += reg
        for n, g in zip(names, reg_grads):
            grads[n] = grads[n] + g
    return total, data_loss, grads, new_bn


def loss(arch: Architecture, params: Params, X: np.ndarray, y: np.ndarray, *, l2: float = 0.0,
         train: bool = True, rng: np.random.Generator | None = None, bn_state: Params | None = None) -> float:
    """The total loss of :func:`loss_and_grads` (data + ½λΣ‖W‖²) from the forward pass alone.

    What a numerical gradient or a check of the loss's value needs: no backward pass, which for a
    large network costs twice the forward pass.
    """
    logits, _, _ = forward(arch, params, X, train=train, rng=rng, bn_state=bn_state)
    total, _ = layers.softmax_cross_entropy(logits, y)
    if l2 > 0.0:
        total += layers.l2_penalty([params[n] for n in weight_names(arch)], l2)[0]
    return total


def eval_logits(arch: Architecture, params: Params, X: np.ndarray,
                bn_state: Params | None = None) -> np.ndarray:
    """Logits in evaluation mode (running batch-norm statistics, no dropout), computed in chunks.

    Evaluation treats rows independently, so chunking changes nothing but speed: large temporary
    arrays are allocated and released fresh each time, which was the slowest part of an epoch.
    """
    parts = [forward(arch, params, X[i:i + EVAL_CHUNK], train=False, bn_state=bn_state)[0]
             for i in range(0, len(X), EVAL_CHUNK)]
    return np.concatenate(parts) if parts else np.zeros((0, arch.n_out))


def predict_proba(arch: Architecture, params: Params, X: np.ndarray,
                  bn_state: Params | None = None) -> np.ndarray:
    """Class probabilities in evaluation mode."""
    return layers.softmax(eval_logits(arch, params, X, bn_state))


def evaluate(arch: Architecture, params: Params, X: np.ndarray, y: np.ndarray,
             bn_state: Params | None = None) -> tuple[float, float]:
    """``(data loss, accuracy)`` on ``(X, y)`` in evaluation mode."""
    logits = eval_logits(arch, params, X, bn_state)
    loss, _ = layers.softmax_cross_entropy(logits, y)
    return loss, float(np.mean(np.argmax(logits, axis=1) == y))


def chance_loss(n_classes: int) -> float:
    """The loss of a network that outputs uniform probabilities: ln C."""
    return math.log(n_classes)
