"""Build your own optimizer (notes 000/002: Δθ = −α·m/√V): each choice that is a named optimizer IS it, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import optimizers
import surfaces
from optimizers.framework import DIRECTIONS, EPS_PLACES, SCALES, Framework, named_equivalent

ROSEN = surfaces.get("rosenbrock")
BEALE = surfaces.get("beale")

# (the framework's choice, the named optimizer it must equal, that optimizer's hyperparameters)
NAMED = [
    (dict(direction="gradient", scale="one"), "sgd", {}),
    (dict(direction="heavy_ball", scale="one", momentum=0.8), "sgd", dict(momentum=0.8)),
    (dict(direction="nesterov", scale="one", momentum=0.7), "sgd", dict(momentum=0.7, nesterov=True)),
    (dict(direction="gradient", scale="sum", eps=1e-10), "adagrad", dict(eps=1e-10)),
    (dict(direction="gradient", scale="ema", beta2=0.95, bias_correction=False), "rmsprop",
     dict(alpha=0.95)),
    (dict(direction="ema", scale="ema", beta1=0.8, beta2=0.99), "adam", dict(betas=(0.8, 0.99))),
    (dict(direction="ema", scale="ema_max"), "adam", dict(amsgrad=True)),
    (dict(direction="ema", scale="max", beta2=0.99), "adamax", dict(betas=(0.9, 0.99))),
]


def paths(surface, optimizer, start=(-1.2, 1.0), steps=150):
    return optimizers.run(surface, optimizer, start, steps)


@pytest.mark.parametrize("choice, name, named", NAMED, ids=[f"{n}-{c['direction']}-{c['scale']}" for c, n, _ in NAMED])
@pytest.mark.parametrize("weight_decay", [0.0, 0.01])
def test_a_choice_that_is_a_named_optimizer_gives_its_path_to_the_last_bit(choice, name, named, weight_decay):
    lr = 2e-3 if name == "sgd" else 0.05
    mine = Framework(lr=lr, weight_decay=weight_decay, **choice)
    theirs = optimizers.get(name, lr=lr, weight_decay=weight_decay, **named)
    equivalent = named_equivalent(mine.hyperparameters)
    assert equivalent is not None and equivalent[0] == name
    assert optimizers.get(equivalent[0], **equivalent[1]).hyperparameters == theirs.hyperparameters
    a, b = paths(ROSEN, mine), paths(ROSEN, theirs)
    np.testing.assert_array_equal(a.xy, b.xy)
    np.testing.assert_array_equal(a.loss, b.loss)


@settings(max_examples=60, deadline=None)
@given(index=st.integers(0, len(NAMED) - 1), lr=st.floats(1e-4, 0.5), beta1=st.floats(0.0, 0.99),
       beta2=st.floats(0.5, 0.9999), momentum=st.floats(0.01, 0.99), eps=st.sampled_from([1e-10, 1e-8, 1e-3]),
       x=st.floats(-3, 3), y=st.floats(-3, 3))
def test_named_equivalent_is_exact_for_any_hyperparameters(index, lr, beta1, beta2, momentum, eps, x, y):
    choice = dict(NAMED[index][0], lr=lr, beta1=beta1, beta2=beta2, momentum=momentum, eps=eps)
    mine = Framework(**choice)
    name, named = named_equivalent(mine.hyperparameters)
    a = optimizers.run(BEALE, mine, (x, y), 60)
    b = optimizers.run(BEALE, optimizers.get(name, **named), (x, y), 60)
    np.testing.assert_array_equal(a.xy, b.xy)
    np.testing.assert_array_equal(a.diverged_at, b.diverged_at)


def test_a_sweep_of_framework_runs_equals_the_named_sweep():
    lrs = np.logspace(-3, -0.5, 16)
    mine = Framework(lr=lrs, direction="ema", scale="ema")
    theirs = optimizers.get("adam", lr=lrs)
    np.testing.assert_array_equal(paths(ROSEN, mine).xy, paths(ROSEN, theirs).xy)


@pytest.mark.parametrize("choice", [
    dict(direction="ema", scale="one"),                       # EMA momentum without a scale
    dict(direction="heavy_ball", scale="sum"),                # AdaGrad with momentum
    dict(direction="ema", scale="ema", bias_correction=False),
    dict(direction="gradient", scale="ema", eps_place="inside"),
    dict(direction="nesterov", scale="ema"),
])
def test_other_choices_are_no_named_optimizer_and_still_run(choice):
    mine = Framework(lr=1e-3 if choice["scale"] == "one" else 0.01, **choice)
    assert named_equivalent(mine.hyperparameters) is None
    run = paths(ROSEN, mine)
    assert np.isfinite(run.xy).all() and run.loss[-1, 0] < run.loss[0, 0]


def test_every_combination_runs_and_names_at_most_one_optimizer():
    for direction in DIRECTIONS:
        for scale in SCALES:
            for place in EPS_PLACES:
                for correct in (True, False):
                    mine = Framework(lr=1e-3, direction=direction, scale=scale, eps_place=place,
                                     bias_correction=correct)
                    run = paths(ROSEN, mine, steps=20)
                    assert np.isfinite(run.xy).all()
                    equivalent = named_equivalent(mine.hyperparameters)
                    if equivalent is not None:  # and when it names one, it is that one
                        other = paths(ROSEN, optimizers.get(equivalent[0], **equivalent[1]), steps=20)
                        np.testing.assert_array_equal(run.xy, other.xy)


def test_bad_choices_are_refused():
    with pytest.raises(ValueError, match="direction"):
        Framework(direction="sideways")
    with pytest.raises(ValueError, match="scale"):
        Framework(scale="cube")
