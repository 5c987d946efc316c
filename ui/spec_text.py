"""The label, tooltip and choice texts of a :class:`paramspec.ParamSpec`, and a surface's title, from
the catalogue (``ui/strings/params.py``) in the current language.

``owner`` says whose parameter it is:

* ``"opt:<optimizer>"`` — an optimizer hyperparameter (``"opt:sgd"``); the optimizer's own key
  ``param.opt.<optimizer>.<name>`` wins over the general ``param.opt.<name>``, because some names mean
  something else in one optimizer (Newton's lr, Lion's β₂, the decoupled weight decay of AdamW ...);
* ``"opt"`` — the general text only (true for every optimizer without a key of its own);
* ``"sched:<schedule>"`` / ``"sched"`` — a schedule parameter, warmup included, the same way
  (cyclic's γ has its own key);
* ``"surface:<surface>"`` — a surface parameter (``param.surface.<surface>.<name>``).

>>> spec_label("opt:sgd", "dampening", "zh")
'动量阻尼 τ（dampening）'

``spec`` may be the ParamSpec or its name.  A missing text raises KeyError (naming the keys tried):
there is no silent English fallback, and ``tests/test_spec_text.py`` checks that every spec the UI
can show has its texts.  ``lang=None`` means the current language (through ``ui.i18n.t``).
"""

from __future__ import annotations

from collections.abc import Callable

from ui.i18n import Markdown, current_language, t
from ui.strings import CATALOGUE, LANGUAGES

_KINDS = ("opt", "sched", "surface")


def _name(spec) -> str:
    return spec if isinstance(spec, str) else spec.name


def candidate_keys(owner: str, spec, suffix: str = "") -> list[str]:
    """The catalogue keys for ``spec`` of ``owner``, most specific first (``suffix``: "", ".help", ...)."""
    kind, _, who = owner.partition(":")
    if kind not in _KINDS or (kind == "surface" and not who) or ":" in who or "." in who:
        raise ValueError(f"owner must be 'opt', 'opt:<optimizer>', 'sched', 'sched:<schedule>' or "
                         f"'surface:<surface>' (got {owner!r})")
    name = _name(spec)
    specific = f"param.{kind}.{who}.{name}{suffix}" if who else None
    if kind == "surface":
        return [specific]
    return [specific, f"param.{kind}.{name}{suffix}"] if specific else [f"param.{kind}.{name}{suffix}"]


def resolve_key(owner: str, spec, suffix: str = "") -> str:
    """The first of :func:`candidate_keys` that is in the catalogue, or KeyError."""
    keys = candidate_keys(owner, spec, suffix)
    for key in keys:
        if key in CATALOGUE:
            return key
    raise KeyError(f"no catalogue text for {_name(spec)!r} of {owner!r}: add one of {', '.join(keys)} "
                   "to ui/strings/params.py")


def _text(key: str, lang: str | None) -> Markdown:
    if lang is None:
        return t(key)
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)} (got {lang!r})")
    return Markdown(CATALOGUE[key][lang])


def spec_label(owner: str, spec, lang: str | None = None) -> Markdown:
    """The widget label of ``spec``: ``spec_label("opt:adam", "beta2")`` → "β₂ — second-moment decay"."""
    return _text(resolve_key(owner, spec), lang)


def spec_help(owner: str, spec, lang: str | None = None) -> Markdown:
    """The tooltip of ``spec`` (what it means, in a sentence or two)."""
    return _text(resolve_key(owner, spec, ".help"), lang)


def option_label(owner: str, spec, value, lang: str | None = None) -> Markdown:
    """The text of one choice of a ``choice`` spec: ``option_label("sched", "anneal_strategy", "cos")``."""
    return _text(resolve_key(owner, spec, f".option.{value}"), lang)


def option_formatter(owner: str, spec, lang: str | None = None) -> Callable[[object], Markdown]:
    """A ``format_func`` for ``st.selectbox(..., spec.choices, format_func=...)``, in the language of the
    moment it is made (Streamlit's AppTest calls it again outside the run, where no language is set)."""
    lang = current_language() if lang is None else lang
    return lambda value: option_label(owner, spec, value, lang)


def surface_title(name: str, lang: str | None = None) -> Markdown:
    """The title of catalogue surface ``name`` (``surface.<name>``), or KeyError."""
    key = f"surface.{name}"
    if key not in CATALOGUE:
        raise KeyError(f"no catalogue title for surface {name!r}: add {key} to ui/strings/params.py")
    return _text(key, lang)
