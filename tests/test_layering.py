"""Imports point one way: pages -> ui -> the library.  No library module imports streamlit or ui (not
even inside a function), and no page imports another page."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ["comparison", "landscapes", "learn", "optimizers", "surfaces", "viz", "urlvalues.py", "paramspec.py",
           "refusal.py"]


def python_files(*names: str) -> list[Path]:
    files: list[Path] = []
    for name in names:
        path = ROOT / name
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return files


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("path", python_files(*LIBRARY), ids=lambda p: str(p.relative_to(ROOT)))
def test_library_modules_import_neither_streamlit_nor_ui(path):
    bad = {m for m in imported_modules(path) if m.split(".")[0] in ("streamlit", "ui", "app_pages")}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


@pytest.mark.parametrize("path", python_files("ui"), ids=lambda p: str(p.relative_to(ROOT)))
def test_ui_does_not_import_pages(path):
    assert not {m for m in imported_modules(path) if m.split(".")[0] == "app_pages"}


@pytest.mark.parametrize("path", python_files("app_pages"), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_imports_another_page(path):
    assert not {m for m in imported_modules(path) if m.split(".")[0] == "app_pages"}
