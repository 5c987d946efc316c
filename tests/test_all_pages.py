"""What every page owes its users, checked once for all pages (discovered from ui.navigation).

- It renders in English and in Chinese with no exception and no missing catalogue text, under its
  own title in that language.
- A bad value in a link falls back to the default with a notice, in the current language, that
  names the key and the value.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_fuzz_urls import discover, exceptions
from ui.navigation import available_pages
from ui.strings import CATALOGUE

ROOT = Path(__file__).resolve().parents[1]
PAGES = [p.path for p in available_pages()]
LANGS = ("en", "zh")
BAD = "not-a-number"
# the learn pages' texts live under learn.* in the catalogue
TITLE_KEYS = {"gradient_check": "learn.gc.title", "initialization": "learn.init.title",
              "train_network": "learn.train.title"}


def open_page(path: str, lang: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=60)
    at.session_state["lang"] = lang
    at.query_params.update(query or {})
    return at.run()


def visible_text(at: AppTest) -> str:
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "warning", "error", "info", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for kind in ("slider", "select_slider", "number_input", "selectbox", "radio", "toggle", "checkbox",
                 "text_input", "multiselect", "button"):
        parts += [str(e.label) for e in getattr(at, kind)]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES)
def test_page_renders_with_all_its_text_in_the_catalogue(path, lang):
    at = open_page(path, lang)
    assert not at.exception, exceptions(at)
    text = visible_text(at)
    assert "⟦" not in text, [line for line in text.splitlines() if "⟦" in line]
    stem = Path(path).stem
    title = CATALOGUE[TITLE_KEYS.get(stem, f"{stem}.title")][lang]
    assert title in [str(e.value) for e in [*at.title, *at.header]]


def numeric_key(path: str) -> tuple[str, object]:
    """A query key the page reads whose value is a number (a bad number is a sure refusal)."""
    keys, defaults = discover(path)
    for key in sorted(keys):
        value = defaults.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return key, value
    raise AssertionError(f"{path} reads no numeric query key")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES)
def test_a_bad_link_value_falls_back_with_a_notice_naming_it(path, lang):
    key, default = numeric_key(path)
    at = open_page(path, lang, {key: BAD})
    assert not at.exception, exceptions(at)
    notices = [str(w.value) for w in at.warning]
    naming = [n for n in notices if key in n and BAD in n]
    assert naming, f"no notice names {key}={BAD}: {notices}"
    assert (CATALOGUE["common.url_bad_value"][lang].split("{")[0] in naming[0]), naming[0]
    assert at.session_state[key] == default
