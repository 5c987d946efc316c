"""The Optimizer base class, the specs every optimizer shares, and the registry.

An optimizer is a pure update rule in the optax/torch spirit:

* ``init(xy) -> state`` makes the state (a NamedTuple of arrays shaped like ``xy``, ``(B, 2)``);
* ``step(xy, g, state, lr, t) -> (new_xy, new_state)`` applies update ``t`` (1-based) with the
  scheduled learning rate ``lr``.

Hyperparameters are validated once at construction.  Any float hyperparameter may be an array of
length B: it is stored with shape ``(B, 1)`` so it broadcasts against ``(B, 2)`` positions, and one
call sweeps B configurations.  Gradient clipping (by value, by norm) is shared by every optimizer
and applied by the engine to the raw gradient, before the optimizer adds any weight decay — the
order of ``clip_grad_norm_`` followed by ``optimizer.step()`` in torch.
"""

from __future__ import annotations

import inspect
import re
from typing import Any, ClassVar

import numpy as np

from paramspec import PAIRS, ParamSpec, validate_all

# a log control: the useful thresholds are 0.1 to 5, and 0 (off) is its first stop
CLIP_SPECS = (
    ParamSpec("clip_value", 0.0, "clip each gradient component to [-c, c] (0: off)", low=0.0,
              ui_log=True, ui_low=0.01, ui_high=100.0),
    ParamSpec("clip_norm", 0.0, "rescale the gradient so its length is at most c (0: off)", low=0.0,
              ui_log=True, ui_low=0.01, ui_high=100.0),
)


def lr_spec(default: float) -> ParamSpec:
    """The learning-rate spec: positive, log scale, with a slider range a classroom needs."""
    return ParamSpec("lr", default, "learning rate: the step size", low=0.0, low_open=True, log=True,
                     ui_low=1e-5, ui_high=10.0)


def beta_spec(name: str, default: float, meaning: str) -> ParamSpec:
    """A decay rate in [0, 1)."""
    return ParamSpec(name, default, meaning, low=0.0, high=1.0, high_open=True)


def eps_spec(default: float) -> ParamSpec:
    """The small constant added for numerical stability: positive, log scale."""
    return ParamSpec("eps", default, "small constant that keeps the division finite", low=0.0,
                     log=True, ui_low=1e-16, ui_high=1.0)


def weight_decay_spec(default: float = 0.0, meaning: str = "L2 penalty λ added to the gradient as λθ") -> ParamSpec:
    return ParamSpec("weight_decay", default, meaning, low=0.0, ui_low=0.0, ui_high=1.0)


def lerp(start, end, weight):
    """``start + weight·(end - start)``, rounded the way torch's ``lerp_`` rounds it.

    torch switches formula at weight 0.5 to keep the result exact at both ends; doing the same
    keeps our moments equal to torch's to the last bit.
    """
    if np.ndim(weight) == 0:
        # one new array, updated in place: the same rounding as the expressions above, less memory traffic
        out = end - start
        if weight < 0.5:
            out *= weight
            out += start
            return out
        out *= 1.0 - weight
        return np.subtract(end, out, out=out)
    return np.where(weight < 0.5, start + weight * (end - start), end - (end - start) * (1.0 - weight))


MATH = ".. math::"
# a row break of the rule, and the environments (cases, pmatrix) whose own row breaks stay on one line
_LATEX_TOKENS = re.compile(r"\\begin\{|\\end\{|\\\\")


def latex_rows(latex: str) -> list[str]:
    """The rows of a rule, split after each top-level ``\\`` (``"".join`` gives ``latex`` back)."""
    rows, depth, start = [], 0, 0
    for token in _LATEX_TOKENS.finditer(latex):
        if token.group() == r"\begin{":
            depth += 1
        elif token.group() == r"\end{":
            depth -= 1
        elif depth == 0:
            rows.append(latex[start:token.end()])
            start = token.end()
    return [*rows, latex[start:]] if latex[start:] else rows


def document(doc: str, latex: str, convention: str) -> str:
    r"""A class docstring with the update rule and the convention note appended.

    The rule is written once, as the class's ``latex`` (which the Compare page renders); the
    docstring gets the same text as a ``.. math::`` block, one row per line, so ``help()`` and the
    page cannot disagree.
    """
    text = inspect.cleandoc(doc)
    if MATH in text:
        raise TypeError("write the update rule once, as the class's latex: the docstring gets it from there")
    rows = "\n    ".join(latex_rows(latex))
    return f"{text}\n\nUpdate rule:\n\n{MATH}\n\n    {rows}\n\nConvention: {convention}\n"


class Optimizer:
    """Base class: validated hyperparameters, shared clipping, and the documentation the app shows.

    Subclasses set ``name``, ``title``, ``specs``, ``latex`` (the update rule, rendered in the app
    and appended to the class docstring by :func:`document`) and ``convention`` (how this rule
    relates to other libraries' versions), and implement ``init`` and ``step``.  What the app needs
    beyond the rule (menu place, demo learning rates, ...) is the optimizer's row in
    ``optimizers/facts.py``.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    specs: ClassVar[tuple[ParamSpec, ...]]
    latex: ClassVar[str]
    convention: ClassVar[str] = ""
    #: step() takes ``hessian=`` (the surface's Hessian at θ): Newton
    needs_hessian: ClassVar[bool] = False
    #: step() gets ``g=None`` and ``oracle=``: it evaluates f and ∇f itself, as often as it needs
    #: (L-BFGS); ``oracle(points, rows) -> (f, grad)`` for points of shape (k, 2) of runs ``rows``,
    #: and the engine counts the evaluations of each run (``Trajectory.evaluations``)
    evaluates: ClassVar[bool] = False
    #: the rule works on parameter arrays of any shape, so the Train page can train a network with it
    trains_network: ClassVar[bool] = True
    #: names of the points besides θ that the state carries and the engine records as extra paths
    #: (ASGD's average ``ax``); :meth:`points` gives them
    paths: ClassVar[tuple[str, ...]] = ()
    #: torch's spellings of two of this optimizer's hyperparameters as one pair, alias -> (first, second)
    #: (besides the shared ``betas``): Rprop's ``etas=(η⁻, η⁺)``
    pairs: ClassVar[dict[str, tuple[str, str]]] = {}

    def __init__(self, **hyperparameters: Any):
        # torch's pair spellings (betas=(β₁, β₂), Rprop's etas=(η⁻, η⁺)) are expanded by validate_all
        values = validate_all(self.spec_map(), hyperparameters, f"optimizer {self.name!r}", {**PAIRS, **self.pairs})
        sizes = {v.size for v in values.values() if isinstance(v, np.ndarray)}
        if len(sizes) > 1:
            raise ValueError(f"hyperparameter arrays must all have the same length (got lengths {sorted(sizes)})")
        #: B when any hyperparameter is an array (a sweep), else None
        self.batch_size: int | None = sizes.pop() if sizes else None
        #: the validated values as given (floats, bools, 1-D arrays)
        self.hyperparameters: dict[str, Any] = values
        # the values used in the update: arrays as (B, 1) columns that broadcast against (B, 2)
        self.h: dict[str, Any] = {k: (v[:, None] if isinstance(v, np.ndarray) else v) for k, v in values.items()}
        #: whether each value is non-zero anywhere: lets an update skip a term (weight decay, ...) cheaply
        self.nonzero: dict[str, bool] = {k: bool(np.any(v)) for k, v in values.items()}
        self._check()

    def __init_subclass__(cls, **kwargs: Any):
        super().__init_subclass__(**kwargs)
        if cls.__doc__ and "latex" in vars(cls):  # no docstring under python -OO
            cls.__doc__ = document(cls.__doc__, cls.latex, cls.convention)

    @classmethod
    def spec_map(cls) -> dict[str, ParamSpec]:
        """Every hyperparameter spec of this optimizer, clipping included, by name."""
        return {s.name: s for s in cls.specs + CLIP_SPECS}

    def _check(self) -> None:
        """Cross-parameter checks (for example Nesterov needs momentum); override where needed."""

    def init(self, xy: np.ndarray):  # pragma: no cover - abstract
        raise NotImplementedError

    def step(self, xy, g, state, lr, t):  # pragma: no cover - abstract
        raise NotImplementedError

    def points(self, state, xy) -> dict[str, np.ndarray]:
        """The extra points of :attr:`paths` in ``state`` (shape like ``xy``, the current θ)."""
        return {name: getattr(state, name) for name in self.paths}

    def clip(self, g: np.ndarray) -> np.ndarray:
        """Gradient clipping by value (each component to [-c, c]) then by norm (length at most c)."""
        cv, cn = self.h["clip_value"], self.h["clip_norm"]
        if self.nonzero["clip_value"]:
            cv_ = np.where(cv > 0, cv, np.inf)
            g = np.clip(g, -cv_, cv_)
        if self.nonzero["clip_norm"]:
            norm = np.sqrt(np.sum(g * g, axis=-1, keepdims=True))
            # torch's clip_grad_norm_: scale by c / (norm + 1e-6), only when that is below 1
            scale = np.minimum(1.0, np.where(cn > 0, cn, np.inf) / (norm + 1e-6))
            g = g * scale
        return g

    @property
    def label(self) -> str:
        """A short label such as ``Adam (lr=0.3)`` for legends."""
        lr = self.hyperparameters["lr"]
        lr_text = f"{lr:g}" if np.ndim(lr) == 0 else f"{lr.min():g}…{lr.max():g}"
        return f"{self.title} (lr={lr_text})"

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters.items() if not isinstance(v, np.ndarray))
        return f"optimizers.get({self.name!r}, {shown})"


_REGISTRY: dict[str, type[Optimizer]] = {}


def register(cls: type[Optimizer]) -> type[Optimizer]:
    """Class decorator adding an optimizer to the zoo under ``cls.name``."""
    _REGISTRY[cls.name] = cls
    return cls


def names() -> list[str]:
    """Names of every optimizer in the zoo."""
    return list(_REGISTRY)


def optimizer_class(name: str) -> type[Optimizer]:
    """The class registered under ``name`` (its specs, LaTeX and convention), or ValueError."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown optimizer {name!r}; choose one of: {', '.join(_REGISTRY)}") from None


def get(name: str, **hyperparameters: Any) -> Optimizer:
    """Build the optimizer ``name``; hyperparameters are validated, unknown ones rejected."""
    return optimizer_class(name)(**hyperparameters)
