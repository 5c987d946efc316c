"""What the Compare page's downloads say about a view, in a language: a :class:`comparison.export.Report`
built from a configuration, its runs and the catalogue.

Every value is the configuration's own (written as the link writes it, so nothing is rounded away)
and every outcome is read from the run; labels are the sidebar's (``ui.spec_text``).  The language is
an argument, not the session's, so the downloads are built when the user clicks (outside the page's
run) and tests build both languages side by side.  The text is plain: it goes into files.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

import surfaces
from comparison.codec import ints_text
from comparison.config import CUSTOM, KINDS, CompareConfig, ScheduleConfig, build_surface
from comparison.export import Report, Section
from comparison.metrics import TRAJECTORY_COLUMNS, left_view_at
from optimizers import schedules
from ui.chart_text import kind_title
from ui.spec_text import option_label, spec_label, surface_title
from ui.strings import CATALOGUE, LANGUAGES
from urlvalues import fmt


def text(key: str, lang: str, **fields) -> str:
    """Catalogue text ``key`` in ``lang``, fields filled in as they are (plain text, not Markdown)."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)} (got {lang!r})")
    template = CATALOGUE[key][lang]
    return template.format(**fields) if fields else template


def value_text(owner: str, spec, value: Any, lang: str) -> str:
    """A setting's value as the reader reads it: on/off, a choice's name, numbers exactly."""
    if spec.kind == "bool":
        return text("exports.on" if value else "exports.off", lang)
    if spec.kind == "choice":
        return str(option_label(owner, spec, value, lang))
    if spec.kind == "ints":
        return ints_text(value)
    return fmt(value)


def setting_lines(owner: str, specs: Mapping, values, lang: str) -> list[tuple[str, str]]:
    """``(label, value)`` for each ``(name, value)`` of ``values``, labelled as in the sidebar."""
    return [(str(spec_label(owner, n, lang)), value_text(owner, specs[n], v, lang)) for n, v in values]


def schedule_lines(schedule: ScheduleConfig, lang: str) -> list[tuple[str, str]]:
    """The schedule's name, its parameters and its warmup."""
    schedule = schedule.normalized()
    owner = f"sched:{schedule.name}"
    lines = [(text("compare.schedule", lang), schedules.entry(schedule.name).title)]
    specs = schedules.specs(schedule.name)
    lines += setting_lines(owner, specs, schedule.params, lang)
    warmup = (("warmup_steps", schedule.warmup_steps), ("warmup_start", schedule.warmup_start))
    lines += setting_lines(owner, schedules.warmup_specs(), warmup, lang)
    return lines


def surface_text(cfg: CompareConfig, lang: str) -> str:
    return f"f(x, y) = {cfg.expression}" if cfg.surface == CUSTOM else str(surface_title(cfg.surface, lang))


def view_section(cfg: CompareConfig, sigma: float, lang: str) -> Section:
    """The surface (and its parameters), the start, the steps, the noise and a shared schedule."""
    lines = [(text("common.surface", lang), surface_text(cfg, lang))]
    if cfg.surface != CUSTOM:
        owner, specs = f"surface:{cfg.surface}", surfaces.entry(cfg.surface).params
        lines += setting_lines(owner, specs, cfg.surface_params, lang)
    if cfg.start is not None:
        lines.append((text("common.start", lang), text("exports.start_value", lang, x=fmt(cfg.start[0]),
                                                         y=fmt(cfg.start[1]))))
    lines.append((text("compare.steps", lang), str(cfg.steps)))
    noise = (text("compare.full_batch", lang) if cfg.batch == 0 else
             text("exports.noise_value", lang, batch=cfg.batch, sigma=f"{sigma:.4g}", seed=cfg.seed))
    lines.append((text("compare.batch", lang), noise))
    lines.append((text("compare.schedule_shared", lang), text("exports.on" if cfg.shared_schedule else "exports.off",
                                                                lang)))
    if cfg.shared_schedule:
        lines += schedule_lines(cfg.schedule, lang)
    return Section(text("exports.view", lang), tuple(lines))


def outcome(run, lang: str, bounds=None) -> str:
    """What happened to a run (read from the Trajectory): all its steps, all of them but outside the
    view box ``bounds`` from some step on (:func:`comparison.metrics.left_view_at`), or where it
    diverged numerically (x, y or f no longer finite)."""
    diverged_at = int(run.diverged_at[0])
    if diverged_at == 0:
        return text("exports.no_point", lang)
    if diverged_at > 0:
        return text("exports.diverged", lang, step=diverged_at, last=diverged_at - 1)
    steps = int(run.steps[-1]) if len(run.steps) else 0
    left = left_view_at(np.asarray(run.xy[:, 0], dtype=float), bounds) if bounds is not None else None
    if left is not None:
        return text("exports.left_view", lang, steps=steps, step=left)
    return text("exports.ran", lang, steps=steps)


def optimizer_section(cfg: CompareConfig, index: int, lang: str, run=None, error: str | None = None,
                      bounds=None) -> Section:
    """Optimizer ``index``: its legend label, kind, every hyperparameter, its schedule and its outcome."""
    opt = cfg.optimizers[index].normalized()
    kind = KINDS[opt.kind]
    owner, specs = f"opt:{kind.optimizer}", kind.specs()
    lines = [(text("compare.kind", lang), kind_title(opt.kind, lang))]
    lines += setting_lines(owner, specs, opt.hp, lang)
    if not cfg.shared_schedule:
        lines += schedule_lines(opt.schedule, lang)
    if opt.then is not None:  # the hand-over: when, to which kind, at which rate
        lines += [(text("handover.at", lang), str(opt.then.at)), (text("handover.kind", lang),
                  KINDS[opt.then.kind].title), (text("handover.lr", lang), fmt(opt.then.lr))]
    if run is not None:
        lines.append((text("exports.run", lang), outcome(run, lang, bounds)))
    elif error is not None:
        lines.append((text("exports.run", lang), text("exports.not_run", lang, reason=error)))
    return Section(cfg.labels()[index], tuple(lines), cfg.colours()[index])


def compare_report(cfg: CompareConfig, runs: Mapping[int, Any], errors: Mapping[int, str], sigma: float,
                   link: str, lang: str, file: str) -> Report:
    """The report of a view for a ``file`` ("csv" or "html"): ``runs`` and ``errors`` by optimizer
    index (an optimizer has one or the other).  The CSV's notes say how to read it and what each
    column means; the HTML's how to use the figure."""
    if file not in ("csv", "html"):
        raise ValueError(f"file must be 'csv' or 'html' (got {file!r})")
    cfg = cfg.normalized()
    sections = [view_section(cfg, sigma, lang)]
    try:  # the view box, to say which runs left it (a formula that no longer builds: say nothing of it)
        bounds = build_surface(cfg.surface, cfg.surface_params, cfg.expression).bounds if runs else None
    except ValueError:
        bounds = None
    sections += [optimizer_section(cfg, i, lang, runs.get(i), errors.get(i), bounds)
                 for i in range(len(cfg.optimizers))]
    if file == "csv":
        notes = (text("exports.csv.about", lang),)
        sections.append(Section(text("exports.csv.columns", lang),
                                tuple((c, text(f"exports.csv.col.{c}", lang)) for c in TRAJECTORY_COLUMNS)))
    else:
        notes = (text("exports.html.figure", lang),)
    return Report(lang, text("exports.title", lang, surface=surface_text(cfg, lang)), tuple(sections),
                  text("exports.link", lang), link, notes, text("exports.colon", lang))
