"""Bayesian search of the same box: Optuna's TPE sampler, seeded, evaluated in rounds by the vectorized engine.

The Tree-structured Parzen Estimator (Bergstra et al., 2011; the algorithm of Hyperopt, one of the
tools the notes name) splits the trials so far at a quantile γ of their values into the good ones
and the others, fits a density to each, l(x) and g(x), on each axis' own scale (log for the learning
rate), and tries next where l(x)/g(x) is largest: where good trials were dense and the others sparse.
That is the notes' exploration–exploitation trade-off: the densities are wide where little was tried.

Three choices make it comparable with grid and random search on the page:

* the **same budget** N and the same box; the first ``min(N_STARTUP, N)`` trials are random search's
  first ones (enqueued), so TPE and random search agree until the model starts, and whatever TPE
  gains after that is the model's;
* **the same order of merit**: TPE minimizes :func:`tpe_value`, which sorts trials exactly as
  :meth:`landscapes.search.Scores.best` does (the objective, ties and trials that never reached the
  tolerance by their final gap, diverged ones last);
* **seeded**: ``TPESampler(seed=seed)``, rounds whose sizes depend on N only, and values from the
  deterministic engine, so a link reproduces every trial bit for bit; a deadline only decides how
  many rounds run, and the rounds that ran are the same as in a complete search.

TPE is sequential: each trial is chosen from the results of the earlier ones.  Here a round asks
``K`` trials at once (with ``constant_liar``: pending trials count as bad ones, so the K spread
out), runs them as one batch of the engine, then tells their values; K = 1 while N is small, and
grows so that a search has at most :data:`MAX_ROUNDS` rounds after its random start.

    run = tpe_search(surface, spec, n=16, seed=0, objective="steps_to_tol", f_star=0.0).value
    run.points, run.scores, run.startup, run.rounds
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import optuna

from landscapes import search as se
from landscapes.blocks import PROBE_SIZES, Batch, probe
from landscapes.budget import CLOCK, Outcome, run_chunks
from landscapes.sweep import SweepSpec, build_optimizer, noise_for, reference_loss

# The page must stay quiet: no "Trial 3 finished with value …" line per trial on the server's log, and no
# experimental-feature warnings.
optuna.logging.set_verbosity(optuna.logging.WARNING)
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)

#: random trials before the model starts (Optuna's default n_startup_trials)
N_STARTUP = 10
#: at most this many rounds after the random start: the round size K grows with N beyond it
MAX_ROUNDS = 64
#: the sampler's CPU seconds per trial asked, a + b × (trials so far): its densities are refitted on every
#: trial before it (measured on the 2-core machine: 1 ms at 30 trials, 7 ms at 1000); only the prediction
#: of what fits in the budget uses it, and run_chunks corrects it by what the rounds really take
SAMPLER_SECONDS = (1.0e-3, 7.0e-6)


@dataclass(frozen=True)
class TpeRun:
    """A TPE search: its trials in the order asked, their scores, how they were asked, what they cost."""

    points: np.ndarray  # (M, 2), M ≤ N: the trials of the rounds that ran
    scores: se.Scores
    startup: int  # the first trials, copied from random search
    rounds: tuple[int, ...]  # the size of each round that ran (the first is the random start)
    values: np.ndarray  # what TPE was told for each trial (tpe_value)
    sampler_seconds: float  # CPU seconds in Optuna (asking and telling)
    engine_seconds: float  # CPU seconds running the trials

    @property
    def model_trials(self) -> int:
        """How many trials the model chose (after the random start)."""
        return len(self.points) - self.startup


def startup_size(n: int) -> int:
    return min(N_STARTUP, se.check_budget(n))


def round_sizes(n: int) -> list[int]:
    """The rounds of a search of ``n`` trials: the random start, then rounds of K = ⌈(n − start)/MAX_ROUNDS⌉.

    16 → [10, 1, 1, 1, 1, 1, 1]; 1024 → [10, 16, 16, …, 14].  They depend on n only, never on time.
    """
    start = startup_size(n)
    rest = n - start
    k = max(1, math.ceil(rest / MAX_ROUNDS))
    return [start] + [min(k, rest - i) for i in range(0, rest, k)]


def tpe_value(scores: se.Scores, objective: str, steps: int) -> np.ndarray:
    """What TPE minimizes: a number per trial in the order of :meth:`Scores.best` (lower is better).

    * final loss: the gap f − f* (∞ where diverged);
    * steps to tolerance: s + q for a trial that reached it at step s, steps + 1 + q for one that did
      not, ∞ for one that diverged, with q = gap/(1 + gap) ∈ [0, 1): trials with equal steps, and
      those that never reached the tolerance, are ordered by their final gap (to float precision).

    A failed trial is not merely "bad": the gap of a run that did not reach the tolerance in time tells
    the sampler which of them came close.
    """
    if objective == "final_loss":
        return scores.objective("final_loss")
    if objective != "steps_to_tol":
        se.Scores.objective(scores, objective)  # raises the error that names the objectives
    gap = np.where(np.isfinite(scores.gap), scores.gap, 0.0)
    q = gap / (1.0 + gap)
    value = np.where(np.isnan(scores.steps_to_tol), steps + 1.0 + q, scores.steps_to_tol + q)
    return np.where(scores.diverged, np.inf, value)


def _sampler(seed: int, n: int) -> optuna.samplers.TPESampler:
    return optuna.samplers.TPESampler(seed=seed, n_startup_trials=startup_size(n), constant_liar=True)


def tpe_search(surface, spec: SweepSpec, n: int, seed: int, objective: str, f_star: float | None = None,
               limit: float = math.inf, every: int | None = None,
               progress: Callable[[float], None] | None = None,
               clock: Callable[[], float] = CLOCK) -> Outcome[TpeRun | None]:
    """N TPE trials over the spec's box (x and y axes) within ``limit`` CPU seconds, in :func:`round_sizes` rounds.

    ``f_star`` is the reference loss of the gaps (the page passes its map's, as for grid and random
    search; default: the surface's known minimum); ``every`` the loss-recording stride (the page
    passes that of the grid and random batch, so steps to tolerance are exact to the same k steps
    for all three).  The outcome counts trials; a
    search cut short holds the rounds that ran; a refused one is None.
    """
    n = se.check_budget(n)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"the seed must be a whole number ≥ 0 (got {seed!r})")
    if f_star is None:
        f_star, known = reference_loss(surface)
        if not known:
            raise ValueError("this surface's minimum is unknown: give f_star (the page uses its map's lowest loss)")
    box = se.Box(spec.x, spec.y)
    sizes = round_sizes(n)
    start = sizes[0]
    study = optuna.create_study(direction="minimize", sampler=_sampler(int(seed), n))
    for point in se.random_trials(box, start, seed):
        study.enqueue_trial({box.x.name: float(point[0]), box.y.name: float(point[1])})

    parts: list[tuple[np.ndarray, se.Scores, np.ndarray]] = []
    seconds = {"sampler": 0.0, "engine": 0.0}

    def suggest(trial) -> tuple[float, float]:
        return tuple(trial.suggest_float(a.name, a.low, a.high, log=a.log) for a in box.axes)

    def round_of(size: int) -> Callable[[], int]:
        def work() -> int:
            began = clock()
            trials = [study.ask() for _ in range(size)]
            points = np.array([suggest(trial) for trial in trials], dtype=float)
            asked = clock()
            scores = se.evaluate(surface, spec, points, f_star=f_star, every=every)
            ran = clock()
            values = tpe_value(scores, objective, spec.steps)
            for trial, value in zip(trials, values):
                study.tell(trial, float(value))
            seconds["engine"] += ran - asked
            seconds["sampler"] += (asked - began) + (clock() - ran)
            parts.append((points, scores, values))
            return size
        return work

    def predict() -> list[float]:
        """The engine's cost of each round (timed on this surface and optimizer), plus the sampler's."""
        pts = se.random_trials(box, min(n, PROBE_SIZES[-1]), seed)
        batch = Batch.of(surface, build_optimizer(spec, pts[:, 0], pts[:, 1]), spec.start, spec.steps,
                         noise=noise_for(spec, pts[:, 0], pts[:, 1]), seed=spec.seed)
        record = "full" if (every or 1) == 1 else int(every)
        engine = probe(batch, [np.arange(k) for k in sizes], record, clock)
        before = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        a, b = SAMPLER_SECONDS
        return [e + k * (a + b * (m + k / 2)) for e, k, m in zip(engine, sizes, before)]

    chunks = [round_of(k) for k in sizes]
    forecast = None if math.isinf(limit) else predict
    outcome = run_chunks(chunks, limit, probe=forecast, progress=progress, clock=clock)
    done = int(sum(outcome.value))
    if outcome.refused or not parts:
        return outcome.with_value(None, done=0, total=n)
    points = np.vstack([p for p, _, _ in parts])
    scores = _concat([s for _, s, _ in parts])
    values = np.concatenate([v for _, _, v in parts])
    run = TpeRun(points, scores, min(start, done), tuple(len(p) for p, _, _ in parts), values,
                 seconds["sampler"], seconds["engine"])
    return outcome.with_value(run, done=done, total=n)


def _concat(parts: list[se.Scores]) -> se.Scores:
    """The scores of several rounds as one (same reference loss)."""
    return se.Scores(*(np.concatenate([getattr(s, name) for s in parts])
                       for name in ("points", "final_loss", "gap", "steps_to_tol", "diverged")),
                     f_star=parts[0].f_star)


def best_so_far(values: np.ndarray) -> np.ndarray:
    """The running minimum of per-trial objectives (∞ until a trial succeeds)."""
    values = np.asarray(values, dtype=float)
    return np.minimum.accumulate(values) if values.size else values


def trials_to_match(values: np.ndarray, target: float) -> int | None:
    """How many trials (1-based) a search needed for its best to reach ``target`` or lower; None: never."""
    if not np.isfinite(target):
        return None
    hits = np.flatnonzero(np.asarray(values, dtype=float) <= target)
    return int(hits[0]) + 1 if hits.size else None

