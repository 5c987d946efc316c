"""Words the library writes into formulas and legends, in the current language.

- :func:`localized_latex` — a formula (an optimizer's or a schedule's ``latex``) with the words of
  each ``\\text{...}`` from the catalogue (``latex.<words>``); symbols and identifiers stay.
- :func:`legend_words` — the words Compare's legend labels use (``comparison.config``'s ``words``).
- :func:`schedule_title` — a schedule's name, with "+ linear warmup" when it has one.
- :func:`kind_title` — a Compare kind's title: its name, or for Build your own its words translated.
"""

from __future__ import annotations

import re

from comparison.config import KINDS
from optimizers import schedules
from ui.i18n import current_language, t
from ui.strings import CATALOGUE

_TEXT = re.compile(r"\\text\{((?:[^{}]|\{[^{}]*\})*)\}")


def localized_latex(latex: str) -> str:
    """``latex`` with every ``\\text{words}`` that the catalogue knows in the current language (the
    spaces around the words kept: they space the formula)."""
    lang = current_language()

    def swap(match: re.Match) -> str:
        inner = match[1]
        entry = CATALOGUE.get(f"latex.{inner.strip()}")
        if entry is None:
            return match[0]
        lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()):]
        return r"\text{" + lead + entry[lang] + trail + "}"

    return _TEXT.sub(swap, latex)


def legend_words() -> tuple[tuple[str, str], ...]:
    """``comparison.config`` legend words in the current language, as a hashable tuple (a cache key)."""
    lang = current_language()
    return tuple((key.removeprefix("legend."), entry[lang]) for key, entry in CATALOGUE.items()
                 if key.startswith("legend."))


def kind_title(kind: str, lang: str | None = None) -> str:
    """The title of Compare kind ``kind``: optimizers' names stay (Adam is Adam in Chinese); a title
    that is words (Build your own) has its catalogue text ``legend.title.<kind>``, which the legend
    labels use too."""
    entry = CATALOGUE.get(f"legend.title.{kind}")
    if entry is None:
        return KINDS[kind].title
    return entry[lang or current_language()]


def schedule_title(name: str, warmup_steps: int = 0) -> str:
    """The name of schedule ``name`` (``schedules.name.<name>``), with its linear warmup when it has one."""
    title = t(f"schedules.name.{name}") if name in schedules.names() else name
    return t("compare.schedule_with_warmup", title=title) if warmup_steps else title
