"""User text is never Markdown: values from links, typed formulas and error texts show as typed.

Streamlit renders the body of st.error/st.warning/st.markdown/captions and every label as Markdown,
so a link's value such as ``[Session expired](https://evil.example)`` would show as a clickable link
inside the app's own notice, ``![](https://x/p.png)`` would make every viewer's browser fetch an
image, and ``__import__`` would lose its underscores to bold.  ``ui.i18n.t()`` escapes each field it
fills in; ``escape_markdown`` does the same for text shown without the catalogue.

The escaper is checked here against a model of what makes Markdown act (the same model was checked
once against Streamlit 1.67 in Chromium, see ``ui/i18n.py``), then the app is driven with hostile
links and formulas and the bodies it sends to the browser are checked.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from ui.i18n import Markdown, escape_markdown, safe_markdown, t, trusted
from ui.strings import CATALOGUE

ROOT = Path(__file__).resolve().parents[1]
WORD_JOINER = "\u2060"
ALWAYS = set("\\`*[]<>~$|")
PUNCTUATION = set(string.punctuation)


def unescaped(text: str) -> list[tuple[int, str]]:
    """(position, character) of every character that Markdown sees unescaped."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in PUNCTUATION:
            i += 2
            continue
        out.append((i, text[i]))
        i += 1
    return out


def live_markdown(text: str) -> list[str]:
    """Everything in ``text`` that Streamlit's Markdown could act on (empty when it shows literally)."""
    problems = []
    if "\n" in text or "\r" in text:
        problems.append("line break")
    plain = unescaped(text)
    positions = {i for i, _ in plain}
    for i, c in plain:
        after = text[i + 1] if i + 1 < len(text) else ""
        if c in ALWAYS:
            problems.append(f"unescaped {c!r} at {i}")
        elif c == ":" and not (after.isspace() or after.isdigit()):
            problems.append(f"unescaped ':' before {after!r} at {i}")
        elif c == "&" and (after == "#" or after.isalpha()):
            problems.append(f"unescaped entity at {i}")
        elif c == "_" and (i - 1 not in positions or text[i - 1] != "_"):
            end = i
            while end in positions and text[end] == "_":
                end += 1
            if not (i > 0 and text[i - 1].isalnum() and end < len(text) and text[end].isalnum()):
                problems.append(f"underscores that can make emphasis at {i}")
    # matched on the text after escapes are resolved, so escapes do not count
    resolved = resolve(text)
    if re.search(r"://|www\.|@[-\w]", resolved, flags=re.I):
        problems.append("a bare link or e-mail address")
    if re.search(r":[A-Za-z_+-][\w+/-]*:", resolved):
        problems.append("an emoji, logo or icon shortcode")
    if re.match(r"\s*(?:([-+=])(?:\s|$|\1)|#+(?:\s|$)|\d{1,9}[.)](?:\s|$)|>)", text):
        problems.append("a block marker at the start")
    return problems


def resolve(text: str) -> str:
    """The text Markdown works on once backslash escapes are resolved."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def unescape(text: str) -> str:
    """What the reader sees: escapes resolved, the invisible word joiners dropped."""
    return resolve(text).replace(WORD_JOINER, "")


def assert_literal(shown: str, typed: str) -> None:
    assert not live_markdown(shown), (live_markdown(shown), shown)
    assert typed in unescape(shown), (typed, shown)


# ---------------------------------------------------------------------------------------- escaper

HOSTILE = {
    "link": "[Session expired: sign in again](https://evil.example)",
    "image": "![](https://evil.example/p.png)",
    "empty formula hint": "the formula is empty; type one in x and y, for example x**2 + y**2",
    "dunder": "'__import__' is not allowed",
    "attribute": "attribute access '.__class__' is not allowed",
    "html": "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "directives": ":red[red] :blue-background[bg] :material/home: :help[tip] :streamlit: :smile:",
    "latex": "$x^2$ and $$\\int$$",
    "bare links": "www.evil.example, mail@evil.example, https://evil.example/x",
    "blocks": "# heading\n- item\n1. item\n> quote\n---\n| a | b |\n|---|---|",
    "inline": "~~strike~~ `code` *em* _em_ __strong__ a\\",
    "reference": "[ref]\n\n[ref]: https://evil.example",
    "entity": "&lt;b&gt; &#91;x&#93;",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_is_escaped_and_reads_as_typed(text):
    shown = escape_markdown(text)
    assert isinstance(shown, Markdown)
    assert not live_markdown(shown), live_markdown(shown)
    assert unescape(shown) == re.sub(r"\r\n?|\n", " ", text)


@pytest.mark.parametrize("text, shown", [
    ("[a](https://evil.example)", "\\[a\\](https\\:\u2060//evil.example)"),
    ("x**2 + y**2", "x\\*\\*2 + y\\*\\*2"),
    ("'__import__'", "'\\_\\_import\\_\\_'"),
    ("x.__class__", "x.\\_\\_class\\_\\_"),
    ("- item", "\\- item"),
    ("1. item", "1\\. item"),
    ("# title", "\\# title"),
])
def test_known_escapes(text, shown):
    assert escape_markdown(text) == shown


@pytest.mark.parametrize("text", ["-0.5", "1e-05", "3.25", "50%", "-inf", "nan", "weight_decay", "compare.steps",
                                  "Rosenbrock (a=1, b=100)", "lr=0.1, β1=0.9", "学习率", "12:30", "Error: bad",
                                  "x + y", "a & b", "#3"])
def test_numbers_names_and_plain_words_are_left_as_they_are(text):
    # the same t() output also lands in table headers and chart hovers, where a backslash would show
    assert escape_markdown(text) == text


FRAGMENTS = ["](", "![", "**", "__", "`", "$", "$$", ":red[", ":material/home:", ":smile:", "://", "www.",
             "@", "&lt;", "&#91;", "<b>", "# ", "- ", "1. ", "> ", "---", "\n", "\r\n", "|", "~~", "\\",
             "_", "a_b", "x", "1", " ", "学", "🙂", ".", ":", "&", "=", "+"]
hostile_text = st.one_of(
    st.text(),
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join),
    st.text(alphabet=st.sampled_from(sorted(PUNCTUATION) + list("ab1 \n_学")), max_size=30),
).filter(lambda s: WORD_JOINER not in s)


@settings(max_examples=400, deadline=None)
@given(hostile_text)
def test_escaped_text_has_no_live_markdown_and_reads_as_typed(text):
    shown = escape_markdown(text)
    assert not live_markdown(shown), (live_markdown(shown), shown)
    assert unescape(shown) == re.sub(r"\r\n?|\n", " ", text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(string.ascii_letters + string.digits + " 学习率"), max_size=40))
def test_letters_and_digits_are_unchanged_and_escaping_twice_is_harmless(text):
    assert escape_markdown(text) == text
    assert escape_markdown(escape_markdown(text)) == text


# -------------------------------------------------------------------------------------------- t()


def fields_of(text: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


WITH_FIELDS = sorted(k for k, v in CATALOGUE.items() if fields_of(v["en"]))


@pytest.mark.parametrize("key", WITH_FIELDS)
def test_catalogue_texts_with_plain_fields_are_unchanged(key):
    for value in ("12", 12, "abc", 0.5):
        fields = {name: value for name in fields_of(CATALOGUE[key]["en"])}
        assert t(key, **fields) == CATALOGUE[key]["en"].format(**fields)


def test_t_escapes_every_field_but_not_catalogue_text_or_trusted_markdown():
    value = "[x](https://evil.example)"
    text = t("common.invalid_input", reason=value)
    assert isinstance(text, Markdown)
    assert_literal(text, value)
    # a nested t() is catalogue text: inserted as it is
    inner = t("common.surface")
    assert t("common.invalid_input", reason=inner) == CATALOGUE["common.invalid_input"]["en"].format(reason=inner)
    # code-owned Markdown opts out explicitly
    assert t("common.invalid_input", reason=trusted("**bold**")).endswith("**bold**")
    # exceptions are fields too
    assert "\\_\\_import\\_\\_" in t("common.invalid_input", reason=ValueError("'__import__' is not allowed"))


def test_safe_markdown_escapes_only_what_is_not_markdown_yet():
    assert safe_markdown("**x**") == "\\*\\*x\\*\\*"
    assert safe_markdown(t("common.surface")) == t("common.surface")
    assert safe_markdown(trusted("**x**")) == "**x**"


# ------------------------------------------------------------------------------------------ the app


def bodies(at: AppTest) -> list[str]:
    return [e.value for e in at.warning] + [e.value for e in at.error] + [e.value for e in at.info]


def run_app(query: dict[str, str], page: str = "app.py") -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("value", [HOSTILE["link"], HOSTILE["image"]], ids=["link", "image"])
def test_a_hostile_link_value_shows_escaped_in_the_notice(value):
    at = run_app({"compare.steps": value})
    notices = [b for b in bodies(at) if "compare.steps" in b]
    assert notices, bodies(at)
    notice = notices[0]
    assert "](" not in notice.replace("\\](", "")  # no link or image can form
    assert "\\[" in notice and "\\]" in notice
    assert_literal(notice, value)


def formula_errors(expression: str) -> list[str]:
    at = run_app({"compare.surface": "custom", "compare.expr": expression})
    return [e.value for e in at.error]


def test_the_empty_formula_hint_keeps_its_powers():
    errors = formula_errors("")
    hint = [e for e in errors if "empty" in e]
    assert hint, errors
    assert "x\\*\\*2 + y\\*\\*2" in hint[0]
    assert_literal(hint[0], "x**2 + y**2")


@pytest.mark.parametrize("expression, name", [
    ("__import__('os')", "'__import__'"),
    ("x.__class__", "'.__class__'"),
])
def test_formula_errors_name_the_culprit_intact(expression, name):
    errors = formula_errors(expression)
    named = [e for e in errors if name in unescape(e)]
    assert named, errors
    assert_literal(named[0], name)


def test_train_page_hidden_layer_error_shows_the_typed_text_literally():
    value = "[64](https://evil.example)"
    at = AppTest.from_file(str(ROOT / "app_pages" / "train_network.py"), default_timeout=60)
    at.session_state["train_network.hidden"] = value
    at.run()
    assert not at.exception, at.exception
    shown = [b for b in bodies(at) if "evil" in b]
    assert shown, bodies(at)
    assert_literal(shown[0], "evil.example")
