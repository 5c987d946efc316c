"""The book's activation-histogram experiment (ch. 6): saturation, collapse, spread, BN, zeros."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from learn.initialization import (
    GRADIENT_RANGE_STDS,
    HIST_RANGES,
    INITS,
    activation_histograms,
    draw_weights,
    gradient_trend,
    init_std,
    layer_activations,
    uniform_limit,
)


def outer_share(res, layer, bins_each_side=3):
    c = res.counts[layer]
    return (c[:bins_each_side].sum() + c[-bins_each_side:].sum()) / c.sum()


def test_the_book_setup():
    res = activation_histograms("std1", "sigmoid")
    assert res.counts.shape == (5, 30)
    assert res.edges[0] == 0.0 and res.edges[-1] == 1.0
    assert res.counts.sum(axis=1).tolist() == [100_000] * 5  # 1000 inputs × 100 units, all inside (0, 1)
    assert HIST_RANGES["sigmoid"] == (0.0, 1.0)


def test_std_1_with_sigmoid_saturates_at_0_and_1():
    res = activation_histograms("std1", "sigmoid")
    for layer in range(5):
        assert outer_share(res, layer) > 0.6
        assert res.saturated[layer] > 0.4


def test_std_001_collapses_to_one_half():
    res = activation_histograms("std0.01", "sigmoid")
    centre = np.argmin(np.abs(0.5 * (res.edges[:-1] + res.edges[1:]) - 0.5))
    for layer in range(1, 5):
        near_half = res.counts[layer, centre - 1:centre + 2].sum() / res.counts[layer].sum()
        assert near_half == 1.0
        assert res.std[layer] < 0.02
        assert abs(res.mean[layer] - 0.5) < 0.01


def test_xavier_spreads_without_saturating():
    xavier = activation_histograms("xavier", "sigmoid")
    small = activation_histograms("std0.01", "sigmoid")
    assert np.all(xavier.std > 5 * small.std)
    assert np.all(xavier.saturated < 0.01)
    # with tanh, Xavier keeps a wide spread in every layer
    tanh = activation_histograms("xavier", "tanh")
    assert np.all(tanh.std > 0.25)


def test_he_keeps_relu_spread_while_xavier_shrinks_it():
    he = activation_histograms("he", "relu")
    xavier = activation_histograms("xavier", "relu")
    assert 0.7 < he.std[-1] / he.std[0] < 1.5
    assert xavier.std[-1] / xavier.std[0] < 0.5


def test_zeros_makes_every_unit_identical():
    for activation in ("sigmoid", "tanh", "relu"):
        acts = layer_activations("zeros", activation)
        for z in acts:
            assert np.all(z == z[:, :1])  # every unit equals the first one, for every input
        res = activation_histograms("zeros", activation)
        assert np.all(res.unit_spread == 0.0)
    sig = activation_histograms("zeros", "sigmoid")
    assert np.count_nonzero(sig.counts[0]) == 1  # a single bar, at 0.5


def test_batch_norm_restores_the_spread():
    for init in ("std1", "std0.01", "xavier"):
        res = activation_histograms(init, "sigmoid", batch_norm=True)
        assert np.all(res.std > 0.18), init
        assert np.all(res.saturated < 0.01), init
    collapsed = activation_histograms("std0.01", "tanh")
    restored = activation_histograms("std0.01", "tanh", batch_norm=True)
    assert collapsed.std[-1] < 1e-3 < 0.5 < restored.std[-1]


def test_init_std_rules():
    assert init_std("std1", 100) == 1.0
    assert init_std("std0.01", 100) == 0.01
    assert init_std("xavier", 100) == pytest.approx(0.1)
    assert init_std("he", 100) == pytest.approx(math.sqrt(0.02))
    assert init_std("zeros", 100) == 0.0
    assert set(INITS) == {"std1", "std0.01", "xavier", "he", "zeros", "xavier_normal", "xavier_uniform"}


def test_seeded_and_reproducible():
    a = activation_histograms("xavier", "tanh", seed=4)
    b = activation_histograms("xavier", "tanh", seed=4)
    np.testing.assert_array_equal(a.counts, b.counts)
    assert not np.array_equal(a.counts, activation_histograms("xavier", "tanh", seed=5).counts)


@pytest.mark.parametrize("kwargs, message", [
    (dict(init="orthogonal"), "initialization must be one of"),
    (dict(activation="gelu"), "activation must be one of"),
    (dict(bins=0), "bins"),
    (dict(n_layers=0), "layers"),
    (dict(value_range=(1.0, 1.0)), "high > low"),
])
def test_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        activation_histograms(**kwargs)


# --- note 000's Xavier: fan-in + fan-out, Gaussian or uniform (issue #15 item 8) --------------------

@given(st.integers(1, 600), st.integers(1, 600))
def test_note_000_xavier_formulas(n_in, n_out):
    std = math.sqrt(2.0 / (n_in + n_out))
    assert init_std("xavier_normal", n_in, n_out) == pytest.approx(std)
    assert init_std("xavier_uniform", n_in, n_out) == pytest.approx(std)
    assert uniform_limit(n_in, n_out) == pytest.approx(math.sqrt(6.0 / (n_in + n_out)))
    assert uniform_limit(n_in, n_out) / math.sqrt(3.0) == pytest.approx(std)  # Var U(−r, r) = r²/3
    assert init_std("xavier", n_in, n_out) == pytest.approx(math.sqrt(1.0 / n_in))  # the book's: fan-in only


@pytest.mark.parametrize("n_in, n_out", [(2, 64), (64, 64), (300, 10)])
def test_note_000_xavier_draws(n_in, n_out):
    rng = np.random.default_rng(0)
    r = uniform_limit(n_in, n_out)
    u = np.concatenate([draw_weights(rng, "xavier_uniform", n_in, n_out).ravel() for _ in range(200)])
    g = np.concatenate([draw_weights(rng, "xavier_normal", n_in, n_out).ravel() for _ in range(200)])
    std = math.sqrt(2.0 / (n_in + n_out))
    assert np.all(np.abs(u) <= r) and np.max(np.abs(u)) > 0.99 * r  # bounded by r, and reaching it
    assert u.std() == pytest.approx(std, rel=0.02) and g.std() == pytest.approx(std, rel=0.02)
    assert np.max(np.abs(g)) > r  # the Gaussian has tails beyond r; the uniform never does


def test_note_000_xavier_keeps_the_variance_of_a_linear_layer_either_way():
    """Var(out) = n_in·Var(w)·Var(in) forward, n_out·Var(w)·Var(grad) back: 2n_in/(n_in+n_out) and 2n_out/(...)."""
    rng = np.random.default_rng(1)
    n_in, n_out = 300, 100
    x = rng.standard_normal((4000, n_in))
    for init in ("xavier_normal", "xavier_uniform"):
        w = draw_weights(rng, init, n_in, n_out)
        assert (x @ w).var() == pytest.approx(2 * n_in / (n_in + n_out), rel=0.05)
        g = rng.standard_normal((4000, n_out))
        assert (g @ w.T).var() == pytest.approx(2 * n_out / (n_in + n_out), rel=0.05)


def test_on_square_layers_note_000s_gaussian_is_the_books_xavier():
    a = activation_histograms("xavier", "tanh")
    b = activation_histograms("xavier_normal", "tanh")
    np.testing.assert_array_equal(a.counts, b.counts)
    c = activation_histograms("xavier_uniform", "tanh")
    assert not np.array_equal(a.counts, c.counts)
    np.testing.assert_allclose(c.std, a.std, rtol=0.05)  # same variance, another shape


def test_on_the_train_networks_layers_the_two_xaviers_differ():
    from learn import datasets, mlp
    from learn.training import TrainConfig

    arch = TrainConfig().architecture(datasets.load("spirals"))  # 2 → 64 → 64 → 2
    book, note = mlp.init_params(arch, "xavier", 0), mlp.init_params(arch, "xavier_normal", 0)
    np.testing.assert_array_equal(book["dense2.W"], note["dense2.W"])  # 64 × 64: square
    assert book["dense1.W"].std() > 3 * note["dense1.W"].std()  # √(1/2) against √(2/66)
    uniform = mlp.init_params(arch, "xavier_uniform", 0)
    assert np.max(np.abs(uniform["dense1.W"])) <= uniform_limit(2, 64)


# --- gradients (note 001: the gradients' histograms beside the activations') ----------------------

def torch_gradients(init, activation, batch_norm, n_samples, n_units, n_layers, seed):
    """The experiment rebuilt in torch from the same draws, differentiated by autograd: per layer the std
    of ∂L/∂z and of ∂L/∂W for L = Σ r·z⁽ᴸ⁾ (an independent check of the hand-written backward pass)."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(seed)
    h = torch.tensor(rng.standard_normal((n_samples, n_units)))
    weights, outputs = [], []
    for _ in range(n_layers):
        w = torch.tensor(draw_weights(rng, init, n_units, n_units), requires_grad=True)
        a = h @ w
        if batch_norm:
            a = (a - a.mean(0)) / torch.sqrt(a.var(0, unbiased=False) + 1e-5)
        h = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[activation](a)
        h.retain_grad()
        weights.append(w)
        outputs.append(h)
    r = torch.tensor(np.random.default_rng([seed, 1]).standard_normal((n_samples, n_units)))
    (r * h).sum().backward()
    return ([float(z.grad.std(unbiased=False)) for z in outputs],
            [float(w.grad.std(unbiased=False)) for w in weights])


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("batch_norm", [False, True])
def test_gradients_are_autograds(activation, batch_norm):
    res = activation_histograms("xavier", activation, batch_norm, n_samples=40, n_units=12, n_layers=4, seed=3,
                                gradients=True)
    dz, dw = torch_gradients("xavier", activation, batch_norm, 40, 12, 4, 3)
    np.testing.assert_allclose(res.gradients.std, dz, rtol=1e-9)
    np.testing.assert_allclose(res.gradients.weight_std, dw, rtol=1e-9)


def test_the_gradient_enters_the_last_layer_with_std_1_and_leaves_the_activations_alone():
    plain = activation_histograms("he", "relu")
    res = activation_histograms("he", "relu", gradients=True)
    g = res.gradients
    assert plain.gradients is None
    np.testing.assert_array_equal(res.counts, plain.counts)  # the same network, the same activations
    assert abs(g.std[-1] - 1.0) < 0.01
    assert g.edges[0] == -GRADIENT_RANGE_STDS and g.edges[-1] == GRADIENT_RANGE_STDS
    assert g.counts.shape == (5, 30)
    # every value is in a bar or counted off the axis
    np.testing.assert_allclose(g.counts.sum(axis=1) / 100_000 + g.outside, 1.0)


@pytest.mark.parametrize(("init", "activation", "trend", "low", "high"), [
    ("std0.01", "sigmoid", "vanishing", 3e-7, 5e-7),  # √100 · 0.01 · 0.25 = 0.025 a layer: 0.025⁴ ≈ 4e-7
    ("xavier", "sigmoid", "vanishing", 2e-3, 5e-3),  # σ' ≤ 1/4 with a weight gain of 1
    ("std1", "sigmoid", "steady", 0.9, 1.0),  # saturated, but the gain √100 = 10 makes up for σ' ≈ 0.1
    ("xavier", "tanh", "steady", 0.5, 0.6),
    ("std1", "tanh", "exploding", 25, 40),
    ("xavier", "relu", "shrinking", 0.2, 0.3),  # ReLU halves the variance that Xavier's gain 1 keeps
    ("he", "relu", "steady", 0.95, 1.15),  # He's factor 2 makes up for it
    ("std1", "relu", "exploding", 2000, 3500),
])
def test_the_gradient_trend_of_the_books_setups(init, activation, trend, low, high):
    g = activation_histograms(init, activation, gradients=True).gradients
    assert gradient_trend(g) == trend
    assert low < g.ratio < high


def test_std_001_with_sigmoid_loses_a_factor_of_about_0025_a_layer():
    # what the page's explanation states ("√100 · 0.01 · 0.25 = 0.025")
    g = activation_histograms("std0.01", "sigmoid", gradients=True).gradients
    assert round(g.per_layer, 3) == 0.025
    np.testing.assert_allclose(g.weight_gain, 0.1, rtol=0.02)
    np.testing.assert_allclose(g.derivative_rms, 0.25, rtol=0.01)


def test_std_1_with_sigmoid_keeps_its_gradient_through_saturation():
    res = activation_histograms("std1", "sigmoid", gradients=True)
    g = res.gradients
    assert res.saturated.mean() > 0.4
    assert np.all(g.derivative_rms < 0.11)  # saturated units pass almost nothing
    np.testing.assert_allclose(g.weight_gain, 10, rtol=0.02)  # √100 · 1
    assert 0.95 < g.per_layer < 1.0


def test_batch_norm_keeps_the_gradient_whatever_the_initialization():
    for init in ("std0.01", "std1", "xavier"):
        for activation in ("sigmoid", "tanh", "relu"):
            g = activation_histograms(init, activation, batch_norm=True, gradients=True).gradients
            assert gradient_trend(g) in ("steady", "growing"), (init, activation, g.ratio)
            assert 0.9 < g.ratio < 2.5


def test_zeros_pass_no_gradient_back_and_one_layer_has_nothing_to_pass():
    g = activation_histograms("zeros", "tanh", gradients=True).gradients
    assert gradient_trend(g) == "zero"
    assert np.all(g.std[:-1] == 0.0) and g.std[-1] > 0.9
    one = activation_histograms("std1", "sigmoid", n_layers=1, gradients=True).gradients
    assert gradient_trend(one) == "single" and one.per_layer == 1.0


@given(init=st.sampled_from(INITS), activation=st.sampled_from(["sigmoid", "tanh", "relu"]),
       batch_norm=st.booleans(), layers=st.integers(1, 4), units=st.integers(1, 12), samples=st.integers(2, 30),
       bins=st.integers(1, 12), seed=st.integers(0, 50))
def test_gradient_histograms_count_every_value(init, activation, batch_norm, layers, units, samples, bins, seed):
    res = activation_histograms(init, activation, batch_norm, n_samples=samples, n_units=units, n_layers=layers,
                                bins=bins, seed=seed, gradients=True)
    g = res.gradients
    assert g.counts.shape == (layers, bins) and g.n_layers == layers
    assert np.all(np.isfinite(g.std)) and np.all(g.std >= 0)
    np.testing.assert_allclose(g.counts.sum(axis=1) / (samples * units) + g.outside, 1.0)
    assert gradient_trend(g) in ("single", "zero", "vanishing", "shrinking", "steady", "growing", "exploding")


def test_batch_norm_stats_before_and_after():
    res = activation_histograms("std0.01", "sigmoid", batch_norm=True)
    s = res.batch_norm_stats
    assert s.m == 1000 and s.eps == 1e-5
    assert np.all(np.abs(s.after_mean) < 1e-12)
    # per unit x̂ has std √(σ²/(σ² + ε)) < 1; with std-0.01 weights σ² is about 1e-3, so ε shows
    assert np.all((s.after_std > 0.98) & (s.after_std < 1.0))
    assert np.all(s.before_std < 0.11)  # the tiny pre-activations batch norm scales up
    assert activation_histograms("std0.01", "sigmoid").batch_norm_stats is None
    zeros = activation_histograms("zeros", "relu", batch_norm=True).batch_norm_stats
    assert np.all(zeros.before_std == 0) and np.all(zeros.after_std == 0)  # ε: 0/√ε, not 0/0
