"""Plain values to and from the short strings a URL query holds (no Streamlit here).

``fmt`` writes a value the way every link of the app writes it (floats round-trip exactly, bools as
1/0, tuples comma-joined); the parsers read a query string back and raise ``ValueError`` with a
reason when it is malformed or out of range, which the page turns into a notice and a default.
The Compare page's codec (``comparison.config``), the Sweep page's "open in Compare" links and the
pages' URL state (``ui.state``) all use these, so a link means the same thing everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from paramspec import ParamSpec
from refusal import Refusal

Parser = Callable[[str], Any]


def fmt(value: Any) -> str:
    """A short, exact string for a value: floats round-trip (repr), bools as 1/0, tuples comma-joined."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value) if value != int(value) or abs(value) >= 1e16 else str(int(value))
    if isinstance(value, (tuple, list)):
        return ",".join(fmt(v) for v in value)
    return str(value)


def number(text: str) -> float:
    """``float(text)``, refused as kind ``not_number`` (Python's own message is not for readers)."""
    try:
        return float(text)
    except (ValueError, TypeError):
        raise Refusal("not_number", f"{text!r} is not a number", value=text) from None


def parse_float(low: float | None = None, high: float | None = None) -> Parser:
    def parse(text: str) -> float:
        value = number(text)
        if not math.isfinite(value):
            raise Refusal("not_finite", f"{text!r} is not a finite number", value=text)
        if (low is not None and value < low) or (high is not None and value > high):
            if low is not None and high is not None:
                raise Refusal("outside", f"{text} is outside [{low:g}, {high:g}]", value=text, low=f"{low:g}",
                              high=f"{high:g}")
            raise Refusal("out_of_range", f"{text} is out of range", value=text)
        return value
    return parse


def parse_int(low: int, high: int) -> Parser:
    def parse(text: str) -> int:
        value = number(text)
        if not math.isfinite(value) or value != int(value):
            raise Refusal("not_whole", f"{text!r} is not a whole number", value=text)
        if not low <= value <= high:
            raise Refusal("outside", f"{text} is outside [{low}, {high}]", value=text, low=str(low), high=str(high))
        return int(value)
    return parse


def parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise Refusal("not_bool", f"{text!r} is not 1 or 0", value=text)


def parse_choice(choices) -> Parser:
    allowed = list(choices)

    def parse(text: str):
        if text not in allowed:
            raise Refusal("not_choice", f"{text!r} is not one of {', '.join(map(str, allowed[:12]))}", value=text)
        return text
    return parse


def parse_spec(spec: ParamSpec) -> Parser:
    """A parser that accepts exactly what ``spec`` accepts."""
    if spec.kind == "bool":
        return parse_bool
    if spec.kind == "choice":
        return parse_choice(spec.choices)

    def parse(text: str):
        value = number(text)
        if spec.kind == "int":
            if not math.isfinite(value) or value != int(value):
                raise Refusal("not_whole", f"{text!r} is not a whole number", value=text)
            return spec.validate(int(value))
        return spec.validate(value)
    return parse


def control_limits(spec: ParamSpec) -> tuple[float | None, float | None]:
    """The range the app's control for ``spec`` offers (its ui_low/ui_high where set, else the spec's)."""
    low = spec.ui_low if spec.ui_low is not None else spec.low
    high = spec.ui_high if spec.ui_high is not None else spec.high
    return low, high


def parse_for_control(spec: ParamSpec) -> Parser:
    """What a link may set for ``spec``: what the spec accepts *and* its control can hold (a slider or an
    integer box narrower than the valid range refuses the rest), so a link is never silently clamped."""
    parse = parse_spec(spec)
    if spec.kind not in ("int", "float") or spec.log or spec.ui_log:  # a log control has a box for any value
        return parse
    low, high = control_limits(spec)
    if spec.kind == "float":
        if low is None or high is None:
            return parse
        high = high if not (spec.high_open and spec.high == high) else high - 1e-3

    def parse_in_range(text: str):
        value = parse(text)
        if (low is not None and value < low) or (high is not None and value > high):
            lo = "-inf" if low is None else f"{low:g}"
            hi = "inf" if high is None else f"{high:g}"
            raise Refusal("outside", f"{text} is outside this control's range [{lo}, {hi}]", value=text, low=lo,
                          high=hi)
        return value

    return parse_in_range


def log_grid(low: float, high: float) -> list[float]:
    """A 1-2-5 series from ``low`` to ``high`` (the values a log slider steps through)."""
    values = []
    for exponent in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        for mantissa in (1, 2, 5):
            v = float(f"{mantissa}e{exponent}")
            if low <= v * (1 + 1e-12) and v <= high * (1 + 1e-12):
                values.append(v)
    return values
