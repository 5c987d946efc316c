"""Engine throughput: point-steps per second against a hand-written NumPy loop, in one run.

Prints, for Adam on Rosenbrock (500 steps) at B = 1, 100, 10,000 and 100,000 runs:
the engine (one thread, its default, and two threads), a hand-written fused NumPy loop of the same update
(how fast NumPy can go), and a naive per-run Python loop; and the Compare page's work (6
optimizers × 300 steps from one start, full recording) against hand loops doing the same.
Ratios are taken within this run, because the machines are shared and noisy.

    python benchmarks/engine.py            # the full table
    python benchmarks/engine.py --quick    # smaller, for a smoke test
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import optimizers  # noqa: E402
import surfaces  # noqa: E402

ROSEN = surfaces.get("rosenbrock")
LR, B1, B2, EPS = 1e-3, 0.9, 0.999, 1e-8


def starts(b: int) -> np.ndarray:
    rng = np.random.default_rng(0)
    return rng.uniform([-2, -1], [2, 3], size=(b, 2))


def hand_adam(xy0: np.ndarray, steps: int) -> np.ndarray:
    """Adam on Rosenbrock written out by hand with in-place NumPy: the speed NumPy allows."""
    x, y = xy0[:, 0].copy(), xy0[:, 1].copy()
    mx, my, vx, vy = (np.zeros_like(x) for _ in range(4))
    r, gx, gy, tmp = (np.empty_like(x) for _ in range(4))
    for t in range(1, steps + 1):
        np.multiply(x, x, out=r)
        np.subtract(y, r, out=r)  # r = y - x²
        np.multiply(x, r, out=gx)
        gx *= -400.0
        np.subtract(x, 1.0, out=tmp)
        tmp *= 2.0
        gx += tmp  # gx = -2(1-x) - 400 x r
        np.multiply(r, 200.0, out=gy)
        for g, m, v, p in ((gx, mx, vx, x), (gy, my, vy, y)):
            m *= B1
            m += (1 - B1) * g
            v *= B2
            np.multiply(g, g, out=tmp)
            tmp *= 1 - B2
            v += tmp
            np.sqrt(v, out=tmp)
            tmp /= math.sqrt(1 - B2**t)
            tmp += EPS
            np.divide(m, tmp, out=tmp)
            tmp *= LR / (1 - B1**t)
            p -= tmp
    return np.stack([x, y], axis=1)


def naive_adam(xy0, steps: int) -> tuple[float, float]:
    """One run at a time in plain Python floats."""
    x, y = float(xy0[0]), float(xy0[1])
    m, v = [0.0, 0.0], [0.0, 0.0]
    for t in range(1, steps + 1):
        g = (-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x))
        p = [x, y]
        for i in range(2):
            m[i] = B1 * m[i] + (1 - B1) * g[i]
            v[i] = B2 * v[i] + (1 - B2) * g[i] * g[i]
            p[i] -= LR / (1 - B1**t) * m[i] / (math.sqrt(v[i]) / math.sqrt(1 - B2**t) + EPS)
        x, y = p
    return x, y


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def throughput_table(sizes, steps: int, repeat: int) -> list[dict]:
    rows = []
    opt = optimizers.get("adam", lr=LR)
    for b in sizes:
        xy = starts(b)
        engine_1 = best_of(lambda xy=xy: optimizers.run(ROSEN, opt, xy, steps, record="final", threads=1), repeat)
        engine_n = best_of(lambda xy=xy: optimizers.run(ROSEN, opt, xy, steps, record="final", threads=2), repeat)
        hand = best_of(lambda xy=xy: hand_adam(xy, steps), repeat)
        sample = min(b, 20)  # the naive loop is timed on ≤ 20 runs and scaled up
        naive = best_of(lambda xy=xy, sample=sample: [naive_adam(p, steps) for p in xy[:sample]], 1) * b / sample
        # correctness alongside speed: the engine and the hand loop agree
        ours = optimizers.run(ROSEN, opt, xy[:64], steps, record="final").final_xy
        assert np.allclose(ours, hand_adam(xy[:64], steps), rtol=1e-9, atol=1e-12)
        rows.append(dict(b=b, engine_1=engine_1, engine_n=engine_n, hand=hand, naive=naive,
                         work=b * steps))
    return rows


COMPARE_SIX = [
    ("sgd", dict(lr=1e-3)),
    ("sgd", dict(lr=1e-3, momentum=0.9)),
    ("adagrad", dict(lr=0.1)),
    ("rmsprop", dict(lr=1e-2)),
    ("adam", dict(lr=1e-2)),
    ("adadelta", dict(lr=1.0)),
]


def hand_compare_six(steps: int):
    """The same six runs written by hand for one start, recording path and loss as the page does."""
    out = []
    for name, kw in COMPARE_SIX:
        p = np.array([-1.5, 2.0])
        state = [np.zeros(2), np.zeros(2)]
        path, losses = [p], [ROSEN.f(p)]
        for t in range(1, steps + 1):
            x, y = p
            g = np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
            lr = kw["lr"]
            if name == "sgd" and kw.get("momentum"):
                state[0] = g if t == 1 else kw["momentum"] * state[0] + g
                p = p - lr * state[0]
            elif name == "sgd":
                p = p - lr * g
            elif name == "adagrad":
                state[0] = state[0] + g * g
                p = p - lr * g / (np.sqrt(state[0]) + 1e-10)
            elif name == "rmsprop":
                state[0] = 0.99 * state[0] + 0.01 * g * g
                p = p - lr * g / (np.sqrt(state[0]) + 1e-8)
            elif name == "adam":
                state[0] = 0.9 * state[0] + 0.1 * g
                state[1] = 0.999 * state[1] + 0.001 * g * g
                p = p - lr / (1 - 0.9**t) * state[0] / (np.sqrt(state[1]) / math.sqrt(1 - 0.999**t) + 1e-8)
            else:  # adadelta
                state[0] = 0.9 * state[0] + 0.1 * g * g
                d = np.sqrt(state[1] + 1e-6) / np.sqrt(state[0] + 1e-6) * g
                state[1] = 0.9 * state[1] + 0.1 * d * d
                p = p - lr * d
            path.append(p)
            losses.append((1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2)
        out.append((np.array(path), np.array(losses)))
    return out


def engine_compare_six(steps: int):
    return [optimizers.run(ROSEN, optimizers.get(n, **kw), (-1.5, 2.0), steps) for n, kw in COMPARE_SIX]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer repeats")
    args = parser.parse_args()
    sizes = (1, 100, 10_000) if args.quick else (1, 100, 10_000, 100_000)
    repeat = 2 if args.quick else 3

    print(f"Adam on Rosenbrock, 500 steps, record='final'; best of {repeat}; million point-steps per second")
    print(f"{'B':>8} {'engine 1 thread':>16} {'engine 2 thr':>15} {'hand NumPy':>11} {'naive Python':>13}"
          f" {'engine/hand (1 thr)':>20} {'engine/hand (2 thr)':>18}")
    for r in throughput_table(sizes, 500, repeat):
        mps = {k: r["work"] / r[k] / 1e6 for k in ("engine_1", "engine_n", "hand", "naive")}
        print(f"{r['b']:>8} {mps['engine_1']:>16.2f} {mps['engine_n']:>15.2f} {mps['hand']:>11.2f}"
              f" {mps['naive']:>13.2f} {r['engine_1'] / r['hand']:>19.2f}x {r['engine_n'] / r['hand']:>17.2f}x")

    steps = 300
    hand = [best_of(lambda: hand_compare_six(steps), 1) for _ in range(5)]
    ours = [best_of(lambda: engine_compare_six(steps), 1) for _ in range(5)]
    print(f"\nCompare page work: 6 optimizers x {steps} steps from one start, full recording (median of 5)")
    print(f"  engine {statistics.median(ours) * 1e3:.1f} ms   hand loops {statistics.median(hand) * 1e3:.1f} ms"
          f"   ratio {statistics.median(ours) / statistics.median(hand):.2f}x (target ≤ 2x)")


if __name__ == "__main__":
    main()
