"""Basin maps: time and peak memory of a 256 × 256 × 300 map, beside the engine's single-run speed.

Measured in one process, one after the other, because the machines are shared and noisy:

1. the engine's single-run throughput: one SGD run on Himmelblau (B = 1), steps per second;
2. the basin map 256 × 256 starts × 300 steps (SGD, lr 0.01, Himmelblau), ``record="final"``:
   wall time, run-steps per second, and peak memory (tracemalloc's peak of NumPy allocations, and the
   process's peak RSS growth);
3. the same map measuring steps to settle every 5 steps (bounded-memory blocks), and Rastrigin with
   the discovery of its 81 local minima.

    .venv/bin/python benchmarks/landscapes.py            # best of 3 repeats per line
    .venv/bin/python benchmarks/landscapes.py --quick    # one repeat, 128 × 128 (a smoke test)
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import optimizers  # noqa: E402
import surfaces  # noqa: E402
from landscapes.basins import BLOCK_BYTES, basin_map  # noqa: E402

BUDGET_SECONDS = 5.0


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def single_run_rate(repeats: int, steps: int = 20_000) -> float:
    """Steps per second of one run (B = 1): the engine's per-step Python overhead."""
    surface = surfaces.get("himmelblau")
    sgd = optimizers.get("sgd", lr=0.01)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        optimizers.run(surface, sgd, (0.0, 0.0), steps, record="final")
        best = min(best, time.perf_counter() - start)
    return steps / best


def map_line(label: str, surface_name: str, optimizer, n: int, steps: int, repeats: int, **kw) -> dict:
    surface = surfaces.get(surface_name)
    times, peaks = [], []
    rss_before = rss_mib()
    for _ in range(repeats):
        tracemalloc.start()
        start = time.perf_counter()
        bmap = basin_map(surface, optimizer, n, steps, **kw)
        times.append(time.perf_counter() - start)
        peaks.append(tracemalloc.get_traced_memory()[1] / 2**20)
        tracemalloc.stop()
    best = min(times)
    counts = bmap.counts()
    return dict(
        label=label,
        seconds=best,
        rate=n * n * steps / best,
        peak=max(peaks),
        rss_growth=rss_mib() - rss_before,
        minima=len(bmap.minima),
        none=counts[-1],
        diverged=counts[-2],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repeat on a 128 × 128 grid")
    args = parser.parse_args()
    repeats = 1 if args.quick else 3
    n, steps = (128, 300) if args.quick else (256, 300)

    single = single_run_rate(repeats)
    sgd = optimizers.get("sgd", lr=0.01)
    lines = [
        map_line(f"himmelblau {n}²×{steps}, final", "himmelblau", sgd, n, steps, repeats),
        map_line(
            f"himmelblau {n}²×{steps}, steps every 5", "himmelblau", sgd, n, steps, repeats, steps_every=5
        ),
        map_line(
            f"rastrigin {n}²×{steps}, discover",
            "rastrigin",
            optimizers.get("sgd", lr=0.004),
            n,
            steps,
            repeats,
        ),
    ]
    print(f"engine, one run (B = 1): {single:,.0f} steps/s  ({1e6 / single:.1f} µs per step)")
    print(f"block budget for recorded steps: {BLOCK_BYTES / 2**20:.0f} MiB per worker")
    print(
        f"{'basin map':<40}{'time s':>8}{'run-steps/s':>14}{'× one run':>11}{'peak MiB':>10}"
        f"{'RSS +MiB':>10}{'minima':>8}{'none':>7}{'diverged':>9}"
    )
    for line in lines:
        print(
            f"{line['label']:<40}{line['seconds']:>8.2f}{line['rate']:>14,.0f}{line['rate'] / single:>11,.0f}"
            f"{line['peak']:>10.1f}{line['rss_growth']:>10.1f}{line['minima']:>8}{line['none']:>7}"
            f"{line['diverged']:>9}"
        )
    first = lines[0]
    verdict = "OK" if first["seconds"] < BUDGET_SECONDS else "OVER BUDGET"
    print(f"{first['label']}: {first['seconds']:.2f} s against a budget of {BUDGET_SECONDS:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
