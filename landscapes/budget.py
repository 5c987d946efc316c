"""Work within a CPU budget: a timed probe, then chunks run in order until a deadline.

A class shares one server, so no page may spend more than a few seconds of CPU on one rerun,
whatever the formula, the optimizer or the sizes in its link.  Counting runs × steps cannot promise
that (a custom formula or Newton's Hessian makes a step fifty times dearer than SGD on a bowl, and
the machine may be slower or busier than the one a constant was fitted on), so the work is measured:

* a **probe** runs a small slice of the actual work (the same surface, optimizer and steps; one
  layer of the network; a few mini-batches) and extrapolates its time to every chunk;
* the chunks then run in order, and a **deadline** is checked between them: a chunk predicted to
  overrun what is left of the budget is not started, so what comes back is what was computed so
  far, and the :class:`Outcome` says how much that is;
* when the probe says that less than :data:`MIN_SHARE` of the work would fit, nothing runs and the
  outcome is *refused*: the page names what to lower rather than show a sliver.

    outcome = run_chunks(chunks, limit=3.5, probe=lambda: [seconds_per_chunk] * len(chunks))
    outcome.value                       # the parts computed, in order
    outcome.done, outcome.total         # how many chunks
    outcome.complete, outcome.partial, outcome.refused, outcome.estimate

Time is the calling thread's CPU time (:func:`time.thread_time`): what this session costs the
server, not how long it waited for the other sessions (wall time) nor what they spent (process
time).  The work must therefore run on the calling thread, with single-threaded BLAS; the engine
does by default.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

import numpy as np

T = TypeVar("T")

#: the clock every budget is measured on: CPU seconds of the calling thread
CLOCK: Callable[[], float] = time.thread_time
#: refuse when the probe says that less than this share of the work would fit in the budget
MIN_SHARE = 0.1


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a budgeted computation returns: the value, how much of the work it covers, what it cost.

    ``done`` and ``total`` count the work in the computation's own unit (chunks, runs, trials,
    epochs).  ``seconds`` is the CPU time spent, probe included; ``estimate`` the CPU time the whole
    work would take, extrapolated from what was measured; ``limit`` the budget it had.
    """

    value: T
    done: int
    total: int
    seconds: float
    estimate: float
    limit: float
    refused: bool = False

    @property
    def complete(self) -> bool:
        return not self.refused and self.done >= self.total

    @property
    def partial(self) -> bool:
        """Cut short by the deadline: ``value`` holds what was computed."""
        return not self.refused and self.done < self.total

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0

    def with_value(self, value: Any, done: int | None = None, total: int | None = None) -> Outcome:
        """The same outcome for a value built from the parts (and counted in its own unit)."""
        return replace(self, value=value, done=self.done if done is None else int(done),
                       total=self.total if total is None else int(total))


class Deadline:
    """A budget of ``seconds`` on ``clock`` that starts now."""

    def __init__(self, seconds: float, clock: Callable[[], float] = CLOCK):
        if not (isinstance(seconds, (int, float)) and seconds >= 0) or math.isnan(seconds):
            raise ValueError(f"a budget must be a number of seconds ≥ 0 (got {seconds!r})")
        self.seconds = float(seconds)
        self.clock = clock
        self.started = clock()

    def spent(self) -> float:
        return self.clock() - self.started

    def left(self) -> float:
        return self.seconds - self.spent()

    def passed(self) -> bool:
        return self.spent() >= self.seconds


def timed(work: Callable[[], T], clock: Callable[[], float] = CLOCK) -> tuple[T, float]:
    """``(work(), CPU seconds it took)``."""
    began = clock()
    result = work()
    return result, clock() - began


def fit_line(sizes: Sequence[float], seconds: Sequence[float]) -> tuple[float, float]:
    """``(a, b)`` with ``seconds ≈ a + b·size`` through the first and last timing (both ≥ 0).

    Small slices cost more per item than large ones (a fixed overhead per call or step), so a
    proportional extrapolation from a small probe would overestimate big chunks several times over;
    two sizes separate the overhead ``a`` from the cost per item ``b``.
    """
    if len(sizes) != len(seconds) or not sizes:
        raise ValueError("give one timing per size")
    n1, n2, t1, t2 = float(sizes[0]), float(sizes[-1]), float(seconds[0]), float(seconds[-1])
    if n2 <= n1:
        return 0.0, max(t2, 0.0) / max(n2, 1.0)
    b = max((t2 - t1) / (n2 - n1), 0.0)
    a = max(t1 - b * n1, 0.0)
    if b == 0.0:  # timing noise made the larger slice look cheaper: charge it all per item
        b, a = t2 / n2, 0.0
    return a, b


def spread(n: int) -> np.ndarray:
    """An order of ``range(n)`` whose every prefix is spread over the whole range (bit reversal).

    Work done in this order and cut short still covers the whole range coarsely: the rows of a map
    computed first are 0, n/2, n/4, 3n/4, … rather than the bottom rows.
    """
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    bits = max(1, (n - 1).bit_length())
    codes = np.arange(2**bits)
    reversed_codes = np.zeros_like(codes)
    for bit in range(bits):
        reversed_codes |= ((codes >> bit) & 1) << (bits - 1 - bit)
    return reversed_codes[reversed_codes < n].astype(np.int64)


def run_chunks(
    chunks: Sequence[Callable[[], T]],
    limit: float,
    *,
    probe: Callable[[], Sequence[float]] | None = None,
    costs: Sequence[float] | None = None,
    min_share: float = MIN_SHARE,
    progress: Callable[[float], None] | None = None,
    clock: Callable[[], float] = CLOCK,
) -> Outcome[list[T]]:
    """Run ``chunks`` (callables) in order within ``limit`` CPU seconds; return the parts computed.

    ``probe()`` runs a small slice of the work and returns the CPU seconds it predicts for each
    chunk; its own time counts against the budget.  Without a probe the first chunk is the probe:
    the caller makes it small, it always runs, and the others are predicted from it in proportion to
    ``costs`` (default: equal).  As chunks finish, the predictions are corrected by the ratio of the
    time measured to the time predicted so far.

    A chunk whose corrected prediction does not fit what is left is not started: the outcome is
    partial.  When the prediction says that less than ``min_share`` of the work (by predicted cost)
    would fit, the outcome is refused and no further chunk runs.  ``progress(fraction)`` is called
    after every chunk, the fraction counted in predicted cost.
    """
    deadline = Deadline(limit, clock)
    chunks = list(chunks)
    n = len(chunks)
    weights = [1.0] * n if costs is None else [max(float(c), 0.0) for c in costs]
    if len(weights) != n:
        raise ValueError(f"give one cost per chunk ({n}), got {len(weights)}")
    parts: list[T] = []
    if n == 0:
        return Outcome(parts, 0, 0, 0.0, 0.0, float(limit))

    spent_on_chunks = 0.0
    if probe is not None:
        predicted = [max(float(p), 0.0) for p in probe()]
        if len(predicted) != n:
            raise ValueError(f"the probe must predict one time per chunk ({n}), got {len(predicted)}")
    else:
        first, seconds = timed(chunks[0], clock)
        parts.append(first)
        spent_on_chunks = seconds
        scale = seconds / weights[0] if weights[0] > 0 else 0.0
        predicted = [seconds] + [w * scale for w in weights[1:]]
        if progress:
            progress(_share(predicted, 1))

    total_predicted = sum(predicted)
    estimate = deadline.spent() + sum(predicted[len(parts):])

    def fits() -> float:
        """The predicted cost of the chunks that would fit in what is left, counted from the start."""
        left = deadline.left()
        done = sum(predicted[: len(parts)])
        for p in predicted[len(parts):]:
            if p > left:
                break
            left -= p
            done += p
        return done

    if total_predicted > 0 and fits() < min_share * total_predicted:
        return Outcome(parts, len(parts), n, deadline.spent(), estimate, float(limit), refused=True)

    for i in range(len(parts), n):
        # the predictions so far against the time measured: a probe off by a factor is corrected here
        done_predicted = sum(predicted[:i])
        ratio = spent_on_chunks / done_predicted if i > 0 and done_predicted > 0 else 1.0
        if predicted[i] * ratio > deadline.left():
            estimate = deadline.spent() + ratio * sum(predicted[i:])
            return Outcome(parts, i, n, deadline.spent(), estimate, float(limit))
        part, seconds = timed(chunks[i], clock)
        parts.append(part)
        spent_on_chunks += seconds
        if progress:
            progress(_share(predicted, i + 1))
    return Outcome(parts, n, n, deadline.spent(), deadline.spent(), float(limit))


def _share(predicted: Sequence[float], done: int) -> float:
    total = sum(predicted)
    return min(1.0, sum(predicted[:done]) / total) if total > 0 else done / max(len(predicted), 1)
