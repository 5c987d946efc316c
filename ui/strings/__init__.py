"""The one catalogue of UI text, in English (``en``) and Simplified Chinese (``zh``).

Each module in this package defines ``STRINGS = {key: {"en": ..., "zh": ...}}`` for one part of
the app (keys are namespaced: ``compare.title``, ``learn.gradcheck.h``).  They are merged here
into :data:`CATALOGUE`; a key defined twice is an error, so two pages can never fight over one.
"""

from __future__ import annotations

import importlib
import pkgutil

LANGUAGES = ("en", "zh")


def _collect() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, texts in getattr(module, "STRINGS", {}).items():
            if key in merged:
                raise RuntimeError(f"string key {key!r} is defined twice (again in ui/strings/{info.name}.py)")
            merged[key] = texts
    return merged


CATALOGUE: dict[str, dict[str, str]] = _collect()
