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

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from ui.i18n import safe_markdown, t
from urlvalues import Parser, fmt, parse_bool, parse_choice, parse_float, parse_int, parse_spec

__all__ = ["Parser", "UrlState", "fmt", "parse_bool", "parse_choice", "parse_float", "parse_int", "parse_spec"]

# query keys that belong to the whole app, not to a page
GLOBAL_KEYS = ("lang",)
MAX_QUERY_VALUE = 2000  # characters; longer values are refused before parsing


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
            # t() escapes the fields: a link's value can never become a link, image or bold text here
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
            st.warning(safe_markdown(notice), icon="🔗")
