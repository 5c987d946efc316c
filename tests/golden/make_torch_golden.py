"""Rewrite tests/golden/torch_golden.npz: torch's answers for every case in tests/golden/cases.py.

Run it where torch is installed, from any directory::

    python tests/golden/make_torch_golden.py

Each optimizer case runs ``torch.optim.<class>([p], foreach=False, ...)`` in float64 for
``cases.STEPS`` updates on each surface, with our analytic gradient fed in as ``p.grad`` (L-BFGS gets a
closure that evaluates f and sets ``p.grad``, and the evaluations of each step are counted); each
schedule case records ``param_groups[0]["lr"]`` for ``cases.SCHEDULE_UPDATES`` updates, the scheduler
stepped after every update; each feedback case (ReduceLROnPlateau) records a real run and its lrs, the
scheduler stepped with the loss after every update.  The file also records the torch version and the case table, and
``tests/test_torch_golden.py`` checks our engine against it with or without torch.

The functions here import torch only when called, so tests may import this module without it.
"""

from __future__ import annotations

import inspect
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: make the repository importable
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import surfaces  # noqa: E402
from tests.golden import cases  # noqa: E402


@contextmanager
def torch_float64():
    """One thread and float64 as torch's default dtype (NAdam keeps its μ product in it), then restore."""
    import torch

    dtype, threads = torch.get_default_dtype(), torch.get_num_threads()
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(1)
    try:
        yield torch
    finally:
        torch.set_default_dtype(dtype)
        torch.set_num_threads(threads)


def make_optimizer(torch, case: cases.OptimizerCase, p):
    """``torch.optim.<class>([p], **kwargs)``, with the for-loop implementation where there is a choice."""
    cls = getattr(torch.optim, case.torch)
    foreach = {"foreach": False} if "foreach" in inspect.signature(cls).parameters else {}
    return cls([p], **foreach, **case.kwargs)


def optimizer_step(torch, opt, p, surface) -> int:
    """One ``opt.step`` with our analytic gradient; returns the evaluations of f and ∇f it made.

    L-BFGS gets a closure that evaluates f and sets the gradient (it calls it as often as it needs);
    the others get the gradient at p.
    """
    def closure():
        nonlocal evaluations
        evaluations += 1
        x = p.detach().numpy()
        p.grad = torch.from_numpy(surface.grad(x))
        return torch.tensor(float(surface.f(x)), dtype=torch.float64)

    evaluations = 0
    if isinstance(opt, torch.optim.LBFGS):
        opt.step(closure)
    else:
        p.grad = torch.from_numpy(surface.grad(p.detach().numpy()))
        opt.step()
        evaluations = 1
    return evaluations


def optimizer_path(case: cases.OptimizerCase, surface_name: str, steps: int = cases.STEPS) -> dict[str, np.ndarray]:
    """torch's positions, shape ``(steps + 1, 2)``, start included (key "xy"), and what
    ``cases.recorded(case)`` names: ASGD's averaged point ``ax`` (the start before the first update,
    where torch's buffer is still empty), L-BFGS's evaluations per update."""
    surface = surfaces.get(surface_name)
    with torch_float64() as torch:
        p = torch.tensor(cases.SURFACES[surface_name], dtype=torch.float64, requires_grad=True)
        opt = make_optimizer(torch, case, p)
        start = p.detach().numpy().copy()
        out = {"xy": [start], "evaluations": []}
        out.update({name: [start] for name in cases.recorded(case) if name != "evaluations"})
        for _ in range(steps):
            out["evaluations"].append(optimizer_step(torch, opt, p, surface))
            out["xy"].append(p.detach().numpy().copy())
            for name in out.keys() - {"xy", "evaluations"}:
                out[name].append(opt.state[p][name].detach().numpy().copy())
    return {name: np.array(values, dtype=np.float64) for name, values in out.items()}


def feedback_run(case: cases.FeedbackCase) -> tuple[np.ndarray, np.ndarray]:
    """``(path, lrs)``: the optimizer's run with torch's scheduler stepped with f after every update."""
    surface = surfaces.get(case.surface)
    with torch_float64() as torch:
        from torch.optim import lr_scheduler

        p = torch.tensor(cases.SURFACES[case.surface], dtype=torch.float64, requires_grad=True)
        opt = make_optimizer(torch, case.optimizer, p)
        scheduler = build_scheduler(lr_scheduler, opt, case.torch)
        path, lrs = [p.detach().numpy().copy()], []
        for _ in range(cases.STEPS):
            lrs.append(opt.param_groups[0]["lr"])
            optimizer_step(torch, opt, p, surface)
            path.append(p.detach().numpy().copy())
            scheduler.step(float(surface.f(p.detach().numpy())))
    return np.array(path), np.array(lrs, dtype=np.float64)


def build_scheduler(lr_scheduler, optimizer, spec: dict):
    """The scheduler a ``cases.sched`` spec describes (SequentialLR's children built first, in order)."""
    kwargs = dict(spec)
    cls = getattr(lr_scheduler, kwargs.pop("class"))
    if "schedulers" in kwargs:
        kwargs["schedulers"] = [build_scheduler(lr_scheduler, optimizer, child) for child in kwargs["schedulers"]]
    return cls(optimizer, **kwargs)


def scheduler_lrs(spec: dict, n: int = cases.SCHEDULE_UPDATES, lr: float = cases.BASE_LR):
    """``(lrs, scheduler, optimizer)``: the lr each of n updates sees, the scheduler stepped after each."""
    with torch_float64() as torch:
        from torch.optim import lr_scheduler

        param = torch.nn.Parameter(torch.zeros(2, dtype=torch.float64))
        opt = torch.optim.SGD([param], lr=lr)
        seen = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch's deprecation / step-order chatter
            scheduler = build_scheduler(lr_scheduler, opt, spec)
            for _ in range(n):
                seen.append(opt.param_groups[0]["lr"])
                opt.step()
                scheduler.step()
    return np.array(seen, dtype=np.float64), scheduler, opt


def compute() -> tuple[dict, dict[str, np.ndarray]]:
    """``(meta, arrays)`` for every case, as the golden file stores them."""
    import torch

    arrays = {}
    for case in cases.OPTIMIZER_CASES:
        for surface_name in cases.SURFACES:
            key = cases.optimizer_key(case, surface_name)
            run = optimizer_path(case, surface_name)
            arrays[key] = run["xy"]
            arrays.update((f"{key}:{name}", run[name]) for name in cases.recorded(case))
    for case in cases.SCHEDULE_CASES:
        arrays[cases.schedule_key(case)] = scheduler_lrs(case.torch)[0]
    for case in cases.FEEDBACK_CASES:
        path_key, lr_key = cases.feedback_keys(case)
        arrays[path_key], arrays[lr_key] = feedback_run(case)
    meta = {"torch": torch.__version__, "numpy": np.__version__, "configuration": cases.configuration()}
    return meta, arrays


def main() -> None:
    meta, arrays = compute()
    bad = [key for key, value in arrays.items() if not np.isfinite(value).all()]
    if bad:
        raise SystemExit(f"torch gave non-finite values for {', '.join(bad)}: fix the case, nothing written")
    cases.save(meta, arrays)
    size = cases.GOLDEN.stat().st_size
    print(f"wrote {cases.GOLDEN.relative_to(ROOT)} ({size / 1024:.0f} KiB) with torch {meta['torch']}: "
          f"{len(cases.OPTIMIZER_CASES)} optimizer cases × {len(cases.SURFACES)} surfaces, "
          f"{len(cases.SCHEDULE_CASES)} schedule cases, {len(cases.FEEDBACK_CASES)} feedback cases")


if __name__ == "__main__":
    main()
