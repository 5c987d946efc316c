"""Why a value was refused, in the reader's language: ``reason(err)`` for any exception a page shows.

The library refuses values with :class:`refusal.Refusal` (a kind and its fields, beside the English
message); this turns one into the catalogue's ``error.<kind>`` text (``ui/strings/errors.py``) with
the fields filled in, so a Chinese reader gets the reason, the value and the range in Chinese.  A
parameter's identifier among the fields (``name="momentum"``) is shown by its label when the catalogue
has one (动量 μ).  An exception without a kind the catalogue knows is said by its own message in
English, and as ``error.other`` ("this value can't be used") in any other language: never an English
sentence on a Chinese page.
"""

from __future__ import annotations

from refusal import Refusal
from ui.i18n import Markdown, current_language, escape_markdown, t
from ui.strings import CATALOGUE

# where a refused parameter's label may be found, most likely first
_LABEL_KEYS = ("param.opt.{name}", "param.sched.{name}")


def _label(name: object) -> str:
    lang = current_language()
    for pattern in _LABEL_KEYS:
        key = pattern.format(name=name)
        if key in CATALOGUE:
            return CATALOGUE[key][lang]
    # a surface's parameter: its label when every surface with a parameter of that name says the same
    labels = {entry[lang] for key, entry in CATALOGUE.items()
              if key.startswith("param.surface.") and key.endswith(f".{name}")}
    return labels.pop() if len(labels) == 1 else str(name)


def reason(err: BaseException) -> Markdown:
    """The text of ``err``'s reason in the current language (Markdown-safe: fields are escaped)."""
    if isinstance(err, Refusal) and f"error.{err.kind}" in CATALOGUE:
        fields = dict(err.fields)
        if "name" in fields and err.kind.startswith(("must_be", "increasing")):  # a parameter, not a formula's name
            fields["name"] = _label(fields["name"])
        try:
            return t(f"error.{err.kind}", **fields)
        except (KeyError, IndexError):  # a field the text needs is missing: say less rather than fail
            pass
    return escape_markdown(str(err)) if current_language() == "en" else t("error.other")
