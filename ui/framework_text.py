"""The notes' framework Δθ = −α·m/√V in the current language: which named optimizer a Build your own
choice is (``optimizers.framework.named_equivalent``), and every Compare kind's φ and ψ (its
``parts`` in ``optimizers/facts.py``) or the note saying why its rule is outside the framework.

Pure text, no widgets, so the Compare page and the tests read the same sentences.
"""

from __future__ import annotations

from typing import Any

from comparison import config as C
from optimizers import facts
from optimizers.framework import named_equivalent
from ui.i18n import t

#: the named optimizer's hyperparameters the sentence leaves out: the learning rate and clipping carry
#: over unchanged, and the kind's title already says momentum / Nesterov
_UNSAID = {"lr", "clip_value", "clip_norm", "nesterov"}


def equivalent_kind(hyperparameters: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The Compare kind (``momentum`` and ``nesterov`` are SGD's variants) a Build your own choice
    equals, with that optimizer's hyperparameters, or None."""
    found = named_equivalent(hyperparameters)
    if found is None:
        return None
    name, hp = found
    if name == "sgd" and hp.get("nesterov"):
        return "nesterov", hp
    if name == "sgd" and "momentum" in hp:
        return "momentum", hp
    return name, hp


def equivalent_sentence(hyperparameters: dict[str, Any]) -> str:
    """"This is Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-08): the same path, to the last bit." or that the
    choice is none of them.  Zero weight decay and a switch that is off are not said."""
    found = equivalent_kind(hyperparameters)
    if found is None:
        return t("framework.none")
    kind, hp = found
    row = facts.of(C.KINDS[kind].optimizer)
    said = []
    for key, value in hp.items():
        if key in _UNSAID or value is False or (key == "weight_decay" and value == 0):
            continue
        said.append(row.symbol(key) if value is True else f"{row.symbol(key)} = {value:g}")
    params = t("framework.params", params=", ".join(said)) if said else ""
    return t("framework.equals", name=C.KINDS[kind].title, params=params)


def parts_of(kind: str) -> facts.Parts | None:
    """φ and ψ of a Compare kind (a row or one of its variants), None outside the framework."""
    row = facts.of(C.KINDS[kind].optimizer)
    for variant in row.variants:
        if variant.name == kind:
            return variant.parts
    return row.parts


def framework_kinds() -> list[str]:
    """Every Compare kind but Build your own itself, in menu order."""
    return [k for k in C.KINDS if C.KINDS[k].optimizer != "framework"]


def parts_line(kind: str) -> str:
    """One sentence: this kind's φ and ψ, or why the framework does not express it."""
    parts = parts_of(kind)
    if parts is None:
        return t(facts.of(C.KINDS[kind].optimizer).framework_note_key)
    return t("framework.line", phi=t(f"param.opt.direction.option.{parts.direction}"),
             psi=t(f"param.opt.scale.option.{parts.scale}"),
             corrected=t("framework.corrected") if parts.bias_correction else "")


def parts_rows() -> list[dict[str, str]]:
    """The table's rows: each kind the framework expresses, with its φ, ψ and bias correction."""
    rows = []
    for kind in framework_kinds():
        parts = parts_of(kind)
        if parts is not None:
            rows.append({t("framework.col.optimizer"): C.KINDS[kind].title,
                         t("framework.col.phi"): t(f"param.opt.direction.option.{parts.direction}"),
                         t("framework.col.psi"): t(f"param.opt.scale.option.{parts.scale}"),
                         t("framework.col.bias"): t("framework.yes" if parts.bias_correction else "framework.no")})
    return rows


def misfit_notes() -> list[str]:
    """The notes of the kinds the framework does not express, in menu order."""
    return [t(facts.of(C.KINDS[k].optimizer).framework_note_key) for k in framework_kinds() if parts_of(k) is None]
