"""Forward and backward passes of each layer kind, written by hand (the book's ch. 5-6 layers).

Every function is pure: it takes arrays and returns arrays plus whatever the backward pass needs,
so each layer kind can be gradient-checked on its own (tests/test_learn_layers.py).
Shapes: a batch is ``(N, D)``; biases and batch-norm parameters are ``(D,)``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from learn.activations import activate, derivative_from_output

#: added to the batch variance so a unit that is constant over the batch does not divide by zero
BN_EPS = 1e-5
#: running statistics follow ``running = m·running + (1-m)·batch`` (the book uses m = 0.9)
BN_MOMENTUM = 0.9


# --- dense -------------------------------------------------------------------------------------

def dense_forward(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``x W + b``."""
    return x @ W + b


def dense_backward(dout: np.ndarray, x: np.ndarray, W: np.ndarray):
    """Gradients ``(dx, dW, db)`` of a dense layer given the upstream gradient ``dout``."""
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


# --- activations ---------------------------------------------------------------------------------

def activation_forward(name: str, a: np.ndarray) -> np.ndarray:
    return activate(name, a)


def activation_backward(name: str, dz: np.ndarray, a: np.ndarray, z: np.ndarray) -> np.ndarray:
    """``dz · σ'(a)``; ``z = σ(a)`` is passed in because sigmoid and tanh derivatives use it."""
    return dz * derivative_from_output(name, z, a)


# --- batch normalization ------------------------------------------------------------------------

class BatchNormCache(NamedTuple):
    xhat: np.ndarray  # the normalized input (N, D)
    inv_std: np.ndarray  # 1/√(σ² + ε) per unit (D,)
    gamma: np.ndarray
    train: bool  # batch statistics (True) or running statistics (False)


def batchnorm_forward(x, gamma, beta, running_mean, running_var, *, train: bool,
                      momentum: float = BN_MOMENTUM, eps: float = BN_EPS):
    """Batch normalization ``γ (x − μ)/√(σ² + ε) + β``.

    In training mode μ and σ² are the batch's (biased) mean and variance and the running averages
    are updated; in evaluation mode the running averages are used.  Returns
    ``(out, cache, (new_running_mean, new_running_var))``.
    """
    if train:
        mean = x.mean(axis=0)
        var = x.var(axis=0)
        running_mean = momentum * running_mean + (1.0 - momentum) * mean
        running_var = momentum * running_var + (1.0 - momentum) * var
    else:
        mean, var = running_mean, running_var
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (x - mean) * inv_std
    return gamma * xhat + beta, BatchNormCache(xhat, inv_std, gamma, train), (running_mean, running_var)


def batchnorm_backward(dout: np.ndarray, cache: BatchNormCache):
    """Gradients ``(dx, dgamma, dbeta)``.

    In training mode μ and σ² depend on every row of the batch, which gives the compact form
    ``dx = (1/σ)(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))``.
    """
    dgamma = (dout * cache.xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    dxhat = dout * cache.gamma
    if not cache.train:
        return dxhat * cache.inv_std, dgamma, dbeta
    dx = cache.inv_std * (dxhat - dxhat.mean(axis=0) - cache.xhat * (dxhat * cache.xhat).mean(axis=0))
    return dx, dgamma, dbeta


# --- dropout -------------------------------------------------------------------------------------

def dropout_mask(shape, rate: float, rng: np.random.Generator) -> np.ndarray:
    """Inverted dropout: keep each unit with probability 1 − rate and scale the kept ones by 1/(1 − rate).

    Scaling at training time means the network needs no change at test time.
    """
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"dropout rate must be in [0, 1) (got {rate!r})")
    keep = 1.0 - rate
    return (rng.random(shape) < keep) / keep


def dropout_forward(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    return x * mask


def dropout_backward(dout: np.ndarray, mask: np.ndarray) -> np.ndarray:
    return dout * mask


# --- softmax cross-entropy and L2 ----------------------------------------------------------------

def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def softmax_cross_entropy(logits: np.ndarray, y: np.ndarray):
    """Mean cross-entropy ``−(1/N) Σ log p_{y_i}`` of the softmax of ``logits``, and its gradient.

    Uses the log-sum-exp form so large logits neither overflow nor give log(0).
    Returns ``(loss, dlogits)`` with ``dlogits = (p − onehot(y)) / N``.
    """
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=1))
    log_p_true = shifted[np.arange(n), y] - log_norm
    loss = -float(log_p_true.mean())
    p = np.exp(shifted - log_norm[:, None])
    p[np.arange(n), y] -= 1.0
    return loss, p / n


def l2_penalty(weights, lam: float):
    """``½λ Σ‖W‖²`` over the given weight matrices, and the gradients ``λW``.

    The ½ makes the gradient exactly λW (the book's convention). Biases and batch-norm parameters
    are not penalized.
    """
    loss = 0.5 * lam * float(sum(np.sum(W * W) for W in weights))
    return loss, [lam * W for W in weights]
