"""Page state that lives in the URL query string, so a copied link restores the same view.

The pattern every page follows::

    url = UrlState("compare")                    # one per page run
    url.restore("steps", 30, parse_int(1, 2000)) # before the widget: seeds session_state from ?steps=
    st.number_input("Steps", key="steps")        # the widget owns the value from then on
    ...
    url.publish()                                # after all widgets: writes non-default values back

A value in the URL that does not parse or is out of range falls back to its default and a notice
is shown (``url.show_notices()``), never a traceback.  Query-string values are plain strings;
parsers turn them into Python values and formatters turn values back into short strings.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from paramspec import ParamSpec
from ui.i18n import t

Parser = Callable[[str], Any]

# query keys that belong to the whole app, not to a page
GLOBAL_KEYS = ("lang",)
MAX_QUERY_VALUE = 2000  # characters; longer values are refused before parsing


def fmt(value: Any) -> str:
    """A short, exact string for a value: floats round-trip (repr), bools as 1/0, tuples comma-joined."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value) if value != int(value) or abs(value) >= 1e16 else str(int(value))
    if isinstance(value, (tuple, list)):
        return ",".join(fmt(v) for v in value)
    return str(value)


def parse_float(low: float | None = None, high: float | None = None) -> Parser:
    def parse(text: str) -> float:
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(f"{text!r} is not a finite number")
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValueError(f"{text} is outside [{low:g}, {high:g}]" if low is not None and high is not None
                             else f"{text} is out of range")
        return value
    return parse


def parse_int(low: int, high: int) -> Parser:
    def parse(text: str) -> int:
        value = float(text)
        if not math.isfinite(value) or value != int(value):
            raise ValueError(f"{text!r} is not a whole number")
        if not low <= value <= high:
            raise ValueError(f"{text} is outside [{low}, {high}]")
        return int(value)
    return parse


def parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{text!r} is not 1 or 0")


def parse_choice(choices) -> Parser:
    allowed = list(choices)

    def parse(text: str):
        if text not in allowed:
            raise ValueError(f"{text!r} is not one of {', '.join(map(str, allowed[:12]))}")
        return text
    return parse


def parse_spec(spec: ParamSpec) -> Parser:
    """A parser that accepts exactly what ``spec`` accepts."""
    if spec.kind == "bool":
        return parse_bool
    if spec.kind == "choice":
        return parse_choice(spec.choices)

    def parse(text: str):
        number = float(text)
        if spec.kind == "int":
            if not math.isfinite(number) or number != int(number):
                raise ValueError(f"{text!r} is not a whole number")
            return spec.validate(int(number))
        return spec.validate(number)
    return parse


@dataclass
class UrlState:
    """Collects the URL-backed values of one page run and writes them back to the query string."""

    page: str
    entries: dict[str, tuple[Any, Callable[[Any], str]]] = field(default_factory=dict)

    def restore(self, key: str, default: Any, parse: Parser, formatter: Callable[[Any], str] = fmt) -> Any:
        """Seed ``st.session_state[key]`` from the URL on first sight (or the default); return its value."""
        self.entries[key] = (default, formatter)
        if key not in st.session_state:
            st.session_state[key] = self.read(key, default, parse)
        return st.session_state[key]

    def read(self, key: str, default: Any, parse: Parser) -> Any:
        """The URL's value for ``key`` parsed, or ``default`` (with a notice) when it is missing or bad."""
        raw = st.query_params.get(key)
        if raw is None:
            return default
        try:
            if len(raw) > MAX_QUERY_VALUE:
                raise ValueError(f"{len(raw)} characters is too long")
            return parse(raw)
        except (ValueError, TypeError, OverflowError) as err:
            notices = st.session_state.setdefault("_url_notices", [])
            notices.append(t("common.url_bad_value", key=key, value=raw[:80], reason=str(err)[:200],
                             default=fmt(default)))
            return default

    def track(self, key: str, default: Any, formatter: Callable[[Any], str] = fmt) -> None:
        """Publish ``st.session_state[key]`` without restoring it (for values a page sets itself)."""
        self.entries[key] = (default, formatter)

    def publish(self) -> None:
        """Write every tracked value that differs from its default to the URL; remove the rest."""
        wanted = {k: st.query_params[k] for k in GLOBAL_KEYS if k in st.query_params}
        for key, (default, formatter) in self.entries.items():
            value = st.session_state.get(key, default)
            text = formatter(value)
            if text != formatter(default):
                wanted[key] = text
        if dict(st.query_params) != wanted:
            st.query_params.from_dict(wanted)

    @staticmethod
    def show_notices() -> None:
        """Show (once) the notices collected while reading the URL."""
        for notice in st.session_state.pop("_url_notices", []):
            st.warning(notice, icon="🔗")
