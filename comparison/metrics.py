"""The results table and the trajectories CSV of the Compare page, from Trajectories (pure pandas).

Column names are stable identifiers (``final_loss``); the page translates the headers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

COLUMNS = ("optimizer", "final_loss", "best_loss", "distance_to_minimum", "steps_to_tolerance", "evaluations",
           "left_view_at", "diverged_at")


def genuine_points(traj, run: int = 0) -> int:
    """How many recorded points of run ``run`` are real: a run that diverged numerically is frozen at its
    last good point from ``diverged_at`` on (the engine's convention)."""
    diverged = int(traj.diverged_at[run])
    return diverged if diverged >= 0 else len(traj.xy)


def left_view_at(xy: np.ndarray, bounds) -> int | None:
    """The step from which the path ``xy`` (n+1, 2) stays outside the view box to its end, or None when
    it ends inside.  A run that swings out and comes back has not left the view: the map shows it."""
    if not len(xy):
        return None
    (x0, x1), (y0, y1) = bounds
    with np.errstate(invalid="ignore"):
        inside = (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
    if inside[-1]:
        return None
    last_inside = np.flatnonzero(inside)
    return int(last_inside[-1]) + 1 if last_inside.size else 0


@dataclass(frozen=True)
class Outcome:
    """What happened to one run, in the terms the page words it.

    ``diverged_at``: the step at which x, y or f stopped being a finite number (numerical divergence),
    or None.  ``left_view_at``: the step from which it stayed outside the view (:func:`left_view_at`),
    or None.  ``start_loss``/``final_loss``: f at the start and at the last real point (None when not
    finite).  ``falling``: the loss still went down on the last update.
    """

    diverged_at: int | None
    left_view_at: int | None
    start_loss: float | None
    final_loss: float | None
    final_step: int
    falling: bool


def outcome(traj, bounds, run: int = 0) -> Outcome:
    """The :class:`Outcome` of run ``run`` of a Trajectory, judged against the view box ``bounds``."""
    n = genuine_points(traj, run)
    xy = np.asarray(traj.xy[:n, run], dtype=float)
    loss = np.asarray(traj.loss[:n, run], dtype=float)
    diverged = int(traj.diverged_at[run])
    finite = lambda v: float(v) if np.isfinite(v) else None  # noqa: E731
    return Outcome(
        diverged if diverged >= 0 else None,
        left_view_at(xy, bounds),
        finite(loss[0]) if len(loss) else None,
        finite(loss[-1]) if len(loss) and diverged < 0 else None,
        max(n - 1, 0),
        bool(len(loss) >= 2 and loss[-1] < loss[-2]),
    )


def settled_steps(steps, gap, tol: float) -> np.ndarray:
    """Steps to tolerance, the one definition of the app: per run, the first recorded step from which
    ``gap ≤ tol`` holds at every recorded step to the end (NaN: never).

    ``gap`` is ``(R, ...)`` over the recorded ``steps`` (length R), e.g. f − f* per step and run; a NaN
    gap is not within tolerance.  "Reaches and stays" rather than "first touches": a momentum run
    whose loss dips below the tolerance and swings out again has not converged, and a noisy run
    that touches it once by chance neither.  The Sweep, Search and Compare pages all count this way.
    """
    ok = np.asarray(gap) <= tol
    stays = np.logical_and.accumulate(ok[::-1], axis=0)[::-1]
    first = np.argmax(stays, axis=0)
    return np.where(stays.any(axis=0), np.asarray(steps, dtype=float)[first], np.nan)


def steps_to_tolerance(loss: np.ndarray, target: float, tol: float) -> int | None:
    """The first step from which ``loss`` stays within ``tol`` of ``target`` to the end (:func:`settled_steps`;
    step k is ``loss[k]``), or None."""
    loss = np.asarray(loss, dtype=float)
    if not loss.size:
        return None
    step = settled_steps(np.arange(len(loss)), loss - target, tol)
    return int(step) if np.isfinite(step) else None


def results_table(
    labels: Sequence[str], trajectories: Sequence, minima: Sequence, tol: float, bounds=None
) -> pd.DataFrame:
    """One row per run (the first run of each Trajectory): final and best loss, distance to the nearest
    known minimum, the first step from which the loss stays within ``tol`` of the global minimum (none
    for a run that diverged), the evaluations of f and ∇f the run spent (one per step, more for L-BFGS;
    up to the divergence for a diverged run), the step from which the run stayed outside the view box
    ``bounds`` (:func:`left_view_at`; NA without bounds) and the step at which it diverged numerically.
    Every run that ends on a finite loss shows it, inside the view or not.  Missing values (no minimum
    known, never reached, never left, never diverged, no finite loss at all) are NA.
    """
    points = np.array([m.point for m in minima], dtype=float).reshape(-1, 2)
    best_value = min((m.value for m in minima), default=None)
    rows = []
    for label, traj in zip(labels, trajectories, strict=True):
        loss = np.asarray(traj.loss[:, 0], dtype=float)
        diverged = int(traj.diverged_at[0])
        # a run with no valid point (f not finite at the start) has neither a final point nor a loss
        final_xy = np.asarray(traj.xy[-1, 0], dtype=float) if len(loss) else np.full(2, np.nan)
        ended = diverged < 0 and np.isfinite(final_xy).all()
        distance = float(np.min(np.hypot(*(points - final_xy).T))) if len(points) and ended else None
        reached = steps_to_tolerance(loss, best_value, tol) if best_value is not None and diverged < 0 else None
        finite = loss[np.isfinite(loss)]
        final_loss = float(loss[-1]) if diverged < 0 and len(loss) and np.isfinite(loss[-1]) else None
        left = left_view_at(np.asarray(traj.xy[: genuine_points(traj), 0], dtype=float), bounds) if bounds else None
        cost = traj.cost[:, 0]
        spent = int(cost[diverged] if 0 <= diverged < len(cost) else cost[-1]) if len(cost) else None
        rows.append(
            {
                "optimizer": label,
                "final_loss": final_loss,
                "best_loss": float(finite.min()) if finite.size else None,
                "distance_to_minimum": distance,
                "steps_to_tolerance": reached,
                "left_view_at": left,
                "evaluations": spent,
                "diverged_at": diverged if diverged >= 0 else None,
            }
        )
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("final_loss", "best_loss", "distance_to_minimum"):
        frame[column] = frame[column].astype("Float64")
    for column in ("steps_to_tolerance", "evaluations", "left_view_at", "diverged_at"):
        frame[column] = frame[column].astype("Int64")
    return frame


#: the columns of the trajectories CSV, in order
TRAJECTORY_COLUMNS = ("optimizer", "step", "x", "y", "loss", "lr", "grad_norm", "evaluations", "diverged")


def trajectories_frame(labels: Sequence[str], trajectories: Sequence) -> pd.DataFrame:
    """The tidy CSV: optimizer label, step, x, y, loss, lr, gradient norm, the evaluations of f and ∇f
    so far (one per step, more for L-BFGS), and whether the run diverged.

    ``lr`` is the rate of the update that leaves the point to the next row, so a run's last row has
    none.  A diverged run stops at its last good point (the engine freezes it there; the frozen
    repeats are left out): the update that left that point is the one that diverged, and its point is
    not in the file, so that last row has no rate either.  ``diverged`` is the run's flag, the same on
    each of its rows, so a reader can keep or drop whole runs.
    """
    frames = []
    for label, traj in zip(labels, trajectories, strict=True):
        frame = traj.to_frame([label])
        diverged_at = int(traj.diverged_at[0])
        if diverged_at >= 0:
            frame = frame[frame["step"] < diverged_at].copy()
            frame.loc[frame["step"] == diverged_at - 1, "lr"] = np.nan
        frame["diverged"] = diverged_at >= 0
        frames.append(frame.rename(columns={"run": "optimizer"}))
    if not frames:
        return pd.DataFrame(columns=list(TRAJECTORY_COLUMNS))
    return pd.concat(frames, ignore_index=True)[list(TRAJECTORY_COLUMNS)]
