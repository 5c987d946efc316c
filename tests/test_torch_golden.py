"""Our optimizers and schedules against torch.optim, from the golden file: runs with or without torch.

tests/golden/torch_golden.npz holds torch's float64 trajectories (every optimizer case on each surface)
and learning rates (every lr_scheduler case) for the table in tests/golden/cases.py; rewrite it with
``python tests/golden/make_torch_golden.py`` where torch is installed.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

import optimizers
import surfaces
from optimizers import schedules
from tests.golden import cases

META, GOLDEN = cases.load()
STALE = f"the golden file does not match tests/golden/cases.py: rerun `{cases.REGENERATE}` where torch is installed"


def golden(key: str) -> np.ndarray:
    if key not in GOLDEN:
        pytest.fail(f"no golden data for {key!r}: {STALE}")
    return GOLDEN[key]


def test_golden_file_matches_the_case_table():
    assert META["configuration"] == cases.configuration(), STALE
    assert set(GOLDEN) == cases.expected_keys(), STALE
    assert all(a.dtype == np.float64 and np.isfinite(a).all() for a in GOLDEN.values())


# --------------------------------------------------------------------------------- optimizers

OPTIMIZER_PARAMS = [pytest.param(c, s, id=f"{c.id}-{s}") for c in cases.OPTIMIZER_CASES for s in cases.SURFACES]


@pytest.mark.parametrize(("case", "surface"), OPTIMIZER_PARAMS)
def test_optimizer_matches_torch_optim(case, surface):
    key = cases.optimizer_key(case, surface)
    reference = golden(key)
    start = cases.SURFACES[surface]
    traj = optimizers.run(surfaces.get(surface), optimizers.get(case.name, **case.kwargs), start, cases.STEPS)
    ours = traj.xy[:, 0]
    assert ours.shape == reference.shape == (cases.STEPS + 1, 2)
    if case.id in cases.ULPS_APART:
        # a few ulps: torch fuses some multiply-adds that this rule does not, so the last bit may differ
        np.testing.assert_allclose(ours, reference, rtol=1e-12, atol=1e-13)
    else:
        np.testing.assert_array_equal(ours, reference)
    for extra in cases.recorded(case):
        if extra == "evaluations":  # L-BFGS: f and ∇f evaluations per step, counted by the engine
            np.testing.assert_array_equal(traj.evaluations[:, 0], golden(f"{key}:{extra}"))
        else:  # ASGD's averaged point
            np.testing.assert_array_equal(traj.paths[extra][:, 0], golden(f"{key}:{extra}"))


def test_the_cases_a_few_ulps_apart_are_cases():
    assert cases.ULPS_APART <= {c.id for c in cases.OPTIMIZER_CASES}


def test_every_torch_matched_optimizer_has_a_golden_case():
    registered = set(optimizers.names())
    covered = {c.name for c in cases.OPTIMIZER_CASES}
    assert set(cases.NOT_IN_TORCH) <= registered, "cases.NOT_IN_TORCH names an optimizer that is not registered"
    assert not covered & set(cases.NOT_IN_TORCH), "an optimizer is both in NOT_IN_TORCH and under the golden check"
    missing = registered - covered - set(cases.NOT_IN_TORCH)
    assert not missing, (f"no golden case for {sorted(missing)}: add a row to cases.OPTIMIZER_CASES (and rerun "
                         f"`{cases.REGENERATE}`) or, if torch.optim has no such rule, to cases.NOT_IN_TORCH")
    # each class documents the torch rule it follows: the case must run that same torch class
    for case in cases.OPTIMIZER_CASES:
        convention = optimizers.optimizer_class(case.name).convention
        assert convention.startswith(f"torch.optim.{case.torch}:"), (case.id, convention[:40])
    for name in cases.NOT_IN_TORCH:
        assert not optimizers.optimizer_class(name).convention.startswith("torch.optim."), name


# --------------------------------------------------------------------------------- schedules


@pytest.mark.parametrize("case", cases.SCHEDULE_CASES, ids=[c.id for c in cases.SCHEDULE_CASES])
def test_schedule_matches_torch_lr_scheduler(case):
    expected = golden(cases.schedule_key(case))
    ours = cases.BASE_LR * schedules.get(case.name, **case.params).values(cases.SCHEDULE_UPDATES)
    # torch's linear anneal (end - start)·u + start cancels at u = 1: its floor lr·1e-6/4 comes out
    # ~2e-18 off (rel 1e-12), where we return the floor exactly; allow a few ulps of the peak lr there.
    atol = 1e-15 * cases.BASE_LR if case.params.get("anneal_strategy") == "linear" else 0.0
    np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=atol)


@pytest.mark.parametrize("case", cases.FEEDBACK_CASES, ids=[c.id for c in cases.FEEDBACK_CASES])
def test_a_schedule_on_the_runs_loss_matches_torch(case):
    path, lrs = (golden(key) for key in cases.feedback_keys(case))
    opt = optimizers.get(case.optimizer.name, **case.optimizer.kwargs)
    traj = optimizers.run(surfaces.get(case.surface), opt, cases.SURFACES[case.surface], cases.STEPS,
                          schedule=schedules.get(case.name, **case.params))
    np.testing.assert_array_equal(traj.lr[:, 0], lrs)
    assert len(set(lrs.tolist())) > 1, "the case should cut the rate at least once"
    np.testing.assert_array_equal(traj.xy[:, 0], path)


def test_every_torch_matched_schedule_has_a_golden_case_with_and_without_warmup():
    with_torch = {n: schedules.entry(n).torch for n in schedules.names() if schedules.entry(n).torch}
    feedback = {n for n in with_torch if schedules.entry(n).feedback}
    covered = {c.name for c in cases.SCHEDULE_CASES} | {c.name for c in cases.FEEDBACK_CASES}
    # a rule on the run's loss takes no warmup (torch's SequentialLR cannot chain it either)
    warmed = {c.name for c in cases.SCHEDULE_CASES if "warmup_steps" in c.params} | feedback
    assert not set(with_torch) - covered, f"no golden case for {sorted(set(with_torch) - covered)}"
    assert not set(with_torch) - warmed - {"constant"}, f"no warmup case for {sorted(set(with_torch) - warmed)}"
    # a schedule that names its torch class is checked against that class
    for case in [*cases.SCHEDULE_CASES, *cases.FEEDBACK_CASES]:
        if case.name in with_torch:
            assert with_torch[case.name] in cases.torch_classes(case.torch), case.id


# ---------------------------------------------------------------------- the file, where torch is


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch is not installed")
def test_golden_file_is_what_this_torch_gives():
    import torch

    if torch.__version__ != META["torch"]:
        pytest.skip(f"torch {torch.__version__} installed, golden file from torch {META['torch']}")
    from tests.golden import make_torch_golden

    meta, fresh = make_torch_golden.compute()
    assert meta["configuration"] == META["configuration"], STALE
    assert set(fresh) == set(GOLDEN), STALE
    for key, value in fresh.items():
        np.testing.assert_array_equal(value, GOLDEN[key], err_msg=f"{key}: {STALE}")
