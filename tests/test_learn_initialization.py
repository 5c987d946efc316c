"""The book's activation-histogram experiment (ch. 6): saturation, collapse, spread, BN, zeros."""

from __future__ import annotations

import math

import numpy as np
import pytest

from learn.initialization import HIST_RANGES, INITS, activation_histograms, init_std, layer_activations


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
    assert set(INITS) == {"std1", "std0.01", "xavier", "he", "zeros"}


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
