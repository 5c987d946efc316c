"""Controls that several pages share, built on the page kit (``ui.kit``) and the catalogue's texts.

- :func:`spec_widget` — the control a :class:`paramspec.ParamSpec` asks for (see
  :func:`ui.kit.spec_control`), labelled and explained in the current language when its ``owner`` is
  given (``"opt:adam"``, ``"sched:cosine"``, ``"surface:rosenbrock"``; see ``ui.spec_text``).
- :func:`optimizer_widget` — one optimizer: the selector, its learning rate, the rest folded away.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import optimizers
from optimizers import facts
from paramspec import ParamSpec
from ui.kit import Page, log_grid, spec_control
from ui.spec_text import option_formatter, spec_help, spec_label
from urlvalues import parse_choice

__all__ = ["log_grid", "optimizer_widget", "spec_widget"]


def spec_widget(spec: ParamSpec, key: str, url: Page, label: str | None = None, default: Any = None,
                disabled: bool = False, owner: str | None = None, draw: bool = True) -> Any:
    """Draw the control for ``spec`` under ``key`` (bound to the page's link) and return its value.

    The label and tooltip come from the catalogue for ``owner``; ``label`` overrides the label only.
    """
    text = label if label is not None else (spec_label(owner, spec) if owner else spec.name)
    tip = spec_help(owner, spec) if owner else None
    options = option_formatter(owner, spec) if owner and spec.kind == "choice" else None
    return spec_control(url, spec, key, label=text, help=tip, default=default, disabled=disabled, draw=draw,
                        format_func=options)


def optimizer_widget(url: Page, prefix: str, label: str, lr_label: str, more_label: str,
                     batch: bool = False) -> tuple[str, dict]:
    """One optimizer: a selector, its learning rate, and its other hyperparameters folded away.

    Keys are ``{prefix}.optimizer`` and ``{prefix}.{name}.{hyperparameter}`` (so each optimizer keeps
    its own settings when the user switches back and forth); ``prefix`` is also the page whose demo
    learning rate each optimizer starts at (its row in optimizers/facts.py).  Optimizers are listed in
    the menu order of their facts rows; ``batch=True`` (a page that runs many runs at once) leaves out
    those that step one run at a time (L-BFGS).  Returns the optimizer's name and its hyperparameters.
    """
    names = facts.menu(batch=batch)
    url.bind(f"{prefix}.optimizer", "sgd", parse_choice(names))
    name = st.selectbox(label, names, key=f"{prefix}.optimizer",
                        format_func=lambda n: optimizers.optimizer_class(n).title)
    owner = f"opt:{name}"
    specs = optimizers.optimizer_class(name).spec_map()
    hp = {"lr": spec_widget(specs["lr"], f"{prefix}.{name}.lr", url, label=lr_label,
                            default=facts.of(name).lr(prefix), owner=owner)}
    with st.expander(more_label):
        for spec in specs.values():
            if spec.name != "lr":
                hp[spec.name] = spec_widget(spec, f"{prefix}.{name}.{spec.name}", url, owner=owner)
    return name, hp
