"""The Noise page's conclusion is read off its own learning-rate sweep (issue #13, item 2).

Before, it said "the best rate grows roughly in proportion to B" under a table that gave 0.147, 0.316,
0.316, 0.316 for B = 1, 4, 16, 64.  Now the exponent is fitted, plateaus, the grid's edges and the
stability limit are named, and linear scaling is the notes' rule with its conditions, which the last
library test checks (same number of examples: the best rate does grow about like B).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import surfaces
from landscapes.noise import LrSweep, _scaling_kind, best_lr_scaling, lr_sweep, sgd_stability_limit

BOOK = surfaces.get("book_quadratic")
NOISE = str(Path(__file__).resolve().parent.parent / "app_pages" / "noise.py")
PAGE_LRS = np.geomspace(1e-3, 1.0, 19)  # the page's default sweep: 19 rates from 1e-3 to 1


def synthetic(sizes, best_index, n_rates=19, diverged_from=None) -> LrSweep:
    """An LrSweep whose best rate for size k is rate ``best_index[k]`` (a loss with its minimum there)."""
    lrs = np.geomspace(1e-3, 1.0, n_rates)
    loss = np.array([(np.arange(n_rates) - i) ** 2 + 1.0 for i in best_index], dtype=float)
    diverged = np.zeros_like(loss)
    if diverged_from is not None:
        diverged[:, diverged_from:] = 1.0
        loss[:, diverged_from:] = np.nan
    best = np.array([lrs[np.nanargmin(row)] if np.isfinite(row).any() else np.nan for row in loss])
    return LrSweep(np.asarray(sizes), lrs, loss, diverged, best)


@settings(max_examples=100, deadline=None)
@given(exponent=st.floats(-0.5, 1.2), n_sizes=st.integers(2, 6))
def test_the_fitted_exponent_is_the_true_one_within_the_grids_resolution(exponent, n_sizes):
    sizes = 4 ** np.arange(n_sizes)
    lrs = np.geomspace(1e-6, 10.0, 25)
    wanted = 1e-3 * sizes.astype(float) ** exponent
    index = [int(np.argmin(np.abs(np.log(lrs) - np.log(w)))) for w in wanted]
    loss = np.array([(np.arange(25) - i) ** 2 + 1.0 for i in index], dtype=float)
    sweep = LrSweep(sizes, lrs, loss, np.zeros_like(loss), lrs[index])
    scaling = best_lr_scaling(sweep)
    assert abs(scaling.exponent - exponent) <= scaling.resolution + 1e-9
    assert scaling.kind == _scaling_kind(scaling.exponent)
    assert scaling.ratio == pytest.approx(10 ** (7 / 24))


def test_kinds_plateaus_and_the_grids_edges():
    assert [_scaling_kind(p) for p in (1.0, 0.8, 0.5, 0.2, 0.0, -0.3)] == [
        "linear", "linear", "sqrt", "slow", "flat", "falling"]
    # the issue's table: 0.1, 0.147, 0.316, 0.316 for B = 1, 4, 16, 64 (rates 12, 13, 15, 15 of 19)
    issue = best_lr_scaling(synthetic([1, 4, 16, 64], [12, 13, 15, 15]), limit=1.0)
    np.testing.assert_allclose(issue.best_lr, [0.1, 0.146780, 0.316228, 0.316228], rtol=1e-5)
    assert issue.kind == "slow" and 0.25 < issue.exponent < 0.35  # not B, and below √B
    assert issue.plateau_from == 16 and not issue.at_top and not issue.past_limit and issue.limit == 1.0
    assert issue.linear_prediction == pytest.approx(6.4)
    top = best_lr_scaling(synthetic([1, 4, 16], [14, 18, 18]))
    assert top.at_top == (4, 16) and top.plateau_from == 4 and top.at_bottom == ()
    bottom = best_lr_scaling(synthetic([1, 4], [0, 3]))
    assert bottom.at_bottom == (1,)
    edge = best_lr_scaling(synthetic([1, 4, 16], [10, 13, 13], diverged_from=14), limit=0.2)
    assert edge.next_diverged == (4, 16) and edge.past_limit == (4, 16)  # rate 13 is 0.147, 14 is 0.215
    assert best_lr_scaling(synthetic([1], [3])) is None
    assert best_lr_scaling(synthetic([1, 4], [3, 3], diverged_from=0)) is None  # everything diverged


def test_the_stability_limit_is_known_for_sgd_on_a_quadratic_only():
    assert sgd_stability_limit(BOOK, "sgd", {"lr": 0.1}) == pytest.approx(1.0)
    assert sgd_stability_limit(BOOK, "sgd", {"momentum": 0.5}) == pytest.approx(1.5)
    assert sgd_stability_limit(BOOK, "sgd", {"momentum": 0.5, "nesterov": True}) == pytest.approx(0.75)
    assert sgd_stability_limit(BOOK, "sgd", {"weight_decay": 0.5}) == pytest.approx(2 / 2.5)
    assert sgd_stability_limit(BOOK, "sgd", {"clip_norm": 1.0}) is None
    assert sgd_stability_limit(BOOK, "sgd", {"dampening": 0.1, "momentum": 0.5}) is None
    assert sgd_stability_limit(BOOK, "adam", {}) is None
    assert sgd_stability_limit(surfaces.get("cliff"), "sgd", {}) is None


def test_on_the_books_bowl_the_best_rate_grows_far_more_slowly_than_b_with_equal_steps():
    sweep = lr_sweep(BOOK, "sgd", {}, BOOK.start, 100, [1, 4, 16, 64], PAGE_LRS, 2.0, seeds=16)
    scaling = best_lr_scaling(sweep, sgd_stability_limit(BOOK, "sgd", {}))
    assert scaling.exponent < 0.35 and scaling.kind in ("slow", "flat")
    assert scaling.plateau_from is not None and not scaling.at_top and not scaling.past_limit
    assert scaling.best_lr.max() < 0.5 * scaling.limit  # well below 2/λmax = 1: not cut off by stability
    assert scaling.linear_prediction > scaling.limit  # the rule, taken from B = 1, would pass the limit


def test_with_equal_examples_the_best_rate_grows_about_like_b():
    """The condition the page states for the notes' rule: a 4× larger batch takes 4× fewer steps."""
    best = []
    for size, steps in ((4, 1600), (16, 400), (64, 100)):
        best.append(lr_sweep(BOOK, "sgd", {}, BOOK.start, steps, [size], PAGE_LRS, 2.0, seeds=16).best_lr[0])
    exponent = np.polyfit(np.log([4, 16, 64]), np.log(best), 1)[0]
    assert exponent >= 0.75  # against about 0.17 with equal steps (the test above)
    assert max(best) < 1.0  # and below the stability limit 2/λmax = 1


def conclusion(at: AppTest) -> str:
    titles = ("**What this sweep shows**", "**这次扫描说明了什么**")
    title = next(k for k, m in enumerate(at.markdown) if m.value in titles)
    return at.markdown[title + 1].value


def run(query: dict | None = None, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(NOISE, default_timeout=60)
    at.query_params.update(query or {})
    if lang:
        at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_default_conclusion_is_the_tables_own():
    at = run()
    table = at.dataframe[1].value
    sizes = table.iloc[:, 0].astype(float).to_numpy()
    best = table.iloc[:, 1].astype(float).to_numpy()
    exponent = np.polyfit(np.log(sizes), np.log(best), 1)[0]  # from the rounded table: the same to 2 digits
    text = conclusion(at)
    assert "proportion to B" not in text + " ".join(c.value for c in at.caption)
    assert f"p = {exponent:.2f}" in text and "more slowly than √B" in text
    plateau = np.flatnonzero(best == best[-1])[0]
    assert f"From B = {int(sizes[plateau])} on it stays at {best[-1]:.3g}" in text
    assert "stable for lr < 2/λmax = 1" in text and "none of them is cut off by divergence" in text
    predicted = float(re.search(r"would give ([0-9.]+) at B = 64", text).group(1))
    assert predicted == pytest.approx(best[0] * 64, rel=0.01)  # the table's rate is rounded to 3 digits
    captions = " ".join(c.value for c in at.caption)
    assert "learning rate and batch size scale linearly" in captions and "same number of examples" in captions
    assert "σ₁/√B (2 at B = 1, 0.25 at B = 64 here)" in captions


def test_a_range_that_stops_too_low_is_named():
    text = conclusion(run({"noise.lr_high": "0.2"}))
    assert "is the highest one tried (0.2)" in text and "raise the highest learning rate" in text


def test_the_conclusion_in_chinese():
    at = run(lang="zh")
    text = conclusion(at)
    assert "拟合" in text and "⟦" not in text
    assert "学习率和批量满足线性缩放" in " ".join(c.value for c in at.caption)


def test_the_old_sentence_is_gone_from_every_language():
    from ui.strings import CATALOGUE

    for entry in CATALOGUE.values():
        assert "roughly in proportion to B" not in entry["en"]
        assert not re.search(r"大致与 ?B ?成正比（线性缩放规则）", entry["zh"])


def test_without_noise_the_best_rate_is_flat_and_held_by_the_stability_limit():
    text = conclusion(run({"noise.sigma": "0"}))
    assert "hardly changes with the batch size (fitted exponent p = 0.00" in text
    assert "the next rate tried is at or past it, so there the best rate is held back by the stability limit" in text
