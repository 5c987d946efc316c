"""The string catalogue: every key in both languages, same fields, and every key the code uses exists."""

import re
import string
from pathlib import Path

import pytest

from ui.strings import CATALOGUE, LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
CODE_DIRS = ("app_pages", "ui", "app.py")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_has_every_language_with_the_same_fields(key):
    entry = CATALOGUE[key]
    for lang in LANGUAGES:
        assert entry.get(lang, "").strip(), f"{key} has no {lang} text"
    assert fields(entry["en"]) == fields(entry["zh"]), f"{key}: the languages use different {{fields}}"


def test_every_key_used_in_the_code_exists():
    used = set()
    for target in CODE_DIRS:
        path = ROOT / target
        files = [path] if path.is_file() else path.rglob("*.py")
        for file in files:
            used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_.]+)["']""", file.read_text(encoding="utf-8")))
    missing = sorted(used - set(CATALOGUE))
    assert not missing, f"keys used but not in the catalogue: {missing}"
