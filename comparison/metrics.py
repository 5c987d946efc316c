"""The results table and the trajectories CSV of the Compare page, from Trajectories (pure pandas).

Column names are stable identifiers (``final_loss``); the page translates the headers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

COLUMNS = ("optimizer", "final_loss", "best_loss", "distance_to_minimum", "steps_to_tolerance", "evaluations",
           "diverged_at")


def steps_to_tolerance(loss: np.ndarray, target: float, tol: float) -> int | None:
    """The first recorded step whose loss is within ``tol`` of ``target``, or None."""
    hits = np.flatnonzero(np.isfinite(loss) & (loss - target <= tol))
    return int(hits[0]) if hits.size else None


def results_table(
    labels: Sequence[str], trajectories: Sequence, minima: Sequence, tol: float
) -> pd.DataFrame:
    """One row per run (the first run of each Trajectory): final and best loss, distance to the nearest
    known minimum, the first step whose loss is within ``tol`` of the global minimum, the evaluations of
    f and ∇f the run spent (one per step, more for L-BFGS; up to the divergence for a diverged run), and
    the step at which the run diverged.  Missing values (no minimum known, never reached, never diverged,
    no finite loss at all) are NA.
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
        reached = steps_to_tolerance(loss, best_value, tol) if best_value is not None else None
        finite = loss[np.isfinite(loss)]
        final_loss = float(loss[-1]) if diverged < 0 and len(loss) and np.isfinite(loss[-1]) else None
        cost = traj.cost[:, 0]
        spent = int(cost[diverged] if 0 <= diverged < len(cost) else cost[-1]) if len(cost) else None
        rows.append(
            {
                "optimizer": label,
                "final_loss": final_loss,
                "best_loss": float(finite.min()) if finite.size else None,
                "distance_to_minimum": distance,
                "steps_to_tolerance": reached,
                "evaluations": spent,
                "diverged_at": diverged if diverged >= 0 else None,
            }
        )
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("final_loss", "best_loss", "distance_to_minimum"):
        frame[column] = frame[column].astype("Float64")
    for column in ("steps_to_tolerance", "evaluations", "diverged_at"):
        frame[column] = frame[column].astype("Int64")
    return frame


def trajectories_frame(labels: Sequence[str], trajectories: Sequence) -> pd.DataFrame:
    """The tidy CSV: optimizer label, step, x, y, loss, lr (of the update leaving the point), gradient norm,
    evaluations of f and ∇f so far.

    A diverged run stops at its last good point (the engine freezes it there; the frozen repeats are
    left out).
    """
    frames = []
    for label, traj in zip(labels, trajectories, strict=True):
        frame = traj.to_frame([label])
        if traj.diverged_at[0] >= 0:
            frame = frame[frame["step"] < traj.diverged_at[0]]
        frames.append(frame.drop(columns=["diverged"]).rename(columns={"run": "optimizer"}))
    if not frames:
        return pd.DataFrame(columns=["optimizer", "step", "x", "y", "loss", "lr", "grad_norm", "evaluations"])
    return pd.concat(frames, ignore_index=True)
