"""Look up UI text in the current language: ``t("compare.title")``.

The language lives in ``st.session_state["lang"]`` and in the URL (``?lang=zh``); app.py's sidebar
switch sets both.  A missing key shows itself as ``⟦key⟧`` so it is noticed, never crashes a page.

User text is never Markdown.  Streamlit renders almost every string it is given (``st.error``,
``st.warning``, captions, labels, help) as Markdown, so a value from a link, a typed formula or an
exception message could otherwise show as a link, an image, bold or LaTeX.  ``t()`` therefore
escapes every ``{field}`` it fills in (``escape_markdown``) unless the value is itself
:class:`Markdown` (catalogue text from another ``t()`` call, or code-owned text marked with
``trusted()``).  Text shown without ``t()`` goes through ``escape_markdown`` before it reaches ``st.``.
"""

from __future__ import annotations

import re
import string

import streamlit as st

from ui.strings import CATALOGUE, LANGUAGES

LANGUAGE_NAMES = {"en": "English", "zh": "简体中文"}


class Markdown(str):
    """Text that is safe to render as Markdown: catalogue text, or text that went through an escaper."""

    __slots__ = ()


def trusted(text: str) -> Markdown:
    """Mark code-owned Markdown (never user text) so ``t()`` inserts it as it is: ``t(k, rule=trusted("**x**"))``."""
    return Markdown(text)


# Characters escaped wherever they are: emphasis and code (* `), links and images ([ ]), HTML and
# autolinks (< >), strikethrough (~), LaTeX ($), tables (|), and the backslash itself.  The rest are
# escaped only where Markdown would act on them, so that numbers ("-0.5", "1e-05"), parameter names
# ("weight_decay") and keys ("compare.steps") read the same in Markdown and in plain-text places
# (table headers, chart hovers) that receive the same t() output.
# Checked against Streamlit 1.67 in Chromium (st.warning, st.markdown and widget labels, hostile
# samples plus 300 random strings): no link, image, emphasis, code, LaTeX, directive, icon, HTML or
# block comes out, and the text reads as typed.  Harmless leftovers: Streamlit's typography
# (" -> " shows as "→") and an alert body that starts with an emoji shows it as the alert's icon.
_SPECIAL = re.compile(r"_+|[\\`*\[\]<>~$|:&]")
_LINE_BREAK = re.compile(r"\r\n?|\n")
# Some of Streamlit's Markdown is matched on the text *after* backslash escapes are resolved, so
# escaping cannot stop it: GFM's bare links ("https://...", "www.", "a@b.c"), emoji and logo
# shortcodes (":smile:", ":streamlit:") and the ":material/...:" icon rewrite.  An invisible word
# joiner inside each of them does.
_WORD_JOINER = "\u2060"
_UNLINK = re.compile(r"(?<=:)(?=//)|(?i:(?<=www))(?=\.)|(?<=@)(?=[-\w])|(?<=:)(?=[A-Za-z_+-][\w+/-]*:)")
# a value that starts a line could start a block: "# heading", "- item", "1. item", "===" (setext)
_LEADING_ORDERED = re.compile(r"(\s*\d{1,9})([.)])(?=\s|$)")
_LEADING_MARKER = re.compile(r"(\s*)([-+=])(?=\s|$|\2)|(\s*)(#)(?=#*(?:\s|$))")


def _escape_special(match: re.Match) -> str:
    token, text = match.group(), match.string
    start, end = match.span()
    if token[0] == "_":
        # an underscore run between two letters/digits can neither open nor close emphasis
        inner = 0 < start and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()
        return token if inner else "\\_" * len(token)
    if token == ":":
        # ":name[...]" directives (:red[...], :material/...:, :help[...]) need a letter after the colon
        follows = text[end] if end < len(text) else ""
        return token if follows.isspace() or follows.isdigit() else "\\:"
    if token == "&":
        # only an entity ("&lt;", "&#91;") changes how text reads
        follows = text[end] if end < len(text) else ""
        return "\\&" if follows == "#" or follows.isalpha() else token
    return "\\" + token


def escape_markdown(text: object) -> Markdown:
    """``text`` as Markdown that Streamlit shows literally: no link, image, emphasis, code, LaTeX,
    colour or icon directive, HTML, heading or list can come out of it.

    Line breaks become spaces (user values and error messages are one line).  The result reads as
    the input in plain-text places too, except for a backslash before the few characters above.
    """
    text = _LINE_BREAK.sub(" ", str(text))
    text = _UNLINK.sub(_WORD_JOINER, text)
    lead = ""
    if match := _LEADING_ORDERED.match(text):
        lead, text = match[1] + "\\" + match[2], text[match.end():]
    elif match := _LEADING_MARKER.match(text):
        spaces, marker = (match[1], match[2]) if match[2] else (match[3], match[4])
        lead, text = spaces + "\\" + marker, text[match.end():]
    return Markdown(lead + _SPECIAL.sub(_escape_special, text))


def safe_markdown(value: object) -> Markdown:
    """``value`` itself when it is already :class:`Markdown`, otherwise escaped."""
    return value if isinstance(value, Markdown) else escape_markdown(value)


class _EscapingFormatter(string.Formatter):
    """``str.format`` that escapes each filled-in field (after its format spec) unless it is Markdown."""

    def format_field(self, value, format_spec):
        text = format(value, format_spec)
        return text if isinstance(value, Markdown) else escape_markdown(text)


_FORMATTER = _EscapingFormatter()


def current_language() -> str:
    lang = st.session_state.get("lang", "en")
    return lang if lang in LANGUAGES else "en"


def t(key: str, /, **fields) -> Markdown:
    """The text for ``key`` in the current language, with ``{fields}`` filled in (escaped, see above)."""
    entry = CATALOGUE.get(key)
    if entry is None:
        return Markdown(f"⟦{key}⟧")
    text = entry.get(current_language()) or entry["en"]
    return Markdown(_FORMATTER.vformat(text, (), fields) if fields else text)
