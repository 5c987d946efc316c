"""Each surface's own learning rates (comparison/per_surface.py): the first view of every surface teaches
instead of showing warnings, a change of surface takes the new rates unless the user set one, and a
link still reproduces the view exactly."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import surfaces
from comparison import codec as K
from comparison import per_surface
from comparison.config import DEFAULT, KINDS, CompareConfig, OptimizerConfig, ScheduleConfig
from comparison.metrics import outcome
from comparison.runner import run_one

STEPS = DEFAULT.steps


def default_view(name: str) -> CompareConfig:
    """What a user sees after choosing surface ``name`` on the untouched page (from the codec's state)."""
    state = K.state_for(DEFAULT)
    state[K.key("surface")] = name
    K.surface_changed(state)
    state[K.DEFAULTS_FROM] = K.surface_of(K.state_for(DEFAULT))
    K.follow_surface(state)
    return K.config_from_state(state)


def check_run(surface, traj, what):
    out = outcome(traj, surface.bounds)
    assert out.diverged_at is None, f"{what} diverged numerically at step {out.diverged_at}"
    (x0, x1), (y0, y1) = surface.bounds
    xy = traj.xy[:, 0]
    inside = (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
    if surface.minima:
        assert inside.all(), f"{what} leaves the view at step {int(np.argmin(inside))}"
        assert out.final_loss < out.start_loss, f"{what} ends higher than it starts"
    else:  # no bottom: it should be seen reaching the saddle before it escapes
        assert inside[: STEPS // 2 + 1].all(), f"{what} leaves the view at step {int(np.argmin(inside))}"


@pytest.mark.parametrize("name", surfaces.names())
def test_the_default_optimizers_do_not_diverge_on_any_surface(name):
    cfg = default_view(name)
    assert [o.kind for o in cfg.optimizers] == [o.kind for o in DEFAULT.optimizers]
    surface = surfaces.get(name)
    assert cfg.start == tuple(float(v) for v in surface.start)
    for i, opt in enumerate(cfg.optimizers):
        check_run(surface, run_one(surface, opt, cfg.schedule_for(i), cfg.start, cfg.steps), f"{name}: {opt.label()}")


@pytest.mark.slow
@pytest.mark.parametrize("name", surfaces.names())
def test_every_optimizer_but_newton_starts_at_a_rate_that_fits_the_surface(name):
    surface = surfaces.get(name)
    for kind in KINDS:
        if kind == "newton":  # lr = 1 is Newton's own step; where H is indefinite it heads for saddles
            continue
        opt = OptimizerConfig(kind, (("lr", K.param_default(surface, kind, "lr", 4)),))
        check_run(surface, run_one(surface, opt, ScheduleConfig(), surface.start, STEPS), f"{name}: {opt.label()}")


def test_the_book_keeps_the_books_rates_and_an_empty_link():
    bowl = surfaces.get("book_quadratic")
    assert [K.param_default(bowl, o.kind, "lr", i) for i, o in enumerate(DEFAULT.optimizers)] == [0.95, 0.1, 1.5, 0.3]
    assert K.query_for(DEFAULT) == {}


@pytest.mark.parametrize("name", ["quadratic", "booth", "matyas", "saddle"])
def test_quadratic_rates_are_the_stated_fraction_of_two_over_lambda_max(name):
    surface = surfaces.get(name)
    rng = np.random.default_rng(0)
    hessians = surface.hessian(rng.uniform(-3, 3, size=(20, 2)))
    np.testing.assert_allclose(hessians, np.broadcast_to(hessians[0], hessians.shape))  # a quadratic
    lam_max = np.linalg.eigvalsh(hessians[0])[-1]
    for kind in ("sgd", "momentum", "nesterov"):
        rule = per_surface.LEARNING_RATES[name][kind]
        assert isinstance(rule, per_surface.OfLimit)
        assert per_surface.learning_rate(surface, kind) == pytest.approx(rule.fraction * 2 / lam_max, rel=1e-3)


def test_a_quadratic_rate_follows_its_parameters():
    steep, flat = surfaces.get("quadratic", kappa=10.0), surfaces.get("quadratic", kappa=100.0)
    for s in (steep, flat):
        lam_max = np.linalg.eigvalsh(s.hessian(np.zeros(2)))[-1]
        assert per_surface.learning_rate(s, "sgd") == pytest.approx(0.95 * 2 / lam_max, rel=1e-3)


@pytest.mark.parametrize("name", sorted(per_surface.UNBOUNDED_BELOW))
def test_surfaces_said_to_be_unbounded_below_are(name):
    surface = surfaces.get(name)
    assert not surface.minima
    far = [float(surface.f(np.array(p))) for p in ((0.0, 1e3), (-1e3, 0.0))]
    assert min(far) < -1e5


def test_every_surface_but_the_bowl_has_rates_and_every_rate_names_a_kind():
    assert set(per_surface.LEARNING_RATES) == set(surfaces.names()) - {"book_quadratic"}
    for rates in per_surface.LEARNING_RATES.values():
        assert set(rates) <= set(KINDS)


# ------------------------------------------------------------------------------ switching surface


def session_on(name, **edits):
    state = K.state_for(DEFAULT)
    K._settled(state)
    state.update(edits)
    state[K.key("surface")] = name
    K.surface_changed(state)
    K.follow_surface(state)
    return state


def test_a_setting_whose_default_does_not_move_with_the_surface_is_not_listed_as_kept():
    state = session_on("rosenbrock", **{"compare.o1.momentum": 0.5})
    assert state["compare.o1.momentum"] == 0.5 and not K.kept_values(state)


def test_switching_surface_takes_its_rates_and_keeps_a_rate_the_user_set():
    state = session_on("rosenbrock", **{"compare.o1.lr": 0.05})
    rosenbrock = surfaces.get("rosenbrock")
    assert state["compare.o0.lr"] == per_surface.learning_rate(rosenbrock, "sgd")  # was the book's 0.95
    assert state["compare.o1.lr"] == 0.05  # typed by the user: kept ...
    assert K.kept_values(state) == {"compare.o1.lr": (0.05, per_surface.learning_rate(rosenbrock, "momentum"))}
    K.use_surface_defaults(state)  # ... until they ask for the surface's rate
    assert state["compare.o1.lr"] == per_surface.learning_rate(rosenbrock, "momentum") and not K.kept_values(state)
    # and back to the bowl: the book's rates again
    state[K.key("surface")] = "book_quadratic"
    K.surface_changed(state)
    K.follow_surface(state)
    assert K.config_from_state(state).normalized() == DEFAULT.normalized()


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(surfaces.names()), st.sampled_from(surfaces.names()),
       st.sampled_from([None, 1e-3, 0.05, 0.95]))
def test_the_link_of_a_switched_view_reproduces_it_exactly(first, second, typed):
    edits = {} if typed is None else {"compare.o0.lr": typed}
    state = session_on(first, **edits)
    state[K.key("surface")] = second
    K.surface_changed(state)
    K.follow_surface(state)
    config = K.config_from_state(state)
    state[K.key("v")] = K.config_version(config)  # what the page publishes with the view
    query = K.query_for(config)
    link, notices = K.decode(query)
    assert not notices and link.config.normalized() == config.normalized()


def test_a_saved_link_without_a_version_opens_with_the_rates_links_had_before():
    link, _ = K.decode({"compare.surface": "rosenbrock"})
    assert [dict(o.hp)["lr"] for o in link.config.optimizers] == [0.95, 0.1, 1.5, 0.3]
    link, _ = K.decode({"compare.surface": "rosenbrock", "compare.v": "2"})
    rosenbrock = surfaces.get("rosenbrock")
    assert [dict(o.hp)["lr"] for o in link.config.optimizers] == [
        K.param_default(rosenbrock, o.kind, "lr", i) for i, o in enumerate(DEFAULT.optimizers)]
