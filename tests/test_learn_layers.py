"""Backprop of every layer kind and of the whole MLP against centered differences (SPEC H).

Relative error ‖a − n‖/(‖a‖ + ‖n‖) ≤ 1e-6 in float64 for the smooth parts; ReLU is checked at
inputs at least 0.1 away from its kink, so no perturbation h = 1e-5 crosses it.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from learn import layers, mlp
from learn.gradcheck import check_gradients, numeric_gradient, relative_error

TOL = 1e-6
H = 1e-5


def rng(seed=0):
    return np.random.default_rng(seed)


def check_scalar(f, arrays_, analytic):
    """Largest relative error over the arrays of the scalar f()."""
    errors = check_gradients(f, arrays_, analytic, h=H)
    return max(errors.values()), errors


def test_dense():
    r = rng(1)
    x, W, b = r.standard_normal((5, 4)), r.standard_normal((4, 3)), r.standard_normal(3)
    upstream = r.standard_normal((5, 3))

    def f():
        return float(np.sum(layers.dense_forward(x, W, b) * upstream))

    dx, dW, db = layers.dense_backward(upstream, x, W)
    worst, errors = check_scalar(f, {"x": x, "W": W, "b": b}, {"x": dx, "W": dW, "b": db})
    assert worst <= TOL, errors


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_activation(name):
    r = rng(2)
    a = r.standard_normal((6, 5))
    if name == "relu":
        a = np.where(np.abs(a) < 0.1, 0.1 * np.sign(a) + 0.1 * (a == 0), a)  # keep clear of the kink
        assert np.min(np.abs(a)) >= 0.1 - 1e-12
    upstream = r.standard_normal(a.shape)

    def f():
        return float(np.sum(layers.activation_forward(name, a) * upstream))

    z = layers.activation_forward(name, a)
    da = layers.activation_backward(name, upstream, a, z)
    worst, errors = check_scalar(f, {"a": a}, {"a": da})
    assert worst <= TOL, errors


@pytest.mark.parametrize("train", [True, False])
def test_batchnorm(train):
    r = rng(3)
    x = r.standard_normal((8, 4)) * 3 + 1
    gamma, beta = r.standard_normal(4) + 1.0, r.standard_normal(4)
    running_mean, running_var = r.standard_normal(4), r.random(4) + 0.5
    upstream = r.standard_normal(x.shape)

    def f():
        out, _, _ = layers.batchnorm_forward(x, gamma, beta, running_mean, running_var, train=train)
        return float(np.sum(out * upstream))

    _, cache, _ = layers.batchnorm_forward(x, gamma, beta, running_mean, running_var, train=train)
    dx, dgamma, dbeta = layers.batchnorm_backward(upstream, cache)
    worst, errors = check_scalar(f, {"x": x, "gamma": gamma, "beta": beta},
                                 {"x": dx, "gamma": dgamma, "beta": dbeta})
    assert worst <= TOL, errors


def test_batchnorm_normalizes_and_tracks_running_statistics():
    x = rng(4).standard_normal((500, 3)) * np.array([0.1, 1.0, 50.0]) + np.array([5.0, -2.0, 0.0])
    out, _, (m, v) = layers.batchnorm_forward(x, np.ones(3), np.zeros(3), np.zeros(3), np.ones(3), train=True)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-9)
    np.testing.assert_allclose(out.std(axis=0), [1, 1, 1], rtol=1e-3)  # ε = 1e-5 against σ² ≥ 0.01
    np.testing.assert_allclose(m, 0.1 * x.mean(axis=0))
    np.testing.assert_allclose(v, 0.9 + 0.1 * x.var(axis=0))


def test_dropout_with_a_fixed_mask():
    r = rng(5)
    x = r.standard_normal((6, 7))
    mask = layers.dropout_mask(x.shape, 0.4, np.random.default_rng(11))
    upstream = r.standard_normal(x.shape)

    def f():
        return float(np.sum(layers.dropout_forward(x, mask) * upstream))

    worst, errors = check_scalar(f, {"x": x}, {"x": layers.dropout_backward(upstream, mask)})
    assert worst <= TOL, errors
    assert set(np.unique(mask)) <= {0.0, 1 / 0.6}


def test_inverted_dropout_keeps_the_expected_value():
    mask = layers.dropout_mask((200_000,), 0.3, np.random.default_rng(0))
    assert abs(mask.mean() - 1.0) < 0.01
    assert abs(np.mean(mask == 0) - 0.3) < 0.01
    with pytest.raises(ValueError, match="dropout rate"):
        layers.dropout_mask((3,), 1.0, np.random.default_rng(0))


def test_softmax_cross_entropy():
    r = rng(6)
    logits = r.standard_normal((7, 4)) * 2
    y = r.integers(0, 4, 7)

    def f():
        return layers.softmax_cross_entropy(logits, y)[0]

    loss, dlogits = layers.softmax_cross_entropy(logits, y)
    worst, errors = check_scalar(f, {"logits": logits}, {"logits": dlogits})
    assert worst <= TOL, errors
    p = layers.softmax(logits)
    assert loss == pytest.approx(-np.mean(np.log(p[np.arange(7), y])))


def test_softmax_cross_entropy_is_stable_for_huge_logits():
    loss, d = layers.softmax_cross_entropy(np.array([[1000.0, -1000.0], [0.0, 800.0]]), np.array([0, 0]))
    assert np.isfinite(loss) and loss == pytest.approx(400.0)
    assert np.all(np.isfinite(d))


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, (5, 3), elements=st.floats(-50, 50)),
       st.lists(st.integers(0, 2), min_size=5, max_size=5))
def test_softmax_gradient_rows_sum_to_zero(logits, labels):
    _, d = layers.softmax_cross_entropy(logits, np.array(labels))
    np.testing.assert_allclose(d.sum(axis=1), 0, atol=1e-12)


def test_l2_penalty():
    r = rng(7)
    Ws = [r.standard_normal((3, 4)), r.standard_normal((4, 2))]
    lam = 0.3

    def f():
        return layers.l2_penalty(Ws, lam)[0]

    loss, grads = layers.l2_penalty(Ws, lam)
    assert loss == pytest.approx(0.5 * lam * sum(np.sum(W ** 2) for W in Ws))
    worst, errors = check_scalar(f, {"W0": Ws[0], "W1": Ws[1]}, {"W0": grads[0], "W1": grads[1]})
    assert worst <= TOL, errors


# --- the whole network ---------------------------------------------------------------------------

def network_errors(activation, batch_norm, dropout, l2, init="xavier", seed=0):
    r = rng(seed)
    arch = mlp.Architecture(3, (6, 5), 4, activation, batch_norm, dropout)
    params = mlp.init_params(arch, init, seed)
    # a larger output layer than the default small one, so every gradient is well above round-off
    params["out.W"] *= 10
    # biases, γ and β away from their initial 0 and 1, as after some training (the notes advise a
    # check after a short burn-in); a zero bias would also leave a ReLU unit exactly on its kink
    # whenever every input to it is dropped out
    for k in params:
        if k.endswith((".b", ".gamma", ".beta")):
            params[k] = params[k] + 0.3 * r.standard_normal(params[k].shape)
    X = r.standard_normal((10, 3))
    y = r.integers(0, 4, 10)

    def loss():
        return mlp.loss_and_grads(arch, params, X, y, l2=l2, train=True, rng=np.random.default_rng(42))[0]

    _, _, grads, _ = mlp.loss_and_grads(arch, params, X, y, l2=l2, train=True, rng=np.random.default_rng(42))
    return check_gradients(loss, params, grads, h=H), arch, params, X


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
@pytest.mark.parametrize("batch_norm", [False, True])
@pytest.mark.parametrize("dropout", [0.0, 0.3])
@pytest.mark.parametrize("l2", [0.0, 0.1])
def test_network_backprop_smooth(activation, batch_norm, dropout, l2):
    errors, *_ = network_errors(activation, batch_norm, dropout, l2)
    assert max(errors.values()) <= TOL, errors
    assert {"dense1.W", "dense2.W", "out.W", "out.b"} <= set(errors)
    assert ("dense1.b" in errors) != batch_norm  # no bias right before batch norm
    if batch_norm:
        assert {"bn1.gamma", "bn1.beta", "bn2.gamma", "bn2.beta"} <= set(errors)


@pytest.mark.parametrize("batch_norm", [False, True])
@pytest.mark.parametrize("dropout", [0.0, 0.3])
def test_network_backprop_relu_away_from_the_kink(batch_norm, dropout):
    errors, arch, params, X = network_errors("relu", batch_norm, dropout, 0.05, init="he", seed=3)
    # the check is only meaningful if no pre-activation sits within a few h of ReLU's kink
    _, cache, _ = mlp.forward(arch, params, X, train=True, rng=np.random.default_rng(42))
    closest = min(np.min(np.abs(c[2])) for c in cache[:-1])
    assert closest > 10 * H
    assert max(errors.values()) <= TOL, errors


def test_eval_mode_uses_running_statistics_and_no_dropout():
    arch = mlp.Architecture(2, (8,), 2, "tanh", batch_norm=True, dropout=0.5)
    params = mlp.init_params(arch, "xavier", 0)
    X = rng(8).standard_normal((20, 2))
    a = mlp.predict_proba(arch, params, X)
    b = mlp.predict_proba(arch, params, X)
    np.testing.assert_array_equal(a, b)  # deterministic: no dropout in evaluation
    np.testing.assert_allclose(a.sum(axis=1), 1.0)
    with pytest.raises(ValueError, match="random generator"):
        mlp.forward(arch, params, X, train=True)


def test_numeric_gradient_restores_its_input():
    x = np.array([1.0, 2.0, 3.0])
    g = numeric_gradient(lambda: float(np.sum(x ** 2)), x)
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])
    assert relative_error(2 * x, g) < 1e-9


@pytest.mark.parametrize("kwargs, message", [
    (dict(n_in=2, hidden=(0,), n_out=2), "at least 1 unit"),
    (dict(n_in=2, hidden=(4,), n_out=1), "at least 2 classes"),
    (dict(n_in=2, hidden=(4,), n_out=2, activation="softplus"), "activation must be one of"),
    (dict(n_in=2, hidden=(4,), n_out=2, dropout=1.0), "dropout rate"),
])
def test_architecture_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        mlp.Architecture(**kwargs)


def test_init_params_rejects_unknown_rule_and_counts_parameters():
    arch = mlp.Architecture(2, (64, 64), 3, batch_norm=True)
    params = mlp.init_params(arch, "he", 0)
    assert sum(p.size for p in params.values()) == arch.n_parameters()
    with pytest.raises(ValueError, match="initialization must be one of"):
        mlp.init_params(arch, "orthogonal", 0)
