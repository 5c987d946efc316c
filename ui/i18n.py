"""Look up UI text in the current language: ``t("compare.title")``.

The language lives in ``st.session_state["lang"]`` and in the URL (``?lang=zh``); app.py's sidebar
switch sets both.  A missing key shows itself as ``⟦key⟧`` so it is noticed, never crashes a page.
"""

from __future__ import annotations

import streamlit as st

from ui.strings import CATALOGUE, LANGUAGES

LANGUAGE_NAMES = {"en": "English", "zh": "简体中文"}


def current_language() -> str:
    lang = st.session_state.get("lang", "en")
    return lang if lang in LANGUAGES else "en"


def t(key: str, /, **fields) -> str:
    """The text for ``key`` in the current language, with ``{fields}`` filled in."""
    entry = CATALOGUE.get(key)
    if entry is None:
        return f"⟦{key}⟧"
    text = entry.get(current_language()) or entry["en"]
    return text.format(**fields) if fields else text
