"""The CPU budget: probes, chunks cut at the deadline, refusals; engine batches in blocks of bounded memory."""

from __future__ import annotations

import time
import tracemalloc

import numpy as np
import pytest

import optimizers
import surfaces
from landscapes import blocks, budget
from landscapes import search as se
from landscapes import sweep as sw

BOOK = surfaces.get("book_quadratic")
# twelve asin factors: the formula of the heavy links (a Hessian of ~4000 operations)
HEAVY = "*".join(f"asin((x+{d}*y)/{40 + d})" for d in range(12))


class FakeClock:
    """A clock that moves only when the work says so: chunk costs exactly as declared."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def chunk(self, cost: float, value):
        def work():
            self.now += cost
            return value
        return work


def burn(seconds: float) -> None:
    """Spend ``seconds`` of this thread's CPU."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


# ------------------------------------------------------------------------------ run_chunks


def test_a_slow_workload_is_cut_at_the_deadline_and_says_how_much_it_did():
    clock = FakeClock()
    chunks = [clock.chunk(1.0, i) for i in range(10)]
    out = budget.run_chunks(chunks, 4.5, probe=lambda: [1.0] * 10, clock=clock)
    assert out.partial and not out.complete and not out.refused
    assert out.value == [0, 1, 2, 3] and (out.done, out.total) == (4, 10)
    assert out.seconds == 4.0 <= out.limit  # the fifth chunk would have overrun: it was not started
    assert out.estimate == pytest.approx(10.0) and out.fraction == 0.4


def test_work_that_fits_runs_to_the_end():
    clock = FakeClock()
    out = budget.run_chunks([clock.chunk(0.5, i) for i in range(4)], 5.0, probe=lambda: [0.5] * 4, clock=clock)
    assert out.complete and out.value == [0, 1, 2, 3] and out.seconds == 2.0


def test_a_hopeless_probe_refuses_fast_without_running_anything():
    clock = FakeClock()
    ran = []

    def probe():
        clock.now += 0.01  # the probe's own (small) cost counts
        return [60.0] * 10

    chunks = [lambda i=i: ran.append(i) for i in range(10)]
    out = budget.run_chunks(chunks, 5.0, probe=probe, clock=clock)
    assert out.refused and not out.partial and not out.complete
    assert ran == [] and out.value == [] and out.seconds == pytest.approx(0.01)
    assert out.estimate == pytest.approx(600.01)


def test_below_the_minimum_share_is_refused_above_it_is_cut():
    clock = FakeClock()
    chunks = [clock.chunk(1.0, i) for i in range(20)]
    assert budget.run_chunks(chunks, 1.5, probe=lambda: [1.0] * 20, clock=clock).refused  # 1 of 20 fits
    out = budget.run_chunks(chunks, 2.5, probe=lambda: [1.0] * 20, clock=clock)  # 2 of 20 = the minimum share
    assert out.partial and out.done == 2


def test_a_probe_that_underestimates_is_corrected_by_the_chunks_measured():
    clock = FakeClock()
    chunks = [clock.chunk(2.0, i) for i in range(10)]  # each costs twice what the probe says
    out = budget.run_chunks(chunks, 5.0, probe=lambda: [1.0] * 10, clock=clock)
    assert out.done == 2 and out.seconds == 4.0  # after the first chunk the predictions doubled
    assert out.estimate == pytest.approx(20.0)


def test_without_a_probe_the_first_chunk_is_the_probe():
    clock = FakeClock()
    chunks = [clock.chunk(cost, i) for i, cost in enumerate([0.1] + [1.0] * 9)]
    out = budget.run_chunks(chunks, 3.0, costs=[0.1] + [1.0] * 9, clock=clock)
    assert out.done == 3 and out.value == [0, 1, 2]
    hopeless = budget.run_chunks([clock.chunk(1.0, i) for i in range(100)], 3.0, clock=clock)
    assert hopeless.refused and hopeless.done == 1  # the probe chunk ran, and said so


def test_progress_goes_up_to_one_and_the_real_clock_is_thread_cpu_time():
    seen = []
    out = budget.run_chunks([lambda: burn(0.02)] * 3, 10.0, progress=seen.append)
    assert out.complete and seen == sorted(seen) and seen[-1] == 1.0
    assert 0.05 <= out.seconds < 1.0


def test_a_real_cpu_workload_stays_within_its_limit():
    chunks = [lambda: burn(0.05)] * 40
    out = budget.run_chunks(chunks, 0.5, probe=lambda: [0.05] * 40)
    assert out.partial and 7 <= out.done <= 10
    assert out.seconds <= 0.5 + 0.05


def test_bad_arguments():
    with pytest.raises(ValueError, match="seconds"):
        budget.Deadline(-1.0)
    with pytest.raises(ValueError, match="one time per chunk"):
        budget.run_chunks([lambda: 1], 1.0, probe=lambda: [1.0, 2.0])
    assert budget.run_chunks([], 1.0).complete


def test_fit_line_separates_the_overhead_from_the_cost_per_item():
    assert budget.fit_line([16, 256], [0.0116, 0.0356]) == pytest.approx((0.01, 1e-4))
    a, b = budget.fit_line([16, 256], [0.02, 0.01])  # noise: the larger slice looked cheaper
    assert a == 0 and b == pytest.approx(0.01 / 256)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 64, 100, 128])
def test_spread_is_an_order_whose_prefixes_cover_the_range(n):
    order = budget.spread(n)
    assert sorted(order.tolist()) == list(range(n))
    if n >= 64:
        first = np.sort(order[: n // 8])
        assert first[0] == 0 and first[-1] >= n * 3 // 4 and np.diff(first).max() <= 2 * n // (n // 8)


# ------------------------------------------------------------------------------ engine batches in blocks


def test_blocks_equal_one_engine_call_bit_for_bit():
    lr = np.geomspace(1e-3, 1.0, 5000)
    opt = optimizers.get("adam", lr=lr)
    whole = optimizers.run(BOOK, opt, BOOK.start, 60, record="final")
    batch = blocks.Batch.of(BOOK, opt, BOOK.start, 60)
    final = np.full((5000, 2), np.nan)

    def keep(traj, rows):
        final[rows] = traj.final_xy

    out = blocks.run_blocks(batch, keep, order=budget.spread(5000))
    assert out.complete and out.done == 5000 and len(blocks.blocks_of(np.arange(5000), 2048)) == 3
    np.testing.assert_array_equal(final, whole.final_xy)


def test_the_heavy_search_stays_within_its_memory_and_the_deadline_cuts_it():
    surface = surfaces.from_expression(HEAVY)
    spec = sw.default_spec("newton", "lr", "damping", steps=3906, start=surface.start)
    box = se.Box(spec.x, spec.y)
    points = np.vstack([se.grid_trials(box, 1024), se.random_trials(box, 1024)])
    tracemalloc.start()
    began = time.thread_time()
    out = se.evaluate_within(surface, spec, points, limit=1.0, order=se.trial_order(1024, 1024))
    seconds = time.thread_time() - began
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 400 * 2**20  # one engine call recording every step held 3 GB
    assert seconds < 2.0  # (tracemalloc slows allocations down, so the probe's forecast is short)
    if not out.refused:  # a busy machine may find even one block too much
        assert out.partial and out.value.ran.sum() == out.done < 2048
        grid_ran, random_ran = out.value.ran[:1024].sum(), out.value.ran[1024:].sum()
        assert abs(int(grid_ran) - int(random_ran)) <= 1  # the two methods alternate


def test_a_noisy_cell_replays_the_noise_of_its_block():
    spec = sw.default_spec(nx=64, ny=64, steps=300, sigma=2.0, seed=3)
    result = sw.run_sweep(BOOK, spec)
    _, _, groups = sw._plan(spec)
    assert len(groups) == 3
    for i, j in [(0, 0), (10, 63), (40, 31), (63, 17)]:
        traj = sw.cell_run(BOOK, spec, i, j)
        assert traj.final_loss[0] == result.final_loss[j, i]
        np.testing.assert_array_equal(traj.final_xy[0], result.final_xy[j, i])


def test_a_sweep_cut_short_has_whole_rows_spread_over_the_grid():
    spec = sw.default_spec(nx=64, ny=64, steps=2000)
    began = time.thread_time()
    whole = sw.run_sweep(BOOK, spec)
    seconds = time.thread_time() - began
    out = sw.sweep_within(BOOK, spec, limit=0.6 * seconds)
    if out.refused:
        pytest.skip("the machine was too busy to run even one block in 60% of the time it just took")
    result = out.value
    assert out.partial and not result.complete
    rows = result.computed.all(axis=1)
    assert (result.computed == rows[:, None]).all()  # whole rows
    assert rows[0] and rows[32] and rows.sum() == out.done and out.total == 64
    np.testing.assert_array_equal(result.final_loss[rows], whole.final_loss[rows])
    assert np.isnan(result.metric("final_loss")[~rows]).all() and not result.diverged[~rows].any()
