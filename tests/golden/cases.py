"""Every torch-matched configuration under the golden check: one row per optimizer or schedule case.

``make_torch_golden.py`` runs these rows in torch (float64) and writes :data:`GOLDEN`;
``tests/test_torch_golden.py`` runs them in our engine and compares with the file, torch installed or
not.  Putting a new configuration under the check is one row here, then a rerun of the script where
torch is installed (the test fails until the file matches this table).
"""

from __future__ import annotations

import json
import math
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

#: the golden file: float64 arrays plus a JSON ``meta`` entry (torch version, this table)
GOLDEN = Path(__file__).with_name("torch_golden.npz")
#: how to rewrite GOLDEN (where torch is installed)
REGENERATE = "python tests/golden/make_torch_golden.py"

# ------------------------------------------------------------------------------------ optimizers

#: updates per optimizer trajectory
STEPS = 100
#: each optimizer case runs on each of these surfaces (surfaces.get name), from this start
SURFACES = {"rosenbrock": (-1.5, 2.0), "book_quadratic": (-7.0, 2.0)}


class OptimizerCase(NamedTuple):
    """``optimizers.get(name, **kwargs)`` against ``torch.optim.<torch>([p], foreach=False, **kwargs)``."""

    id: str
    name: str
    torch: str
    kwargs: dict[str, Any]


OPTIMIZER_CASES = [
    OptimizerCase("sgd", "sgd", "SGD", dict(lr=1e-3)),
    OptimizerCase("sgd-momentum", "sgd", "SGD", dict(lr=1e-3, momentum=0.9)),
    OptimizerCase("sgd-nesterov-wd", "sgd", "SGD", dict(lr=1e-3, momentum=0.9, nesterov=True, weight_decay=0.1)),
    OptimizerCase("sgd-dampening-wd", "sgd", "SGD", dict(lr=1e-3, momentum=0.5, dampening=0.5, weight_decay=0.01)),
    OptimizerCase("adagrad", "adagrad", "Adagrad", dict(lr=0.1)),
    OptimizerCase("adagrad-decay-init-wd", "adagrad", "Adagrad",
                  dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1, weight_decay=0.01)),
    OptimizerCase("rmsprop", "rmsprop", "RMSprop", dict(lr=0.01)),
    OptimizerCase("rmsprop-centered-momentum-wd", "rmsprop", "RMSprop",
                  dict(lr=0.01, centered=True, momentum=0.5, weight_decay=0.01)),
    OptimizerCase("rmsprop-alpha-momentum", "rmsprop", "RMSprop", dict(lr=0.003, alpha=0.9, momentum=0.9)),
    OptimizerCase("adadelta", "adadelta", "Adadelta", dict(lr=1.0)),
    OptimizerCase("adadelta-rho-eps-wd", "adadelta", "Adadelta", dict(lr=0.5, rho=0.95, eps=1e-5, weight_decay=0.01)),
    OptimizerCase("adam", "adam", "Adam", dict(lr=0.05)),
    OptimizerCase("adam-betas-amsgrad-wd", "adam", "Adam",
                  dict(lr=0.05, betas=(0.8, 0.99), amsgrad=True, weight_decay=0.01)),
    OptimizerCase("adamw", "adamw", "AdamW", dict(lr=0.05)),
    OptimizerCase("adamw-wd-amsgrad", "adamw", "AdamW", dict(lr=0.05, weight_decay=0.1, amsgrad=True)),
    OptimizerCase("adamax", "adamax", "Adamax", dict(lr=0.05)),
    OptimizerCase("adamax-wd-betas", "adamax", "Adamax", dict(lr=0.05, weight_decay=0.01, betas=(0.5, 0.9))),
    OptimizerCase("nadam", "nadam", "NAdam", dict(lr=0.05)),
    OptimizerCase("nadam-decay-wd", "nadam", "NAdam", dict(lr=0.02, momentum_decay=0.01, weight_decay=0.01)),
    OptimizerCase("radam", "radam", "RAdam", dict(lr=0.005)),
    OptimizerCase("radam-betas-wd", "radam", "RAdam", dict(lr=0.005, betas=(0.9, 0.9), weight_decay=0.01)),
    OptimizerCase("rprop", "rprop", "Rprop", dict(lr=0.01)),
    OptimizerCase("rprop-etas-step_sizes", "rprop", "Rprop", dict(lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-4, 0.5))),
    OptimizerCase("asgd", "asgd", "ASGD", dict(lr=1e-3)),
    OptimizerCase("asgd-averaging-wd", "asgd", "ASGD",
                  dict(lr=1e-3, lambd=0.01, alpha=0.5, t0=10.0, weight_decay=0.01)),
    OptimizerCase("adafactor", "adafactor", "Adafactor", dict(lr=0.01)),
    OptimizerCase("adafactor-eps-d-wd", "adafactor", "Adafactor",
                  dict(lr=0.05, beta2_decay=-0.5, eps=(1e-10, 1e-2), d=2.0, weight_decay=0.01)),
    OptimizerCase("adafactor-eps1-none", "adafactor", "Adafactor", dict(lr=0.2, eps=(None, 0.1), d=1.5)),
    OptimizerCase("lbfgs", "lbfgs", "LBFGS", dict(lr=1.0)),
    OptimizerCase("lbfgs-small-steps", "lbfgs", "LBFGS", dict(lr=0.1, max_iter=3, history_size=2)),
    OptimizerCase("lbfgs-strong_wolfe", "lbfgs", "LBFGS", dict(line_search_fn="strong_wolfe")),
    OptimizerCase("lbfgs-strong_wolfe-budget", "lbfgs", "LBFGS",
                  dict(lr=0.5, line_search_fn="strong_wolfe", max_iter=4, max_eval=6, history_size=3,
                       tolerance_change=1e-12)),
]

#: cases whose path is a few ulps from torch's rather than equal to the bit: torch's kernels fuse
#: multiply-adds (lerp_, add_ with alpha, addcdiv_) that these older rules compute unfused.  Every other
#: case, and so every new one, must equal torch to the last bit (optimizers.exact.fma where torch fuses).
ULPS_APART = {
    "sgd-momentum", "sgd-nesterov-wd", "sgd-dampening-wd", "rmsprop-centered-momentum-wd", "rmsprop-alpha-momentum",
    "adadelta-rho-eps-wd", "adam", "adam-betas-amsgrad-wd", "adamw", "adamw-wd-amsgrad", "adamax", "nadam", "radam",
    "radam-betas-wd",
}

#: registered optimizers that torch.optim does not have, so they have no golden case (each is checked
#: another way in tests/test_optimizers.py).  Every other registered optimizer must have a case above.
NOT_IN_TORCH = {
    "lion": "torch.optim has no Lion: checked against a pure-Python reference loop",
    "adabelief": "torch.optim has no AdaBelief (the authors' adabelief-pytorch is a separate package): "
                 "checked against a pure-Python reference loop",
    "newton": "second order, needs the Hessian: torch.optim has no Newton step; checked by hand",
    "framework": "the notes' framework (Build your own): checked bit for bit against each named optimizer it "
                 "can be, in tests/test_framework.py",
}


def recorded(case: OptimizerCase) -> tuple[str, ...]:
    """What the golden file holds for a case besides the path: the optimizer's extra points (ASGD's
    ``ax``) and, for an optimizer that evaluates f itself (L-BFGS), its evaluations per update."""
    import optimizers

    cls = optimizers.optimizer_class(case.name)
    return (*cls.paths, *(("evaluations",) if cls.evaluates else ()))


# ------------------------------------------------------------------------------------- schedules

#: updates per schedule: torch's param_groups[0]["lr"] seen by each of them
SCHEDULE_UPDATES = 300
#: the optimizer's lr: not a power of two, so scaling by it rounds
BASE_LR = 0.37


@dataclass(frozen=True)
class InverseTime:
    """``1/(1 + k·t)`` for torch's LambdaLR (a named callable, so the table stays printable)."""

    k: float

    def __call__(self, t: int) -> float:
        return 1 / (1 + self.k * t)


def sched(cls: str, **kwargs: Any) -> dict[str, Any]:
    """``torch.optim.lr_scheduler.<cls>(optimizer, **kwargs)``, as data (SequentialLR nests them)."""
    return {"class": cls, **kwargs}


def warm(W: int, start: float | None, inner: dict, start_factor: float | None = None,
         end_factor: float = 1.0) -> dict[str, Any]:
    """SequentialLR([LinearLR, inner], milestones=[W]); start_factor/end_factor default to (start, 1)."""
    ramp = sched("LinearLR", start_factor=start if start_factor is None else start_factor,
                 end_factor=end_factor, total_iters=W)
    return sched("SequentialLR", schedulers=[ramp, inner], milestones=[W])


def cyclic(base: float, top: float, up: int, down: int | None = None, **kwargs: Any) -> dict[str, Any]:
    return sched("CyclicLR", base_lr=BASE_LR * base, max_lr=BASE_LR * top, step_size_up=up, step_size_down=down,
                 cycle_momentum=False, **kwargs)


def one_cycle(total_steps: int, **kwargs: Any) -> dict[str, Any]:
    return sched("OneCycleLR", max_lr=BASE_LR, total_steps=total_steps, cycle_momentum=False, **kwargs)


class FeedbackCase(NamedTuple):
    """A schedule that follows the run's loss (``schedules.get(name, **params)``, feedback) in a real
    run: ``optimizer`` on ``surface`` from its SURFACES start for STEPS updates, against torch's
    scheduler stepped with the loss after every update.  Golden: the path and each update's lr."""

    id: str
    name: str
    params: dict[str, Any]
    optimizer: OptimizerCase
    surface: str
    torch: dict[str, Any]


FEEDBACK_CASES = [
    FeedbackCase("plateau-adafactor", "plateau", dict(patience=5, factor=0.5),
                 OptimizerCase("adafactor", "adafactor", "Adafactor", dict(lr=0.05)), "rosenbrock",
                 sched("ReduceLROnPlateau", patience=5, factor=0.5)),
    FeedbackCase("plateau-asgd-abs-cooldown-min_lr", "plateau",
                 dict(patience=2, factor=0.3, threshold=1e-3, threshold_mode="abs", cooldown=3, min_lr=1e-4),
                 OptimizerCase("asgd", "asgd", "ASGD", dict(lr=0.5)), "book_quadratic",
                 sched("ReduceLROnPlateau", patience=2, factor=0.3, threshold=1e-3, threshold_mode="abs",
                       cooldown=3, min_lr=1e-4)),
    FeedbackCase("plateau-defaults", "plateau", {}, OptimizerCase("adafactor", "adafactor", "Adafactor",
                                                                  dict(lr=0.05)),
                 "rosenbrock", sched("ReduceLROnPlateau")),
    FeedbackCase("plateau-lbfgs", "plateau", dict(patience=1, factor=0.3),
                 OptimizerCase("lbfgs", "lbfgs", "LBFGS", dict(lr=0.5, max_iter=1)), "book_quadratic",
                 sched("ReduceLROnPlateau", patience=1, factor=0.3)),
]


class ScheduleCase(NamedTuple):
    """``BASE_LR · schedules.get(name, **params)`` against the scheduler ``torch`` describes (see sched)."""

    id: str
    name: str
    params: dict[str, Any]
    torch: dict[str, Any]


SCHEDULE_CASES = [
    ScheduleCase("constant", "constant", {}, sched("ConstantLR", factor=1.0)),
    ScheduleCase("step", "step", dict(step_size=30, gamma=0.5), sched("StepLR", step_size=30, gamma=0.5)),
    ScheduleCase("step-every", "step", dict(step_size=1, gamma=0.99), sched("StepLR", step_size=1, gamma=0.99)),
    ScheduleCase("multistep", "multistep", dict(milestones=(50, 120, 121, 250), gamma=0.3),
                 sched("MultiStepLR", milestones=[50, 120, 121, 250], gamma=0.3)),
    ScheduleCase("multistep-defaults", "multistep", {}, sched("MultiStepLR", milestones=[40, 80], gamma=0.1)),
    ScheduleCase("exponential", "exponential", dict(gamma=0.98), sched("ExponentialLR", gamma=0.98)),
    ScheduleCase("natural_exp", "natural_exp", dict(k=0.02), sched("ExponentialLR", gamma=math.exp(-0.02))),
    # torch has no inverse-time class: LambdaLR checks the index convention only
    ScheduleCase("inverse_time-lambda", "inverse_time", dict(k=0.3), sched("LambdaLR", lr_lambda=InverseTime(0.3))),
    ScheduleCase("polynomial", "polynomial", dict(total_iters=200, power=2.0),
                 sched("PolynomialLR", total_iters=200, power=2.0)),
    ScheduleCase("polynomial-linear", "polynomial", dict(total_iters=100, power=1.0),
                 sched("PolynomialLR", total_iters=100, power=1.0)),
    ScheduleCase("polynomial-sqrt", "polynomial", dict(total_iters=250, power=0.5),
                 sched("PolynomialLR", total_iters=250, power=0.5)),
    ScheduleCase("cosine", "cosine", dict(T_max=75), sched("CosineAnnealingLR", T_max=75)),
    ScheduleCase("cosine-eta_min", "cosine", dict(T_max=100, eta_min=0.1),
                 sched("CosineAnnealingLR", T_max=100, eta_min=0.1 * BASE_LR)),
    ScheduleCase("cosine-many-periods", "cosine", dict(T_max=7, eta_min=0.05),
                 sched("CosineAnnealingLR", T_max=7, eta_min=0.05 * BASE_LR)),
    ScheduleCase("sgdr-mult2", "cosine_restarts", dict(T_0=40, T_mult=2),
                 sched("CosineAnnealingWarmRestarts", T_0=40, T_mult=2)),
    ScheduleCase("sgdr-mult1", "cosine_restarts", dict(T_0=50, T_mult=1, eta_min=0.05),
                 sched("CosineAnnealingWarmRestarts", T_0=50, T_mult=1, eta_min=0.05 * BASE_LR)),
    ScheduleCase("sgdr-mult3", "cosine_restarts", dict(T_0=3, T_mult=3),
                 sched("CosineAnnealingWarmRestarts", T_0=3, T_mult=3)),
    ScheduleCase("cyclic-triangular", "cyclic", dict(step_size_up=20), cyclic(0.1, 1.0, 20)),
    ScheduleCase("cyclic-triangular2", "cyclic", dict(step_size_up=15, step_size_down=35, mode="triangular2"),
                 cyclic(0.1, 1.0, 15, 35, mode="triangular2")),
    ScheduleCase("cyclic-exp_range", "cyclic",
                 dict(base_factor=0.3, max_factor=0.8, step_size_up=25, step_size_down=10, mode="exp_range",
                      gamma=0.995),
                 cyclic(0.3, 0.8, 25, 10, mode="exp_range", gamma=0.995)),
    ScheduleCase("one_cycle", "one_cycle", dict(total_steps=300), one_cycle(300)),
    ScheduleCase("one_cycle-linear", "one_cycle", dict(total_steps=300, anneal_strategy="linear"),
                 one_cycle(300, anneal_strategy="linear")),
    ScheduleCase("one_cycle-three_phase", "one_cycle", dict(total_steps=300, three_phase=True),
                 one_cycle(300, three_phase=True)),
    ScheduleCase("one_cycle-three_phase-linear", "one_cycle",
                 dict(total_steps=300, three_phase=True, anneal_strategy="linear", pct_start=0.25, div_factor=10,
                      final_div_factor=100),
                 one_cycle(300, three_phase=True, anneal_strategy="linear", pct_start=0.25, div_factor=10.0,
                           final_div_factor=100.0)),
    ScheduleCase("one_cycle-fractional-peak", "one_cycle", dict(total_steps=333, pct_start=0.35),
                 one_cycle(333, pct_start=0.35)),
    ScheduleCase("warmup-constant", "constant", dict(warmup_steps=30, warmup_start=0.25),
                 warm(30, 0.25, sched("ConstantLR", factor=1.0))),
    ScheduleCase("warmup-step", "step", dict(step_size=30, gamma=0.5, warmup_steps=10, warmup_start=0.1),
                 warm(10, 0.1, sched("StepLR", step_size=30, gamma=0.5))),
    ScheduleCase("warmup-multistep", "multistep", dict(milestones=(40, 80), warmup_steps=5, warmup_start=1 / 3),
                 warm(5, 1 / 3, sched("MultiStepLR", milestones=[40, 80]))),
    ScheduleCase("warmup-exponential", "exponential", dict(gamma=0.98, warmup_steps=20, warmup_start=0.5),
                 warm(20, 0.5, sched("ExponentialLR", gamma=0.98))),
    ScheduleCase("warmup-polynomial", "polynomial",
                 dict(total_iters=200, power=2.0, warmup_steps=25, warmup_start=0.01),
                 warm(25, 0.01, sched("PolynomialLR", total_iters=200, power=2.0))),
    ScheduleCase("warmup-cosine", "cosine", dict(T_max=50, warmup_steps=10, warmup_start=0.1),
                 warm(10, 0.1, sched("CosineAnnealingLR", T_max=50))),
    ScheduleCase("warmup-sgdr", "cosine_restarts", dict(T_0=20, T_mult=2, warmup_steps=10, warmup_start=0.1),
                 warm(10, 0.1, sched("CosineAnnealingWarmRestarts", T_0=20, T_mult=2))),
    # m(0) = base_factor = 0.2: torch needs LinearLR from 0.5·0.2 to 0.2 (see with_warmup's docstring)
    ScheduleCase("warmup-cyclic", "cyclic", dict(base_factor=0.2, step_size_up=20, warmup_steps=10, warmup_start=0.5),
                 warm(10, None, cyclic(0.2, 1.0, 20), start_factor=0.5 * 0.2, end_factor=0.2)),
    # OneCycleLR rewrites initial_lr to max_lr/div_factor, so the plain chain already ramps to m(0)
    ScheduleCase("warmup-one_cycle", "one_cycle", dict(total_steps=300, warmup_steps=10, warmup_start=0.5),
                 warm(10, 0.5, one_cycle(300))),
]


def torch_classes(spec: dict[str, Any]) -> list[str]:
    """The lr_scheduler classes a ``sched`` spec builds, SequentialLR's children included."""
    return [spec["class"], *(c for child in spec.get("schedulers", ()) for c in torch_classes(child))]


# ----------------------------------------------------------------------------------- the file


def optimizer_key(case: OptimizerCase, surface: str) -> str:
    return f"optimizer:{case.id}:{surface}"


def schedule_key(case: ScheduleCase) -> str:
    return f"schedule:{case.id}"


def feedback_keys(case: FeedbackCase) -> tuple[str, str]:
    """The keys of a feedback case's path and learning rates."""
    return f"feedback:{case.id}:xy", f"feedback:{case.id}:lr"


def expected_keys() -> set[str]:
    """Every array the golden file must hold for this table."""
    keys = set()
    for case in OPTIMIZER_CASES:
        for surface in SURFACES:
            key = optimizer_key(case, surface)
            keys |= {key, *(f"{key}:{extra}" for extra in recorded(case))}
    keys |= {schedule_key(c) for c in SCHEDULE_CASES}
    keys |= {k for c in FEEDBACK_CASES for k in feedback_keys(c)}
    return keys


def configuration() -> dict[str, Any]:
    """This table as JSON data: stored in the golden file, so a stale file is caught."""
    table = {
        "optimizer_steps": STEPS,
        "surfaces": SURFACES,
        "optimizers": [{"id": c.id, "optimizer": c.name, "torch": c.torch, "kwargs": c.kwargs}
                       for c in OPTIMIZER_CASES],
        "schedule_updates": SCHEDULE_UPDATES,
        "base_lr": BASE_LR,
        "schedules": [{"id": c.id, "schedule": c.name, "params": c.params, "torch": c.torch}
                      for c in SCHEDULE_CASES],
        "feedback": [{"id": c.id, "schedule": c.name, "params": c.params, "torch": c.torch, "surface": c.surface,
                      "optimizer": c.optimizer._asdict()} for c in FEEDBACK_CASES],
    }
    # through JSON (tuples become lists, InverseTime its repr) so it compares equal to a loaded copy
    return json.loads(json.dumps(table, default=repr))


def load(path: Path = GOLDEN) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """``(meta, arrays)`` from a golden file; ``meta`` has ``torch``, ``numpy`` and ``configuration``."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {key: data[key] for key in data.files}
    return json.loads(str(arrays.pop("meta"))), arrays


def save(meta: dict[str, Any], arrays: dict[str, np.ndarray], path: Path = GOLDEN) -> None:
    """Write the arrays (float64, so exactly) and ``meta`` as JSON: a compressed .npz, byte-for-byte the
    same for the same content (fixed zip timestamps), so rerunning the script leaves git clean."""
    entries = {"meta": np.array(json.dumps(meta, indent=1))}
    entries.update((key, np.asarray(value, dtype=np.float64)) for key, value in arrays.items())
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key, value in entries.items():
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as member:
                np.lib.format.write_array(member, value, allow_pickle=False)
