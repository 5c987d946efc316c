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
    optimizer's other points by name, each (n+1, 2) (ASGD's average ``ax``); ``hand_overs`` the updates
    at which another optimizer took over (:func:`optimizers.run_stages`), marked on every panel;
    ``ball`` (n+1, 2) for a Nesterov run, the notes' θ_k whose look-ahead point θ_k + μv_k is ``xy[k]``
    (comparison/lookahead.py), drawn hollow in the animation (None: not a Nesterov run).
    ``effective`` (n, 2) the effective rate of each coordinate at each update, where the page knows it
    exactly (:func:`comparison.effective.effective_rates`), else None."""

    label: str
    colour: str
    xy: np.ndarray
    loss: np.ndarray
    lr: np.ndarray
    grad: np.ndarray
    diverged_at: int = -1
    extra: dict[str, np.ndarray] = field(default_factory=dict)
    hand_overs: tuple[int, ...] = ()
    ball: np.ndarray | None = None
    effective: np.ndarray | None = None

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
        tuple(int(k) for k in getattr(traj, "hand_overs", ())),
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


NICE = (1, 2, 4, 5)  # strides are these times a power of ten (and 25, 250 …): labels 0, 20, 40 …


def nice_strides(limit: int):
    """1, 2, 4, 5, 10, 20, 25, 40, 50, 100, … up to ``limit``."""
    k = 0
    while True:
        for m in (1, 2, 2.5, 4, 5) if k else NICE:
            n = int(round(m * 10**k))
            if n > limit:
                return
            yield n
        k += 1


def regular_steps(steps: int, max_count: int, multiple_of: int = 1) -> np.ndarray:
    """0, s, 2s, … and ``steps`` itself, with s the smallest nice stride (a multiple of ``multiple_of``)
    that gives at most ``max_count`` of them.  The last multiple is dropped when it sits no more than
    s/2 before ``steps`` (two labels on top of each other)."""
    steps = max(int(steps), 0)
    fits = [n for n in nice_strides(max(steps, 1)) if n % multiple_of == 0 and -(-steps // n) + 1 <= max_count]
    # 1, 2, 5, 10, 20, 50 … read best; 4, 25, 40 … only when the frames' stride asks for them
    stride = next((n for n in fits if str(n).rstrip("0") in ("1", "2", "5")), fits[0] if fits else None)
    if stride is None:
        stride = max(steps, 1)
    ticks = list(range(0, steps + 1, stride))
    if ticks[-1] != steps:
        if steps - ticks[-1] <= stride / 2 and len(ticks) > 1:
            ticks.pop()
        ticks.append(steps)
    return np.asarray(ticks, dtype=int)


def frame_stride(steps: int, max_frames: int = 100) -> int:
    """The nice stride between animation frames: every step, or every s-th (at most ``max_frames``
    intervals, so ``max_frames`` + 1 frames counting step 0)."""
    steps = max(int(steps), 0)
    return next((n for n in nice_strides(steps) if -(-steps // n) <= max_frames), steps) if steps else 1


def frame_steps(steps: int, max_frames: int = 100) -> np.ndarray:
    """The steps the animation shows: every step, or a nice regular stride (0, 4, 8, …) to at most
    ``max_frames`` + 1 frames, and always the last step (at least step 0, even for runs with no step)."""
    steps = max(int(steps), 0)
    stride = frame_stride(steps, max_frames)
    shown = np.arange(0, steps + 1, stride)
    return shown if shown[-1] == steps else np.append(shown, steps)
