"""Basin maps against single runs, the classification of Himmelblau's four basins, and the map's colours."""

from __future__ import annotations

import json
import time
import tracemalloc

import numpy as np
import pytest

import optimizers
import surfaces
from landscapes import basins
from landscapes.basins import (
    DIVERGED,
    NO_MINIMUM,
    basin_map,
    basins_within,
    discover_minima,
    grid_axes,
)
from landscapes.blocks import block_size
from viz.basins import DIVERGED_COLOUR, NO_MINIMUM_COLOUR, basin_colours, basin_figure

HIMMELBLAU = surfaces.get("himmelblau")


def settle_step(xy: np.ndarray, steps: np.ndarray, tol: float) -> int:
    """The first recorded step after which a path stays within tol of its end (reference loop)."""
    end = xy[-1]
    settled = int(steps[-1])
    for i in range(len(xy) - 1, -1, -1):
        if np.hypot(*(xy[i] - end)) > tol:
            break
        settled = int(steps[i])
    return settled


@pytest.mark.parametrize(
    ("name", "hp", "every"),
    [("sgd", dict(lr=0.01), None), ("sgd", dict(lr=0.01, momentum=0.9), 3), ("adam", dict(lr=0.1), 4)],
)
def test_every_pixel_equals_its_single_run(name, hp, every):
    opt = optimizers.get(name, **hp)
    bmap = basin_map(HIMMELBLAU, opt, (9, 7), 80, steps_every=every)
    assert bmap.label.shape == (7, 9) and bmap.final_xy.shape == (7, 9, 2)
    points = np.array([m.point for m in bmap.minima])
    for row in range(7):
        for col in range(9):
            record = "full" if every is None else every
            single = optimizers.run(HIMMELBLAU, opt, bmap.start_of(row, col), 80, record=record)
            np.testing.assert_allclose(bmap.final_xy[row, col], single.xy[-1, 0], rtol=1e-13, atol=1e-13)
            np.testing.assert_allclose(bmap.final_loss[row, col], single.loss[-1, 0], rtol=1e-12, atol=1e-14)
            assert bmap.diverged_at[row, col] == single.diverged_at[0]
            distance = np.linalg.norm(points - single.xy[-1, 0], axis=1)
            expected = int(distance.argmin()) if distance.min() < bmap.tol else NO_MINIMUM
            if single.diverged_at[0] >= 0:
                expected = DIVERGED
            assert bmap.label[row, col] == expected
            if every is not None:
                want = settle_step(single.xy[:, 0], single.steps, bmap.tol) if expected >= 0 else -1
                assert bmap.steps_needed[row, col] == want


def test_himmelblau_starts_near_each_minimum_land_in_its_basin():
    bmap = basin_map(HIMMELBLAU, optimizers.get("sgd", lr=0.01), 64, 300)
    assert [m.known for m in bmap.minima] == [True] * 4  # nothing else is found on Himmelblau
    xx, yy = np.meshgrid(bmap.x, bmap.y)
    for i, m in enumerate(HIMMELBLAU.minima):
        near = np.hypot(xx - m.point[0], yy - m.point[1]) < 1.0
        assert near.sum() > 10
        assert (bmap.label[near] == i).all(), f"starts near minimum {i} went elsewhere"
    counts = bmap.counts()
    assert counts[NO_MINIMUM] == 0 and counts[DIVERGED] == 0
    assert all(counts[i] > 0.15 * bmap.label.size for i in range(4))  # four basins of comparable size


def test_divergence_and_no_minimum_have_their_own_colours():
    big = basin_map(HIMMELBLAU, optimizers.get("sgd", lr=0.05), 24, 100)
    assert (big.label == DIVERGED).any()
    assert ((big.diverged_at >= 0) == (big.label == DIVERGED)).all()
    short = basin_map(HIMMELBLAU, optimizers.get("sgd", lr=1e-4), 24, 5)
    assert (short.label == NO_MINIMUM).mean() > 0.9

    for bmap, code in ((big, DIVERGED), (short, NO_MINIMUM)):
        fig = basin_figure(bmap, HIMMELBLAU, "minimum")
        heat = fig.data[0]
        z = np.asarray(heat.z, dtype=float)
        row, col = np.argwhere(bmap.label == code)[0]
        # the colourscale maps value v to position (v - zmin)/(zmax - zmin); look up its colour
        position = (z[row, col] - heat.zmin) / (heat.zmax - heat.zmin)
        scale = heat.colorscale
        colour = next(c for (lo, c), (hi, _) in zip(scale[::2], scale[1::2]) if lo <= position <= hi)
        assert colour == (DIVERGED_COLOUR if code == DIVERGED else NO_MINIMUM_COLOUR)
        names = [trace.name or "" for trace in fig.data]
        assert any("diverged" in n for n in names) and any("no minimum" in n for n in names)
    # minima never take the divergence or no-minimum colour
    assert not {DIVERGED_COLOUR, NO_MINIMUM_COLOUR} & set(basin_colours(big.label, len(big.minima)))


def test_rastrigin_local_minima_are_discovered_and_touching_basins_differ_in_colour():
    rastrigin = surfaces.get("rastrigin")
    bmap = basin_map(rastrigin, optimizers.get("sgd", lr=0.004), 72, 300)
    found = [m for m in bmap.minima if not m.known]
    assert len(found) >= 60  # a dip near every integer point of [-4, 4]²
    for m in found:
        nearest = np.round(m.point)
        assert np.hypot(*(np.asarray(m.point) - nearest)) < 0.1
        assert np.linalg.norm(rastrigin.grad(np.asarray(m.point))) < 1e-6  # refined onto the stationary point
    assert (bmap.label == NO_MINIMUM).mean() < 0.02
    colours = basin_colours(bmap.label, len(bmap.minima))
    label = bmap.label
    for a, b in ((label[:, :-1], label[:, 1:]), (label[:-1], label[1:])):
        touching = (a != b) & (a >= 0) & (b >= 0)
        for i, j in {(int(x), int(y)) for x, y in zip(a[touching], b[touching])}:
            assert colours[i] != colours[j]


def test_steps_view_and_loss_view_build():
    bmap = basin_map(HIMMELBLAU, optimizers.get("sgd", lr=0.01), 16, 200, steps_every=5)
    assert (bmap.steps_needed[bmap.label >= 0] >= 0).all()
    assert (bmap.steps_needed[bmap.label >= 0] % 5 == 0).all()  # recorded every 5 steps (200 is one of them)
    for mode in ("steps", "loss"):
        spec = json.loads(basin_figure(bmap, HIMMELBLAU, mode).to_json())
        assert spec["data"][1]["type"] == "heatmap" and "colorbar" in spec["data"][1]
    with pytest.raises(ValueError, match="steps_every"):
        basin_figure(basin_map(HIMMELBLAU, optimizers.get("sgd", lr=0.01), 8, 20), HIMMELBLAU, "steps")
    with pytest.raises(ValueError, match="mode"):
        basin_figure(bmap, HIMMELBLAU, "colours")


def test_clicked_path_is_drawn():
    bmap = basin_map(HIMMELBLAU, optimizers.get("sgd", lr=0.01), 16, 50)
    path = optimizers.run(HIMMELBLAU, optimizers.get("sgd", lr=0.01), (1.0, 1.0), 50).xy[:, 0]
    fig = basin_figure(bmap, HIMMELBLAU, path=path, path_label="clicked")
    traces = [t for t in fig.data if t.name == "clicked"]
    assert traces and np.allclose(traces[0].x, path[:, 0])


def test_memory_stays_bounded_while_counting_steps(monkeypatch):
    monkeypatch.setattr(basins, "BLOCK_BYTES", 2 * 2**20)
    rows = block_size(400, 1, group=48, points=basins.BLOCK_BYTES // basins.BYTES_PER_RECORD)
    assert rows * 401 * basins.BYTES_PER_RECORD <= 2 * 2**20
    opt = optimizers.get("sgd", lr=0.01)
    tracemalloc.start()
    bmap = basin_map(HIMMELBLAU, opt, 48, 400, steps_every=1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    unblocked = 48 * 48 * 401 * 32  # what recording every step of every run at once would hold: 29 MB
    assert peak < 2 * 2 * 2**20 + 3 * 2**20 < unblocked
    assert (bmap.steps_needed[bmap.label >= 0] > 0).any()


def test_bad_input_is_refused_with_a_message():
    sgd = optimizers.get("sgd", lr=0.01)
    with pytest.raises(ValueError, match="2 to 256"):
        basin_map(HIMMELBLAU, sgd, 257, 10)
    with pytest.raises(ValueError, match="2 to 256"):
        grid_axes(HIMMELBLAU.bounds, 1)
    with pytest.raises(ValueError, match="steps"):
        basin_map(HIMMELBLAU, sgd, 8, 0)
    with pytest.raises(ValueError, match="steps"):
        basin_map(HIMMELBLAU, sgd, 8, basins.MAX_STEPS + 1)
    with pytest.raises(ValueError, match="tol"):
        basin_map(HIMMELBLAU, sgd, 8, 10, tol=-1.0)
    with pytest.raises(ValueError, match="steps_every"):
        basin_map(HIMMELBLAU, sgd, 8, 10, steps_every=0)
    with pytest.raises(ValueError, match="one optimizer configuration"):
        basin_map(HIMMELBLAU, optimizers.get("sgd", lr=np.array([0.1, 0.2])), 8, 10)
    with pytest.raises(ValueError, match="box"):
        basin_map(HIMMELBLAU, sgd, 8, 10, bounds=((1.0, 0.0), (0.0, 1.0)))
    with pytest.raises(ValueError, match="optimizers.get"):
        basin_map(HIMMELBLAU, "sgd", 8, 10)


def test_discovery_ignores_scattered_end_points():
    rng = np.random.default_rng(0)
    scattered = rng.uniform(-4, 4, size=(200, 2))
    assert discover_minima(HIMMELBLAU, scattered, 0.01) == []
    assert discover_minima(HIMMELBLAU, np.empty((0, 2)), 0.1) == []


def test_a_map_cut_short_by_its_deadline_is_the_map_of_the_rows_it_computed():
    sgd = optimizers.get("sgd", lr=0.01)
    began = time.thread_time()
    whole = basin_map(HIMMELBLAU, sgd, 128, 300)  # 8 blocks of 16 rows
    seconds = time.thread_time() - began
    out = basins_within(HIMMELBLAU, sgd, 128, 300, limit=seconds / 2, min_share=0.0)
    assert out.partial and 16 <= out.done < out.total == 128
    bmap = out.value
    assert bmap.label.shape == (out.done, 128) and len(bmap.y) == out.done
    rows = [int(np.flatnonzero(whole.y == y)[0]) for y in bmap.y]
    assert rows == sorted(rows) and rows[0] == 0 and rows[-1] >= 64  # spread over the view, not the bottom
    np.testing.assert_array_equal(bmap.final_xy, whole.final_xy[rows])
    np.testing.assert_array_equal(bmap.label, whole.label[rows])


def test_a_hopeless_map_is_refused_after_the_probe_alone():
    newton = optimizers.get("newton")
    heavy = surfaces.from_expression("*".join(f"asin((x+{d}*y)/{40 + d})" for d in range(12)))
    out = basins_within(heavy, newton, 256, 5000, steps_every=1, limit=0.5)
    assert out.refused and out.value is None
    assert out.estimate > 5.0 and out.seconds < 0.5
