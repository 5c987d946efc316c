"""One optimizer's run as the figures need it, and the geometry of showing it inside the view box.

A :class:`PathData` is plain arrays (positions, loss, learning rate, gradients) with a label and a
colour; every chart of the Compare page draws from a list of them.  A run that diverged is cut where
it last leaves the view box, so its ✕ marker stays on the map instead of flying off the axes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True, eq=False)
class PathData:
    """``xy`` (n+1, 2) positions, ``loss`` (n+1,), ``lr`` (n,) rate of each update, ``grad`` (n+1, 2) the
    exact gradient at each position, ``diverged_at`` the update that diverged (-1: none); ``extra`` the
    optimizer's other points by name, each (n+1, 2) (ASGD's average ``ax``)."""

    label: str
    colour: str
    xy: np.ndarray
    loss: np.ndarray
    lr: np.ndarray
    grad: np.ndarray
    diverged_at: int = -1
    extra: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def steps(self) -> int:
        return max(len(self.xy) - 1, 0)

    @property
    def genuine(self) -> int:
        """How many recorded points are real (a diverged run is frozen at its last good point after)."""
        return int(self.diverged_at) if self.diverged_at >= 0 else len(self.xy)

    @property
    def diverged(self) -> bool:
        return self.diverged_at >= 0


def from_trajectory(traj, surface, label: str, colour: str, run: int = 0) -> PathData:
    """A PathData for run ``run`` of an ``optimizers.Trajectory`` recorded in full."""
    xy = np.asarray(traj.xy[:, run], dtype=float)
    with np.errstate(all="ignore"):
        grad = surface.grad(xy)
    return PathData(
        label,
        colour,
        xy,
        np.asarray(traj.loss[:, run], dtype=float),
        np.asarray(traj.lr[:, run], dtype=float),
        grad,
        int(traj.diverged_at[run]),
        {name: np.asarray(points[:, run], dtype=float) for name, points in traj.paths.items()},
    )


def inside(xy: np.ndarray, bounds) -> np.ndarray:
    (x0, x1), (y0, y1) = bounds
    with np.errstate(invalid="ignore"):
        return (xy[..., 0] >= x0) & (xy[..., 0] <= x1) & (xy[..., 1] >= y0) & (xy[..., 1] <= y1)


def exit_point(a: np.ndarray, b: np.ndarray, bounds) -> np.ndarray:
    """Where the segment from ``a`` (inside the box) to ``b`` (outside) crosses the box's edge."""
    (x0, x1), (y0, y1) = bounds
    d = b - a
    if not np.isfinite(d).all():  # b is no point at all (NaN): the path ends where it was
        return a
    limits = []
    for axis, (lo, hi) in enumerate(((x0, x1), (y0, y1))):
        if d[axis] > 0:
            limits.append((hi - a[axis]) / d[axis])
        elif d[axis] < 0:
            limits.append((lo - a[axis]) / d[axis])
    s = min([1.0, *limits])
    return a + max(s, 0.0) * d


def shown_path(path: PathData, bounds) -> tuple[np.ndarray, np.ndarray | None]:
    """The points to draw and, for a diverged run, where its ✕ goes (on the view box at worst).

    A run that never diverged is drawn whole (Plotly clips what leaves the axes).  A diverged run is
    drawn up to its last point inside the box, plus the point where it then leaves the box.  A run
    with no valid point (f not finite at the start) is drawn as nothing, without a ✕.
    """
    xy = path.xy[: path.genuine]
    if not path.diverged:
        return xy, None
    if not len(xy):  # not even the start was a valid point: nothing to draw, nowhere to put the ✕
        return xy, None
    ins = inside(xy, bounds)
    if not ins.any():
        return xy[:1], (xy[0] if np.isfinite(xy[0]).all() else None)
    last = int(np.flatnonzero(ins)[-1])
    if last == len(xy) - 1:
        return xy, xy[-1]
    cross = exit_point(xy[last], xy[last + 1], bounds)
    return np.vstack([xy[: last + 1], cross]), cross


def frame_steps(steps: int, max_frames: int = 100) -> np.ndarray:
    """The steps the animation shows: every step, or an even stride to at most ``max_frames`` frames
    (always at least step 0, even for runs with no step)."""
    steps = max(int(steps), 0)
    if steps + 1 <= max_frames:
        return np.arange(steps + 1)
    return np.unique(np.round(np.linspace(0, steps, max_frames)).astype(int))
