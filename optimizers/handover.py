r"""Switching optimizers mid-run: one optimizer for k updates, then another from where it stopped.

Note 002's advice, "Adam first, then SGD": an adaptive method makes fast early progress, and plain SGD
(with momentum) is often said to settle better at the end.  A *stage* is an optimizer, a number of
updates and optionally its own schedule.  At a hand-over the position carries over and nothing else:
the next optimizer starts from its own fresh state (zero moments, step count 1) and its schedule
counts from the hand-over, exactly as if a new ``torch.optim`` optimizer were built on the same
parameters at that step.

.. math::

    \theta_{k_1} = \text{stage}_1(\theta_0, k_1 \text{ updates}), \qquad
    \theta_{k_1 + k_2} = \text{stage}_2(\theta_{k_1}, k_2 \text{ updates}), \;\dots

A run that diverges in one stage stays frozen at its last good point through the later stages (the
hand-over does not revive it).  Stage i draws its gradient noise from ``seed + i``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from optimizers.base import Optimizer
from optimizers.engine import DEFAULT_BOUND, Trajectory, recorded_steps, run


@dataclass(frozen=True)
class Stage:
    """``optimizer`` for ``steps`` updates, with its own ``schedule`` (a multiplier of its lr) or none."""

    optimizer: Optimizer
    steps: int
    schedule: object = None


@dataclass
class StagedTrajectory(Trajectory):
    """A :class:`Trajectory` of several stages.

    ``hand_overs`` are the update indices at which stages 2, 3, … began (update k moves step k to
    step k + 1), ``stage_names`` the optimizers' names in order.  ``lr`` is stored per update,
    since each stage has its own base rate.
    """

    hand_overs: tuple[int, ...] = ()
    stage_names: tuple[str, ...] = ()
    update_lr: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))

    @property
    def lr(self) -> np.ndarray:
        return self.update_lr


def _as_stage(stage) -> Stage:
    if isinstance(stage, Stage):
        return stage
    if isinstance(stage, tuple) and len(stage) in (2, 3):
        return Stage(*stage)
    raise ValueError(f"a stage is Stage(optimizer, steps[, schedule]) or such a tuple (got {stage!r})")


def run_stages(surface, stages: Sequence, start, noise=0.0, seed: int = 0, record="full", *,
               bound: float = DEFAULT_BOUND) -> StagedTrajectory:
    """Run ``stages`` one after the other from ``start``; each stage is ``(optimizer, steps[, schedule])``.

    Every stage is one call of :func:`optimizers.run` from the previous stage's last points, so
    each piece of the path equals that call bit for bit.  ``start``, hyperparameter arrays and
    ``noise`` broadcast as in :func:`optimizers.run` (B runs), and every stage must describe the
    same B.  ``record`` keeps every step (``"full"``), the start and end (``"final"``) or every k-th
    step and the end.
    """
    stages = [_as_stage(s) for s in stages]
    if not stages:
        raise ValueError("run_stages needs at least one stage")
    pieces: list[Trajectory] = []
    point = start
    for i, stage in enumerate(stages):
        piece = run(surface, stage.optimizer, point, stage.steps, schedule=stage.schedule, noise=noise,
                    seed=seed + i, record="full", bound=bound)
        if pieces and piece.batch_size != pieces[0].batch_size:
            raise ValueError(f"stage {i + 1} describes {piece.batch_size} runs, stage 1 {pieces[0].batch_size}")
        pieces.append(piece)
        point = piece.final_xy

    b = pieces[0].batch_size
    xy = [pieces[0].xy]
    loss = [pieces[0].loss]
    grad_norm = [pieces[0].grad_norm]
    lr = [pieces[0].lr]
    diverged_at = pieces[0].diverged_at.copy()
    offset = stages[0].steps
    hand_overs = []
    for stage, piece in zip(stages[1:], pieces[1:], strict=True):
        hand_overs.append(offset)
        p_xy, p_loss, p_grad = piece.xy[1:].copy(), piece.loss[1:].copy(), piece.grad_norm[1:].copy()
        p_lr = np.broadcast_to(piece.lr, (stage.steps, b)).copy()
        frozen = diverged_at >= 0  # diverged in an earlier stage: stays where it stopped
        p_xy[:, frozen] = xy[-1][-1, frozen]
        p_loss[:, frozen] = loss[-1][-1, frozen]
        p_grad[:, frozen] = grad_norm[-1][-1, frozen]
        fresh = ~frozen & (piece.diverged_at >= 0)
        diverged_at[fresh] = offset + piece.diverged_at[fresh]
        xy.append(p_xy)
        loss.append(p_loss)
        grad_norm.append(p_grad)
        lr.append(p_lr)
        offset += stage.steps

    kept = recorded_steps(offset, record)
    all_lr = np.concatenate([np.broadcast_to(x, (x.shape[0], b)) for x in lr], axis=0)
    return StagedTrajectory(
        steps=kept,
        xy=np.concatenate(xy, axis=0)[kept],
        loss=np.concatenate(loss, axis=0)[kept],
        grad_norm=np.concatenate(grad_norm, axis=0)[kept],
        diverged_at=diverged_at,
        base_lr=pieces[0].base_lr,
        lr_multiplier=np.ones(offset),
        optimizer_name=" → ".join(p.optimizer_name for p in pieces),
        surface_name=pieces[0].surface_name,
        hand_overs=tuple(hand_overs),
        stage_names=tuple(p.optimizer_name for p in pieces),
        update_lr=all_lr,
    )
