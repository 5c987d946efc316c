"""Custom f(x, y) in the app: every rejected input gets a friendly message, never a traceback.

The shared surface picker is driven directly (fast), then through the URL of every page that
takes a surface, so a shared link gets the same protection as typing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_expression import HOSTILE
from ui.navigation import available_pages

ROOT = Path(__file__).resolve().parent.parent


def picker_app():
    import streamlit as st

    from ui.state import UrlState
    from ui.surface_picker import build_surface, pick_surface

    url = UrlState("t")
    choice = pick_surface(url, "t")
    if choice is not None:
        surface = build_surface(choice)
        st.write(f"OK {surface.title} f(start)={float(surface.f(surface.start)):.6g}")
    url.publish()


def run_picker(expression: str) -> AppTest:
    at = AppTest.from_function(picker_app, default_timeout=20)
    at.session_state["t.surface"] = "custom"
    at.session_state["t.expr"] = expression
    return at.run()


@pytest.mark.parametrize("text", list(HOSTILE.values())[:40], ids=list(HOSTILE.keys())[:40])
def test_every_hostile_expression_gets_a_friendly_message(text):
    at = run_picker(text)
    assert not at.exception
    assert at.error, "no message shown"
    message = at.error[0].value
    assert message.startswith("This formula can't be used:")
    assert "Traceback" not in message and "File \"" not in message
    assert not [m for m in at.markdown if m.value.startswith("OK ")]


def test_a_valid_expression_builds_its_surface():
    at = run_picker("x**2/20 + y**2")
    assert not at.exception and not at.error
    assert any(m.value.startswith("OK f(x, y) =") for m in at.markdown)


def test_the_message_is_in_chinese_when_the_language_is():
    at = AppTest.from_function(picker_app, default_timeout=20)
    at.session_state["lang"] = "zh"
    at.session_state["t.surface"] = "custom"
    at.session_state["t.expr"] = "__import__('os')"
    at.run()
    message = at.error[0].value
    # the reason too is Chinese (it was the library's English message): the kind of mistake, its column, its name
    assert not at.exception
    assert message.startswith("无法使用该算式：第 1 列的函数 '\\_\\_import\\_\\_' 不允许使用"), message


SURFACE_PAGES = [p.path for p in available_pages()
                 if "pick_surface(" in (ROOT / p.path).read_text(encoding="utf-8")]


@pytest.mark.parametrize("page", SURFACE_PAGES)
@pytest.mark.parametrize("expression", ["__import__('os').system('true')", "9**9**9**9", "x" * 600])
def test_a_hostile_expression_in_a_shared_link_is_refused_on_every_page(page, expression):
    prefix = Path(page).stem
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.query_params[f"{prefix}.surface"] = "custom"
    at.query_params[f"{prefix}.expr"] = expression
    at.run()
    assert not at.exception, at.exception
    texts = [e.value for e in at.error] + [w.value for w in at.warning]
    assert texts, f"{page}: no message for a hostile expression in the link"
