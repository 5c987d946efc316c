"""The default sweep's time next to the engine's single-run throughput, measured in the same run.

The Sweep page's default view is SGD with momentum on the book's bowl, lr 1e-3…2 × momentum 0…0.99,
64 × 64 cells, 300 steps: 4096 runs in one vectorized engine call.  This prints how long that takes
(the whole sweep with its metrics, and the bare engine call), the throughput of single runs (one run at
a time, as a per-cell loop would do it), and the ratio, all from this one process: the machines are
shared and noisy, so only numbers taken side by side are compared.

    python benchmarks/sweep.py            # median of 7 repeats
    python benchmarks/sweep.py --quick    # 3 repeats
    python benchmarks/sweep.py --check    # exit 1 if the default sweep takes 1 s or more
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import optimizers  # noqa: E402
import surfaces  # noqa: E402
from landscapes import sweep as sw  # noqa: E402

BUDGET_SECONDS = 1.0


def timed(fn, repeats: int) -> float:
    """The median wall time of ``repeats`` calls (after one warm-up call)."""
    fn()
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--check", action="store_true",
                        help=f"fail if the sweep takes {BUDGET_SECONDS} s or more")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7

    surface = surfaces.get("book_quadratic")
    spec = replace(sw.default_spec(), start=surface.start)
    cells, steps = spec.cells, spec.steps
    _, _, xs, ys = sw.grid_values(spec)

    sweep_s = timed(lambda: sw.run_sweep(surface, spec), repeats)
    grid_optimizer = optimizers.get("sgd", lr=xs, momentum=ys)
    engine_s = timed(lambda: optimizers.run(surface, grid_optimizer, spec.start, steps, record="final"),
                     repeats)
    # single runs: one optimizer, one start, long enough to time the step loop rather than the set-up
    single_steps = 20_000
    one = optimizers.get("sgd", lr=0.1, momentum=0.9)
    single_s = timed(lambda: optimizers.run(surface, one, spec.start, single_steps, record="final"), repeats)
    # and what a per-cell loop over the grid costs, set-up included: 300-step runs one after another
    short_s = timed(lambda: [optimizers.run(surface, one, spec.start, steps, record="final")
                             for _ in range(20)], repeats) / 20

    single_rate = single_steps / single_s
    sweep_rate = cells * steps / sweep_s
    rows = [
        ("whole sweep (one engine call + metrics)",
         f"{sweep_s:8.3f} s = {sweep_rate / 1e6:6.2f} M run-steps/s"),
        ("bare engine call (record='final')", f"{engine_s:8.3f} s"),
        (f"one run of {single_steps} steps", f"{single_s:8.3f} s = {single_rate / 1e3:6.1f} k steps/s"),
        (f"one {steps}-step run (set-up included)", f"{short_s * 1e3:8.2f} ms"),
        (f"{cells} such runs one by one (estimate)", f"{short_s * cells:8.2f} s"),
    ]
    print(f"default sweep: SGD+momentum on book_quadratic, {spec.nx} x {spec.ny} cells x {steps} steps "
          f"({cells * steps / 1e6:.2f} M run-steps)")
    for i, (label, value) in enumerate(rows):
        if i == 2:
            print("single runs, same process:")
        print(f"  {label:<42}: {value}")
    print(f"speed-up of the vectorized sweep over a per-cell loop: {short_s * cells / sweep_s:.0f}x; "
          f"sweep throughput / single-run throughput: {sweep_rate / single_rate:.0f}x")
    verdict = "OK" if sweep_s < BUDGET_SECONDS else "TOO SLOW"
    print(f"{verdict}: the default sweep takes {sweep_s:.3f} s (budget {BUDGET_SECONDS:.0f} s)")
    return 1 if args.check and sweep_s >= BUDGET_SECONDS else 0


if __name__ == "__main__":
    sys.exit(main())
