"""Parameter specs: the data a widget is built from and a value is validated against.

Optimizers, schedules and surfaces all describe their knobs with :class:`ParamSpec`, so the app
builds its widgets from data and the library rejects bad values with one kind of message:
``ValueError("lr must be > 0 (got -0.1)")``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from refusal import Refusal


@dataclass(frozen=True)
class ParamSpec:
    """One hyperparameter or surface parameter.

    ``kind`` is ``"float"``, ``"int"``, ``"bool"`` or ``"choice"``.  ``low``/``high`` bound the valid
    range (``None``: unbounded); ``low_open``/``high_open`` say whether the bound itself is excluded.
    ``log`` asks the UI for a log-scale control (and a sweep for a log axis); ``ui_log`` asks only the
    UI for one (clipping: 0 is off, so a sweep's axis stays linear from 0).  ``ui_low``/``ui_high``
    are the slider's sensible range when it is narrower than the valid one (for example lr: valid
    (0, inf), slider 1e-4..10).
    ``help`` is the one-line meaning shown beside the widget.
    """

    name: str
    default: Any
    help: str = ""
    kind: str = "float"
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    log: bool = False
    ui_log: bool = False
    ui_low: float | None = None
    ui_high: float | None = None
    choices: tuple = ()
    batchable: bool = True  # may be given as an array of length B (a sweep)

    def range_text(self) -> str:
        """The valid range in words, for error messages and tooltips."""
        if self.kind == "bool":
            return "True or False"
        if self.kind == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices)
        number = (lambda v: str(int(v))) if self.kind in ("int", "ints") else (lambda v: f"{v:g}")
        lo = "-inf" if self.low is None else number(self.low)
        hi = "inf" if self.high is None else number(self.high)
        left = "(" if (self.low is None or self.low_open) else "["
        right = ")" if (self.high is None or self.high_open) else "]"
        return f"{left}{lo}, {hi}{right}"

    def validate(self, value: Any) -> Any:
        """Return ``value`` coerced to this spec's kind, or raise ValueError naming name, value, range.

        Floats may be arrays (a sweep) when ``batchable``; every element is checked.
        """
        if self.kind == "bool":
            if isinstance(value, (bool, np.bool_)):
                return bool(value)
            if isinstance(value, (int, np.integer)) and value in (0, 1):
                return bool(value)
            raise self._refuse("must_be_bool", f"{self.name} must be True or False (got {value!r})", value)
        if self.kind == "choice":
            if value not in self.choices:
                raise self._refuse("must_be_choice", f"{self.name} must be {self.range_text()} (got {value!r})", value)
            return value
        if self.kind == "int":
            if isinstance(value, bool) or not isinstance(value, (int, np.integer, float, np.floating)):
                raise self._refuse("must_be_whole_in", f"{self.name} must be a whole number in {self.range_text()} "
                                   f"(got {value!r})", value)
            if isinstance(value, (float, np.floating)) and (not math.isfinite(value) or value != int(value)):
                raise self._refuse("must_be_whole_in", f"{self.name} must be a whole number in {self.range_text()} "
                                   f"(got {value!r})", value)
            value = int(value)
            try:
                as_float = float(value)
            except OverflowError:  # a whole number beyond any float is out of every range
                raise self._refuse("must_be_whole_in", f"{self.name} must be a whole number in {self.range_text()} "
                                   f"(got {value})", value) from None
            self._check_range(np.asarray(as_float), value)
            return value
        # float, scalar or array
        if isinstance(value, (bool, np.bool_)) or isinstance(value, str):
            raise self._refuse("must_be_number_in", f"{self.name} must be a number in {self.range_text()} "
                               f"(got {value!r})", value)
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise self._refuse("must_be_number_in", f"{self.name} must be a number in {self.range_text()} "
                               f"(got {value!r})", value) from None
        if arr.ndim > 1 or (arr.ndim == 1 and not self.batchable):
            raise self._refuse("must_be_single", f"{self.name} must be a single number (got an array of shape "
                               f"{arr.shape})", value)
        if arr.ndim == 1 and arr.size == 0:
            raise self._refuse("must_be_single", f"{self.name} must not be an empty array", value)
        self._check_range(arr, value)
        return float(arr) if arr.ndim == 0 else arr.copy()

    def _refuse(self, kind: str, message: str, value: Any) -> Refusal:
        """The refusal of ``value``: its kind, this spec's name and range, and the value as the message shows it."""
        shown = value if isinstance(value, str) else (f"{value:g}" if isinstance(value, float) else repr(value))
        return Refusal(kind, message, name=self.name, range=self.range_text(), value=shown)

    def _check_range(self, arr: np.ndarray, original: Any) -> None:
        bad = ~np.isfinite(arr)
        if self.low is not None:
            bad |= (arr <= self.low) if self.low_open else (arr < self.low)
        if self.high is not None:
            bad |= (arr >= self.high) if self.high_open else (arr > self.high)
        if bad.any():
            shown = original if arr.ndim == 0 else float(arr[bad][0])
            raise self._refuse("must_be_in", f"{self.name} must be in {self.range_text()} (got {shown!r})", shown)


#: torch's spellings of two parameters as one pair, alias -> (first, second): ``betas=(0.9, 0.99)`` is
#: ``beta1=0.9, beta2=0.99``.  An alias applies wherever both names are specs.  The pairs of a single
#: optimizer live on its class (``Optimizer.pairs``: Rprop's ``etas``, Adafactor's ``eps``); this table
#: holds the shared one.  None in a pair means that parameter's default, as torch's Adafactor spells
#: ε₁ = machine epsilon ``eps=(None, 1e-3)``.
PAIRS: dict[str, tuple[str, str]] = {"betas": ("beta1", "beta2")}


def expand_pairs(specs: dict[str, ParamSpec], given: dict[str, Any],
                 pairs: dict[str, tuple[str, str]] = PAIRS) -> dict[str, Any]:
    """``given`` with each pair alias whose two names are in ``specs`` replaced by those two names."""
    out = dict(given)
    for alias, (first, second) in pairs.items():
        if alias not in out or first not in specs or second not in specs:
            continue
        value = out.pop(alias)
        try:
            a, b = value
        except (TypeError, ValueError):
            raise ValueError(f"{alias} must be a pair ({first}, {second}) (got {value!r})") from None
        both = [n for n in (first, second) if n in out]
        if both:
            raise ValueError(f"give either {alias} or {first} and {second}, not both (got {alias} and {both[0]})")
        out.update({name: v for name, v in ((first, a), (second, b)) if v is not None})
    return out


def validate_all(specs: dict[str, ParamSpec], given: dict[str, Any], owner: str,
                 pairs: dict[str, tuple[str, str]] = PAIRS) -> dict[str, Any]:
    """Fill defaults and validate every value; unknown names raise ValueError listing the known ones.

    A pair alias of :data:`PAIRS` stands for its two parameters (``betas`` for beta1 and beta2).
    """
    given = expand_pairs(specs, given, pairs)
    unknown = sorted(set(given) - set(specs))
    if unknown:
        aliases = [f"{a}=({f}, {s})" for a, (f, s) in pairs.items() if f in specs and s in specs]
        takes = ", ".join([*specs, *aliases]) or "none"
        raise ValueError(f"{owner} has no parameter {unknown[0]!r}; it takes: {takes}")
    return {name: spec.validate(given.get(name, spec.default)) for name, spec in specs.items()}
