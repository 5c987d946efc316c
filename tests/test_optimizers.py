"""Every optimizer against its reference rule: hand-computed first steps, the book's figure, pure-Python
reference loops, sweeps and batches, and an optax-style table (torch.optim: tests/test_torch_golden.py)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import optimizers
import surfaces

BOOK = surfaces.get("book_quadratic")
ROSEN = surfaces.get("rosenbrock")

# ---------------------------------------------------------------------------------------------
# 1. torch.optim, step for step: tests/test_torch_golden.py checks every torch-matched optimizer
#    against torch's trajectories stored in tests/golden/ (the case table is tests/golden/cases.py)


# ---------------------------------------------------------------------------------------------
# 2. first steps by hand from SPEC.md, on x²/20 + y² from (-7, 2), where g = (x/10, 2y) = (-0.7, 4)

G0 = np.array([-0.7, 4.0])
X0 = np.array([-7.0, 2.0])


def first_step(name, **kw):
    return optimizers.run(BOOK, optimizers.get(name, **kw), X0, 1).xy[1, 0]


def test_first_steps_of_the_book_figure():
    # SPEC.md C lists these first points
    np.testing.assert_allclose(first_step("sgd", lr=0.95), [-6.335, -1.8], rtol=1e-15)
    np.testing.assert_allclose(first_step("sgd", lr=0.1, momentum=0.9), [-6.93, 1.6], rtol=1e-15)
    np.testing.assert_allclose(first_step("adagrad", lr=1.5), [-5.5, 0.5], rtol=1e-9)
    np.testing.assert_allclose(first_step("adam", lr=0.3), [-6.7, 1.7], rtol=1e-8)


def test_first_steps_by_hand():
    lr = 0.01
    # RMSprop: v = (1-α)g², step = g/(√v + ε) ≈ sign(g)/√(1-α)
    v = 0.01 * G0**2
    np.testing.assert_allclose(first_step("rmsprop", lr=lr), X0 - lr * G0 / (np.sqrt(v) + 1e-8), rtol=1e-15)
    # Adadelta: Δ = √ε/√((1-ρ)g² + ε) · g
    delta = np.sqrt(1e-6) / np.sqrt(0.1 * G0**2 + 1e-6) * G0
    np.testing.assert_allclose(first_step("adadelta", lr=1.0), X0 - delta, rtol=1e-14)
    # Adamax: u = |g| + ε, m = 0.1 g, step = lr/(0.1) · m/u
    np.testing.assert_allclose(first_step("adamax", lr=lr), X0 - lr * G0 / (np.abs(G0) + 1e-8), rtol=1e-14)
    # RAdam: ρ₁ = 1 ≤ 5, so the first step is plain momentum: m̂ = g
    np.testing.assert_allclose(first_step("radam", lr=lr), X0 - lr * G0, rtol=1e-15)
    # Lion: c = (1-β₁)g, step = lr·sign(c)
    np.testing.assert_allclose(first_step("lion", lr=lr), X0 - lr * np.sign(G0), rtol=1e-15)
    # AdaBelief, rectified: ρ₁ < 5, plain momentum m/(1-β₁) = g
    np.testing.assert_allclose(first_step("adabelief", lr=lr), X0 - lr * G0, rtol=1e-14)
    # AdaBelief, not rectified: s = (1-β₂)(0.9g)² + ε, step = lr/(1-β₁) · m/(√s/√(1-β₂) + ε)
    s = 0.001 * (0.9 * G0) ** 2 + 1e-16
    expected = X0 - lr / 0.1 * (0.1 * G0) / (np.sqrt(s) / math.sqrt(0.001) + 1e-16)
    np.testing.assert_allclose(first_step("adabelief", lr=lr, rectify=False), expected, rtol=1e-14)
    # NAdam: μ₁ = β₁(1 - ½·0.96^ψ), μ₂ likewise; m̂ = μ₂m/(1-μ₁μ₂) + (1-μ₁)g/(1-μ₁); v̂ = g²
    mu1 = 0.9 * (1 - 0.5 * 0.96 ** 0.004)
    mu2 = 0.9 * (1 - 0.5 * 0.96 ** 0.008)
    m_hat = mu2 * 0.1 * G0 / (1 - mu1 * mu2) + (1 - mu1) * G0 / (1 - mu1)
    np.testing.assert_allclose(first_step("nadam", lr=lr), X0 - lr * m_hat / (np.abs(G0) + 1e-8), rtol=1e-13)
    assert mu1 == pytest.approx(0.450073, abs=1e-6)  # SPEC.md A: early momentum ≈ 0.45


def test_first_steps_of_torchs_remaining_optimizers_by_hand():
    # Rprop: no previous gradient, so each coordinate's first step is lr in the direction of -sign(g)
    np.testing.assert_array_equal(first_step("rprop", lr=0.01), X0 - 0.01 * np.sign(G0))
    # ASGD: θ(1 - λη) - ηg with η = lr, and the average is the new point itself (μ = 1)
    asgd = optimizers.run(BOOK, optimizers.get("asgd", lr=0.01), X0, 1)
    np.testing.assert_allclose(asgd.xy[1, 0], X0 * (1 - 1e-4 * 0.01) - 0.01 * G0, rtol=1e-15)
    np.testing.assert_array_equal(asgd.paths["ax"][1, 0], asgd.xy[1, 0])
    np.testing.assert_array_equal(asgd.paths["ax"][0, 0], X0)  # before any update: the start
    # Adafactor: β̂₂ = 1 - 1^-0.8 = 0, so V = g², U = sign(g) (RMS 1 = d); the step is RMS(θ)·min(lr, 1)
    rms = math.sqrt((49 + 4) / 2)
    np.testing.assert_allclose(first_step("adafactor", lr=0.01), X0 - rms * 0.01 * np.sign(G0), rtol=1e-15)
    # L-BFGS with one iteration per step: d = -g, t = min(1, 1/‖g‖₁)·lr, one evaluation (none after the last
    # iteration)
    lbfgs = optimizers.run(BOOK, optimizers.get("lbfgs", max_iter=1), X0, 1)
    np.testing.assert_allclose(lbfgs.xy[1, 0], X0 - G0 / 4.7, rtol=1e-15)
    assert lbfgs.evaluations.tolist() == [[1]]


def test_newton_solves_a_quadratic_in_one_step_and_walks_onto_a_saddle():
    np.testing.assert_allclose(first_step("newton"), [0.0, 0.0], atol=1e-15)
    quad = surfaces.get("quadratic")
    start = np.array(quad.start)
    np.testing.assert_allclose(optimizers.run(quad, optimizers.get("newton"), start, 1).xy[1, 0],
                               [0.0, 0.0], atol=1e-12)
    saddle = surfaces.get("saddle")
    unguarded = optimizers.run(saddle, optimizers.get("newton"), (0.5, 0.3), 1).xy[1, 0]
    np.testing.assert_allclose(unguarded, [0.0, 0.0], atol=1e-15)  # straight to the saddle point
    # from (0.3, 0.5) the Newton direction climbs (gᵀH⁻¹g < 0): the guard takes gradient steps instead
    guarded = optimizers.run(saddle, optimizers.get("newton", guard=True, lr=0.1), (0.3, 0.5), 50)
    assert abs(guarded.xy[-1, 0, 1]) > 1.0  # the guard falls back to gradient steps, which leave the saddle


def test_newton_at_a_singular_hessian_is_flagged_not_crashed():
    monkey = surfaces.get("monkey_saddle")
    traj = optimizers.run(monkey, optimizers.get("newton"), (0.0, 0.0), 5)
    assert traj.diverged_at[0] == 1  # H = 0 and ∇f = 0: the step is 0/0
    assert np.isfinite(traj.xy).all()


def test_damped_newton_uses_h_plus_delta_i():
    g = np.array(BOOK.grad(X0))
    expected = X0 - 0.5 * g / (np.array([0.1, 2.0]) + 1.0)  # H = diag(0.1, 2) + I
    np.testing.assert_allclose(first_step("newton", lr=0.5, damping=1.0), expected, rtol=1e-15)


# ---------------------------------------------------------------------------------------------
# 3. the book's figure 6-3..6-7: the last plotted point (after 29 updates), SPEC.md C

BOOK_FIGURE = [
    ("sgd", dict(lr=0.95), (-0.387175, -0.094203), 1e-6),
    ("sgd", dict(lr=0.1, momentum=0.9), (0.814112, 0.272878), 1e-6),
    # the book's AdaGrad adds ε = 1e-7 outside the root, as torch does: same rule
    ("adagrad", dict(lr=1.5, eps=1e-7), (-0.136185, 0.0), 1e-6),
    # the book's Adam folds bias correction into the step (ε̂ = ε√(1-β₂ᵗ), ε = 1e-7); torch adds ε after
    ("adam", dict(lr=0.3, eps=1e-7), (0.020149, 0.321957), 1e-4),
]


@pytest.mark.parametrize("name,kwargs,expected,tol", BOOK_FIGURE,
                         ids=[b[0] + str(i) for i, b in enumerate(BOOK_FIGURE)])
def test_book_figure_after_29_updates(name, kwargs, expected, tol):
    traj = optimizers.run(BOOK, optimizers.get(name, **kwargs), (-7.0, 2.0), 29)
    np.testing.assert_allclose(traj.xy[29, 0], expected, atol=tol)


def book_adam(lr, steps, eps=1e-7, b1=0.9, b2=0.999):
    """The book's Adam (Keras-style ε̂), one coordinate pair, in plain Python."""
    x, m, v = [-7.0, 2.0], [0.0, 0.0], [0.0, 0.0]
    for t in range(1, steps + 1):
        g = [x[0] / 10, 2 * x[1]]
        lr_t = lr * math.sqrt(1 - b2**t) / (1 - b1**t)
        for i in range(2):
            m[i] += (1 - b1) * (g[i] - m[i])
            v[i] += (1 - b2) * (g[i] ** 2 - v[i])
            x[i] -= lr_t * m[i] / (math.sqrt(v[i]) + eps)
    return x


def test_book_adam_convention_reproduces_the_figure_exactly():
    # with the book's own ε convention the SPEC figure is matched to its printed digits, which shows
    # the 1e-4 tolerance above is the convention's difference and nothing else
    np.testing.assert_allclose(book_adam(0.3, 29), (0.020149, 0.321957), atol=1e-6)


# ---------------------------------------------------------------------------------------------
# 4. trivially correct per-run reference loops for the rules torch does not have


def reference_lion(x, steps, lr, b1, b2, wd=0.0):
    x, m = list(x), [0.0, 0.0]
    path = [tuple(x)]
    for _ in range(steps):
        g = [x[0] / 10, 2 * x[1]]
        for i in range(2):
            x[i] *= 1 - lr * wd
            c = b1 * m[i] + (1 - b1) * g[i]
            x[i] -= lr * (0.0 if c == 0 else math.copysign(1.0, c))
            m[i] = b2 * m[i] + (1 - b2) * g[i]
        path.append(tuple(x))
    return np.array(path)


def reference_adabelief(x, steps, lr, b1, b2, eps, rectify):
    x, m, s = list(x), [0.0, 0.0], [0.0, 0.0]
    path = [tuple(x)]
    rho_inf = 2 / (1 - b2) - 1
    for t in range(1, steps + 1):
        g = [x[0] / 10, 2 * x[1]]
        rho = rho_inf - 2 * t * b2**t / (1 - b2**t)
        for i in range(2):
            m[i] = b1 * m[i] + (1 - b1) * g[i]
            s[i] = b2 * s[i] + (1 - b2) * (g[i] - m[i]) ** 2 + eps
            if not rectify:
                x[i] -= lr / (1 - b1**t) * m[i] / (math.sqrt(s[i]) / math.sqrt(1 - b2**t) + eps)
            elif rho >= 5:
                r = math.sqrt((1 - b2**t) * (rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
                x[i] -= lr * r / (1 - b1**t) * m[i] / (math.sqrt(s[i]) + eps)
            else:
                x[i] -= lr * m[i] / (1 - b1**t)
        path.append(tuple(x))
    return np.array(path)


@pytest.mark.parametrize("wd", [0.0, 0.1])
def test_lion_matches_its_reference_loop(wd):
    ours = optimizers.run(BOOK, optimizers.get("lion", lr=0.05, beta1=0.9, beta2=0.99, weight_decay=wd), X0, 80)
    np.testing.assert_allclose(ours.xy[:, 0], reference_lion(X0, 80, 0.05, 0.9, 0.99, wd), rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("rectify", [True, False])
def test_adabelief_matches_its_reference_loop(rectify):
    ours = optimizers.run(BOOK, optimizers.get("adabelief", lr=0.1, rectify=rectify), X0, 80)
    np.testing.assert_allclose(ours.xy[:, 0], reference_adabelief(X0, 80, 0.1, 0.9, 0.999, 1e-16, rectify),
                               rtol=1e-11, atol=1e-12)


# ---------------------------------------------------------------------------------------------
# 5. batches and sweeps equal separate runs

ALL_DEFAULTS = {name: {} for name in optimizers.names()}


@pytest.mark.parametrize("name", optimizers.names())
def test_a_batch_of_starts_equals_separate_runs(name):
    rng = np.random.default_rng(1)
    starts = rng.uniform(-1.5, 1.5, size=(7, 2))
    opt = optimizers.get(name, lr=0.01 if name not in ("newton", "adadelta") else 0.5)
    batch = optimizers.run(ROSEN, opt, starts, 40)
    for i, s in enumerate(starts):
        single = optimizers.run(ROSEN, opt, s, 40)
        np.testing.assert_array_equal(batch.xy[:, i], single.xy[:, 0])
        np.testing.assert_array_equal(batch.loss[:, i], single.loss[:, 0])
        assert batch.diverged_at[i] == single.diverged_at[0]


SWEEPS = [
    ("sgd", dict(lr=np.logspace(-4, -2, 5), momentum=np.linspace(0, 0.95, 5))),
    ("sgd", dict(lr=np.logspace(-4, -2, 5), momentum=0.9, nesterov=True)),
    ("adam", dict(lr=np.logspace(-3, -1, 5), beta2=np.array([0.9, 0.99, 0.999, 0.9999, 0.5]))),
    ("rmsprop", dict(lr=np.logspace(-3, -1, 4), alpha=np.array([0.5, 0.9, 0.99, 0.999]), centered=True)),
    ("radam", dict(lr=np.logspace(-3, -1, 4), beta2=np.array([0.5, 0.9, 0.99, 0.999]))),
    ("nadam", dict(lr=np.logspace(-3, -1, 4), beta1=np.array([0.0, 0.5, 0.9, 0.99]))),
    ("adabelief", dict(lr=np.logspace(-3, -1, 4), beta2=np.array([0.5, 0.9, 0.99, 0.999]))),
    ("lion", dict(lr=np.logspace(-4, -2, 4), weight_decay=np.array([0.0, 0.1, 0.2, 0.3]))),
    ("adagrad", dict(lr=np.logspace(-2, 0, 4), lr_decay=np.array([0.0, 0.01, 0.1, 1.0]))),
    ("newton", dict(lr=np.array([0.1, 0.5, 1.0]), damping=np.array([0.0, 1.0, 10.0]))),
    ("rprop", dict(lr=np.logspace(-3, -1, 4), eta_plus=np.array([1.1, 1.2, 1.5, 2.0]))),
    ("asgd", dict(lr=np.logspace(-4, -3, 4), lambd=np.array([0, 1e-4, 0.01, 1]), t0=5)),
    ("adafactor", dict(lr=np.logspace(-3, -1, 4), beta2_decay=np.array([-1.0, -0.8, -0.5, 0.0]))),
    ("lbfgs", dict(lr=np.array([0.1, 0.5, 1.0]), tolerance_grad=np.array([1e-7, 1e-3, 1e-1]), max_iter=3)),
]


@pytest.mark.parametrize("name,kwargs", SWEEPS, ids=[s[0] for s in SWEEPS])
def test_a_hyperparameter_sweep_equals_separate_scalar_runs(name, kwargs):
    sweep = optimizers.run(ROSEN, optimizers.get(name, **kwargs), (-1.2, 1.0), 60)
    n = next(len(v) for v in kwargs.values() if isinstance(v, np.ndarray))
    for i in range(n):
        scalar = {k: (float(v[i]) if isinstance(v, np.ndarray) else v) for k, v in kwargs.items()}
        single = optimizers.run(ROSEN, optimizers.get(name, **scalar), (-1.2, 1.0), 60)
        np.testing.assert_allclose(sweep.xy[:, i], single.xy[:, 0], rtol=1e-15, atol=1e-15)
        assert sweep.diverged_at[i] == single.diverged_at[0]


# ---------------------------------------------------------------------------------------------
# 6. the optax-style table: tuned hyperparameters reach the minimum

CONVERGENCE = [
    # name, hyperparameters, steps on the book quadratic, steps on Rosenbrock
    ("sgd", dict(lr=0.9), 300, None),
    ("sgd", dict(lr=0.3, momentum=0.9), 300, None),
    ("sgd", dict(lr=0.3, momentum=0.9, nesterov=True), 300, None),
    ("adagrad", dict(lr=1.0), 500, None),
    ("rmsprop", dict(lr=0.01), 2000, None),
    ("adadelta", dict(lr=1.0), 3000, None),
    ("adam", dict(lr=0.1), 1000, None),
    ("adamw", dict(lr=0.1, weight_decay=0.0), 1000, None),
    ("adamax", dict(lr=0.1), 1000, None),
    ("nadam", dict(lr=0.1), 1000, None),
    ("radam", dict(lr=0.1), 1000, None),
    ("lion", dict(lr=0.01), 2000, None),
    ("adabelief", dict(lr=0.1), 1000, None),
    ("newton", dict(lr=1.0), 5, None),
    ("rprop", dict(lr=0.05), 300, None),
    ("asgd", dict(lr=0.9), 300, None),
    ("adafactor", dict(lr=0.3), 1000, None),
    ("lbfgs", dict(), 10, None),
    ("lbfgs", dict(line_search_fn="strong_wolfe"), 10, None),
]
ROSENBROCK_TUNED = {
    "sgd": (dict(lr=1e-3, momentum=0.9), 20000),
    "adagrad": (dict(lr=0.5), 20000),
    "rmsprop": (dict(lr=1e-3), 20000),
    "adadelta": None,  # reason below
    "adam": (dict(lr=0.02), 20000),
    "adamw": (dict(lr=0.02, weight_decay=0.0), 20000),
    "adamax": (dict(lr=0.02), 20000),
    "nadam": (dict(lr=0.02), 20000),
    "radam": (dict(lr=0.01), 20000),
    "lion": (dict(lr=1e-3), 20000),
    "adabelief": (dict(lr=0.01), 20000),
    "newton": (dict(lr=1.0), 50),
    "rprop": (dict(lr=0.01), 3000),
    "asgd": (dict(lr=1e-3), 20000),
    "adafactor": (dict(lr=0.01), 20000),
    "lbfgs": (dict(line_search_fn="strong_wolfe"), 20),
}


@pytest.mark.parametrize("name,kwargs,steps,_", CONVERGENCE, ids=[c[0] + str(i) for i, c in enumerate(CONVERGENCE)])
def test_reaches_the_minimum_of_the_book_quadratic(name, kwargs, steps, _):
    traj = optimizers.run(BOOK, optimizers.get(name, **kwargs), (-7.0, 2.0), steps, record="final")
    assert np.linalg.norm(traj.final_xy[0]) < 0.05, traj.final_xy[0]


@pytest.mark.parametrize("name", sorted(ROSENBROCK_TUNED))
def test_reaches_the_minimum_of_rosenbrock(name):
    entry = ROSENBROCK_TUNED[name]
    if entry is None:
        pytest.skip("Adadelta's unit-correcting step grows too slowly along Rosenbrock's flat valley "
                    "floor to arrive within 20,000 steps at any lr we tried (1, 10, 50)")
    kwargs, steps = entry
    traj = optimizers.run(ROSEN, optimizers.get(name, **kwargs), (-1.5, 2.0), steps, record="final")
    assert np.linalg.norm(traj.final_xy[0] - [1.0, 1.0]) < 0.05, traj.final_xy[0]


# ---------------------------------------------------------------------------------------------
# 7. clipping, validation, specs


def test_clipping_by_value_and_by_norm():
    opt = optimizers.get("sgd", lr=1.0, clip_value=0.5)
    np.testing.assert_allclose(first_step("sgd", lr=1.0, clip_value=0.5), X0 - [-0.5, 0.5])
    norm = np.linalg.norm(G0)
    np.testing.assert_allclose(first_step("sgd", lr=1.0, clip_norm=1.0), X0 - G0 / (norm + 1e-6), rtol=1e-15)
    # a norm below the threshold is untouched
    np.testing.assert_allclose(first_step("sgd", lr=1.0, clip_norm=100.0), X0 - G0, rtol=1e-15)
    assert opt.hyperparameters["clip_value"] == 0.5


def pre_clipped(surface, clip_norm: float):
    """``surface`` whose gradient is already clipped by norm, as torch's clip_grad_norm_ does it."""

    def grad_xy(x, y):
        gx, gy = surface.grad_xy(x, y)
        scale = np.minimum(1.0, clip_norm / (np.sqrt(gx * gx + gy * gy) + 1e-6))
        return gx * scale, gy * scale

    return dataclasses.replace(surface, grad_xy=grad_xy)


def pre_scaled(surface, factor: float):
    """``surface`` whose gradient is multiplied by ``factor`` (a power of two: exact)."""

    def grad_xy(x, y):
        gx, gy = surface.grad_xy(x, y)
        return gx * factor, gy * factor

    return dataclasses.replace(surface, grad_xy=grad_xy)


@pytest.mark.parametrize("name", optimizers.names())
def test_every_optimizer_steps_with_the_clipped_gradient(name):
    """On the cliff, clipping changes every optimizer's path (its gradients are huge), and the clipped
    run equals the unclipped run on a surface whose gradient was clipped beforehand."""
    cliff = surfaces.get("cliff")
    clipped = optimizers.run(cliff, optimizers.get(name, clip_norm=1.0), cliff.start, 20)
    by_hand = optimizers.run(pre_clipped(cliff, 1.0), optimizers.get(name), cliff.start, 20)
    free = optimizers.run(cliff, optimizers.get(name), cliff.start, 20)
    np.testing.assert_allclose(clipped.xy, by_hand.xy, rtol=1e-12, atol=1e-12)
    if np.allclose(clipped.xy, free.xy, equal_nan=True):
        # only a rule that reads the gradients' signs alone (Lion, Rprop) may ignore the clipping; then
        # halving every gradient changes nothing either
        halved = optimizers.run(pre_scaled(cliff, 0.5), optimizers.get(name), cliff.start, 20)
        np.testing.assert_array_equal(halved.xy, free.xy)


@pytest.mark.parametrize("name,kwargs,words", [
    ("sgd", dict(lr=-0.1), ["lr", "-0.1", "(0, inf)"]),
    ("sgd", dict(lr=0.0), ["lr", "0"]),
    ("sgd", dict(momentum=1.5), ["momentum", "1.5", "[0, 1)"]),
    ("adam", dict(beta2=1.0), ["beta2", "1.0", "[0, 1)"]),
    ("adam", dict(eps=-1e-8), ["eps", "-1e-08"]),
    ("adam", dict(betas=(0.9,)), ["betas"]),
    ("adam", dict(lr=float("nan")), ["lr", "nan"]),
    ("adam", dict(lr=np.array([0.1, -0.1])), ["lr", "-0.1"]),
    ("adam", dict(lr=np.array([0.1, 0.2]), beta1=np.array([0.1, 0.2, 0.3])), ["same length"]),
    ("adam", dict(amsgrad="yes"), ["amsgrad", "True or False"]),
    ("adam", dict(momentum=0.9), ["no parameter", "momentum"]),
    ("sgd", dict(nesterov=True), ["Nesterov", "momentum > 0"]),
    ("sgd", dict(clip_norm=-1.0), ["clip_norm", "-1.0"]),
])
def test_invalid_hyperparameters_name_the_parameter_value_and_range(name, kwargs, words):
    with pytest.raises(ValueError) as err:
        optimizers.get(name, **kwargs)
    for word in words:
        assert word in str(err.value)


def test_unknown_optimizer():
    with pytest.raises(ValueError, match="unknown optimizer 'sgdd'.*adam"):
        optimizers.get("sgdd")


@pytest.mark.parametrize("name", optimizers.names())
def test_every_optimizer_documents_itself(name):
    cls = optimizers.optimizer_class(name)
    assert cls.title and cls.latex and cls.convention and cls.__doc__
    specs = cls.spec_map()
    assert "lr" in specs and "clip_norm" in specs and "clip_value" in specs
    for spec in specs.values():
        assert spec.help, f"{name}.{spec.name} has no one-line meaning"
        assert spec.validate(spec.default) == spec.default  # defaults are valid
    assert specs["lr"].log


def test_defaults_are_torchs():
    defaults = {n: {k: s.default for k, s in optimizers.optimizer_class(n).spec_map().items()}
                for n in optimizers.names()}
    assert defaults["sgd"]["lr"] == 1e-3 and defaults["adagrad"]["eps"] == 1e-10
    assert defaults["rmsprop"]["alpha"] == 0.99 and defaults["adadelta"]["lr"] == 1.0
    assert (defaults["adam"]["beta1"], defaults["adam"]["beta2"], defaults["adam"]["eps"]) == (0.9, 0.999, 1e-8)
    assert defaults["adamw"]["weight_decay"] == 1e-2 and defaults["adamax"]["lr"] == 2e-3
    assert defaults["nadam"]["momentum_decay"] == 4e-3 and defaults["lion"]["lr"] == 1e-4
    assert defaults["adabelief"]["eps"] == 1e-16
    assert [defaults["rprop"][k] for k in ("lr", "eta_minus", "eta_plus", "step_size_min", "step_size_max")] == [
        1e-2, 0.5, 1.2, 1e-6, 50.0]
    assert [defaults["asgd"][k] for k in ("lr", "lambd", "alpha", "t0", "weight_decay")] == [1e-2, 1e-4, 0.75, 1e6, 0.0]
    assert [defaults["adafactor"][k] for k in ("lr", "beta2_decay", "eps1", "eps2", "d", "weight_decay")] == [
        1e-2, -0.8, np.finfo(np.float64).eps, 1e-3, 1.0, 0.0]
    lbfgs = defaults["lbfgs"]
    assert (lbfgs["lr"], lbfgs["max_iter"], lbfgs["tolerance_grad"], lbfgs["tolerance_change"], lbfgs["history_size"],
            lbfgs["line_search_fn"]) == (1.0, 20, 1e-7, 1e-9, 100, "none")


# ---------------------------------------------------------------------------------------------
# 8. property: any valid hyperparameters and start give finite output or a recorded divergence

SURFACE_NAMES = [n for n in surfaces.names()]


@settings(max_examples=120, deadline=None)
@given(
    name=st.sampled_from(optimizers.names()),
    surface=st.sampled_from(SURFACE_NAMES),
    log_lr=st.floats(-8, 2),
    beta=st.floats(0, 0.9999),
    log_eps=st.floats(-16, 0),
    u=st.tuples(st.floats(0, 1), st.floats(0, 1)),
    clip=st.sampled_from([0.0, 1.0]),
)
def test_any_valid_setting_gives_finite_output_or_a_recorded_divergence(name, surface, log_lr, beta, log_eps, u, clip):
    s = surfaces.get(surface)
    specs = optimizers.optimizer_class(name).spec_map()
    kwargs = {"lr": 10.0**log_lr, "clip_norm": clip}
    for key in ("beta1", "beta2", "alpha", "rho", "momentum"):
        if key in specs:
            kwargs[key] = beta
    if "eps" in specs:
        kwargs["eps"] = 10.0**log_eps
    (x0, x1), (y0, y1) = s.bounds
    start = (x0 + u[0] * (x1 - x0), y0 + u[1] * (y1 - y0))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = optimizers.run(s, optimizers.get(name, **kwargs), start, 60)
    alive = traj.diverged_at < 0
    assert np.isfinite(traj.xy).all()
    assert np.isfinite(traj.loss[:, alive]).all()
    assert (np.abs(traj.xy) <= 1e6).all()
