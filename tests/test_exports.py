"""The Compare page's downloads (comparison/export.py, worded by ui/compare_report.py), read back as a
reader would: the CSV with pandas, the HTML with an HTML parser, the link through the codec.

The CSV carries a ``diverged`` column, the view's configuration and its link in a ``#`` header in the
reader's language; a diverged run's last row has no learning rate.  The HTML page has a title, the
surface and every optimizer's settings as text and the link.  The PNG is drawn by the reader's browser
at projector size (tests/browser/test_exports_browser.py saves one).
"""

from __future__ import annotations

import dataclasses
import io
import json
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import surfaces
from comparison import codec as K
from comparison import config as C
from comparison.export import (
    PNG_SCALE,
    PNG_SIZE,
    chart_config,
    export_spec,
    figure_html,
    header_lines,
    share_link,
    trajectories_csv,
)
from comparison.metrics import TRAJECTORY_COLUMNS, left_view_at, trajectories_frame
from comparison.presets import PRESETS
from comparison.runner import run_one
from tests.test_compare_codec import links, normal
from ui.compare_report import compare_report
from ui.spec_text import spec_label, surface_title
from ui.strings import CATALOGUE
from viz.dashboard import compare_figure
from viz.paths import from_trajectory

ADDRESS = "http://localhost:8501/"
LANGS = ("en", "zh")


def runs_of(cfg: C.CompareConfig) -> dict:
    surface = C.build_surface(cfg.surface, cfg.surface_params, cfg.expression)
    return {i: run_one(surface, o, cfg.schedule_for(i), cfg.start, cfg.steps, 0.0, cfg.seed)
            for i, o in enumerate(cfg.optimizers)}


def link_of(view) -> str:
    return share_link(ADDRESS, K.query_for(view))


def csv_of(cfg: C.CompareConfig, lang: str, link: str | None = None) -> str:
    runs = runs_of(cfg)
    frame = trajectories_frame(cfg.labels(), [runs[i] for i in sorted(runs)])
    return trajectories_csv(frame, compare_report(cfg, runs, {}, 0.0, link or link_of(cfg), lang, "csv"))


def header(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("#")]


def link_in_header(text: str, lang: str) -> str:
    prefix = "# " + CATALOGUE["exports.link"][lang] + CATALOGUE["exports.colon"][lang]
    (line,) = [line for line in header(text) if line.startswith(prefix)]
    return line[len(prefix):]


def view_of(link: str) -> K.Link:
    decoded, notices = K.decode(dict(parse_qsl(urlsplit(link).query, keep_blank_values=True)))
    assert notices == []
    return decoded


TOO_HIGH = PRESETS["too_high"].config.normalized()  # SGD at lr 0.5, 0.95, 1 and 1.2: the last leaves the view
# the same, with the last rate at 1.5 for 600 steps: |y| doubles each step until f overflows (numerical divergence)
OVERFLOWING = dataclasses.replace(
    TOO_HIGH, steps=600,
    optimizers=(*TOO_HIGH.optimizers[:3],
                dataclasses.replace(TOO_HIGH.optimizers[3],
                                    hp=tuple((k, 1.5 if k == "lr" else v) for k, v in TOO_HIGH.optimizers[3].hp))))


# ------------------------------------------------------------------------------------------- CSV


def test_the_csv_reads_back_with_pandas_with_a_diverged_column():
    runs = runs_of(OVERFLOWING)
    table = pd.read_csv(io.StringIO(csv_of(OVERFLOWING, "en")), comment="#")
    assert tuple(table.columns) == TRAJECTORY_COLUMNS
    assert table["diverged"].dtype == bool
    for i, label in enumerate(OVERFLOWING.labels()):
        rows = table[table["optimizer"] == label]
        diverged_at = int(runs[i].diverged_at[0])
        assert rows["diverged"].tolist() == [diverged_at >= 0] * len(rows)
        assert list(rows["step"]) == list(range(diverged_at if diverged_at >= 0 else OVERFLOWING.steps + 1))
        np.testing.assert_allclose(rows[["x", "y"]].to_numpy(), runs[i].xy[: len(rows), 0])
    assert table.groupby("optimizer", sort=False)["diverged"].first().tolist() == [False, False, False, True]


def test_a_diverged_runs_last_row_has_no_learning_rate_in_the_csv():
    table = pd.read_csv(io.StringIO(csv_of(OVERFLOWING, "en")), comment="#")
    diverged = table[table["diverged"]]
    assert diverged["lr"].iloc[:-1].eq(1.5).all() and np.isnan(diverged["lr"].iloc[-1])
    for _, rows in table.groupby("optimizer"):  # every run's last row: no update leaves it in the file
        assert np.isnan(rows["lr"].iloc[-1])


@pytest.mark.parametrize("lang", LANGS)
def test_the_csv_header_states_the_view_every_setting_and_what_happened_in_the_language(lang):
    text = csv_of(TOO_HIGH, lang)
    lines = header(text)
    colon = CATALOGUE["exports.colon"][lang]
    assert lines[0] == "# " + CATALOGUE["exports.title"][lang].format(surface=surface_title("book_quadratic", lang))
    assert f"#   {CATALOGUE['compare.steps'][lang]}{colon}40" in lines
    assert f"#   {CATALOGUE['common.start'][lang]}{colon}(-7, 2)" in lines
    for label, lr in zip(TOO_HIGH.labels(), (0.5, 0.95, 1, 1.2)):
        assert f"# {label}" in lines
        assert f"#   {spec_label('opt:sgd', 'lr', lang)}{colon}{lr}" in lines
    ran = CATALOGUE["exports.ran"][lang].format(steps=40)
    high = runs_of(TOO_HIGH)[3]
    left = left_view_at(high.xy[:, 0], surfaces.get("book_quadratic").bounds)  # what the sentence says is the run's
    assert left is not None and int(high.diverged_at[0]) == -1
    out = CATALOGUE["exports.left_view"][lang].format(steps=40, step=left)
    outcomes = [line for line in lines if line.startswith(f"#   {CATALOGUE['exports.run'][lang]}{colon}")]
    assert [o.split(colon, 1)[1] for o in outcomes] == [ran, ran, ran, out]
    overflowing = header(csv_of(OVERFLOWING, lang))
    diverged_at = int(runs_of(OVERFLOWING)[3].diverged_at[0])
    assert diverged_at > 0
    assert (f"#   {CATALOGUE['exports.run'][lang]}{colon}"
            + CATALOGUE["exports.diverged"][lang].format(step=diverged_at, last=diverged_at - 1)) in overflowing
    for column in TRAJECTORY_COLUMNS:  # column names stay English; what they mean follows the language
        assert f"#   {column}{colon}{CATALOGUE[f'exports.csv.col.{column}'][lang]}" in lines
    assert "optimizer,step,x,y,loss,lr,grad_norm,evaluations,diverged" in text.splitlines()


def test_the_two_languages_differ_only_in_words_not_in_numbers():
    en, zh = csv_of(TOO_HIGH, "en"), csv_of(TOO_HIGH, "zh")
    assert header(en) != header(zh)
    assert [line for line in en.splitlines() if not line.startswith("#")] == \
        [line for line in zh.splitlines() if not line.startswith("#")]
    assert "学习率" in "\n".join(header(zh)) and "学习率" not in en


@settings(max_examples=60, deadline=None)
@given(links(), st.sampled_from(LANGS))
def test_the_link_in_the_csv_reopens_the_same_view(link, lang):
    cfg = link.config
    report = compare_report(cfg, {}, {}, 0.0, link_of(link), lang, "csv")
    text = trajectories_csv(pd.DataFrame(columns=list(TRAJECTORY_COLUMNS)), report)
    assert normal(view_of(link_in_header(text, lang))) == normal(link)
    assert all(line.startswith("#") for line in text.splitlines()[:-1])  # no setting breaks out of the header
    assert pd.read_csv(io.StringIO(text), comment="#").columns.tolist() == list(TRAJECTORY_COLUMNS)
    for label in cfg.normalized().labels():
        assert f"# {' '.join(label.split())}" in text.splitlines()


def test_a_formula_typed_over_two_lines_stays_in_the_header():
    cfg = C.CompareConfig((C.OptimizerConfig("sgd"),), C.CUSTOM, expression="x**2 +\n y**2", start=(1.0, 1.0),
                          steps=5)
    text = csv_of(cfg, "en")
    assert "# Descent Lab — comparing optimizers on f(x, y) = x**2 + y**2" in text.splitlines()
    assert len(pd.read_csv(io.StringIO(text), comment="#")) == 6
    assert view_of(link_in_header(text, "en")).config == cfg.normalized()


# ------------------------------------------------------------------------------------------ HTML


class Page(HTMLParser):
    """The parts of the HTML export a reader sees: title, h1, headings, settings, links, lang."""

    def __init__(self, text: str):
        super().__init__()
        self.lang = self.title = self.h1 = ""
        self.headings: list[str] = []
        self.settings: list[tuple[str, str]] = []
        self.hrefs: list[str] = []
        self._tag, self._dt = "", None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag != "span":  # an optimizer's colour swatch sits inside its heading
            self._tag = tag
        if tag == "html":
            self.lang = attrs.get("lang", "")
        if tag == "a":
            self.hrefs.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == self._tag:
            self._tag = ""

    def handle_data(self, data):
        if self._tag == "title":
            self.title += data
        elif self._tag == "h1":
            self.h1 += data
        elif self._tag == "h2":
            self.headings.append(data)
        elif self._tag == "dt":
            self._dt = data
        elif self._tag == "dd":
            self.settings.append((self._dt, data))


def html_of(cfg: C.CompareConfig, lang: str) -> tuple[str, dict]:
    runs = runs_of(cfg)
    surface = C.build_surface(cfg.surface, cfg.surface_params, cfg.expression)
    paths = [from_trajectory(runs[i], surface, label, shade)
             for i, (label, shade) in enumerate(zip(cfg.labels(), cfg.colours()))]
    spec = compare_figure(surface, paths, cfg.start, clickable=False).to_dict()
    report = compare_report(cfg, runs, {}, 0.0, link_of(K.Link(cfg, view="share")), lang, "html")
    return figure_html(spec, report, cfg.surface), spec


@pytest.mark.parametrize("lang", LANGS)
def test_the_html_page_has_a_title_the_surface_every_setting_and_the_link(lang):
    cfg = PRESETS["rosenbrock"].config.normalized()
    text, _ = html_of(cfg, lang)
    page = Page(text)
    title = CATALOGUE["exports.title"][lang].format(surface=surface_title("rosenbrock", lang))
    assert page.title == page.h1 == title and page.lang == lang
    assert (CATALOGUE["common.surface"][lang], str(surface_title("rosenbrock", lang))) in page.settings
    for name, value in cfg.surface_params:
        assert (spec_label("surface:rosenbrock", name, lang), f"{value:g}") in page.settings
    assert page.headings[1:] == cfg.labels()
    for opt in cfg.optimizers:
        kind = C.KINDS[opt.kind]
        for name in kind.specs():  # every hyperparameter is written, with the sidebar's label
            assert spec_label(f"opt:{kind.optimizer}", name, lang) in dict(page.settings)
    (href,) = page.hrefs
    assert normal(view_of(href)) == normal(K.Link(cfg, view="share"))
    assert ("学习率" in text) == (lang == "zh")


def test_the_html_figure_makes_room_for_every_tick_label():
    _, spec = html_of(TOO_HIGH, "en")
    axes = {k: v for k, v in export_spec(spec)["layout"].items() if k[1:5] == "axis"}
    assert set(axes) >= {"xaxis", "yaxis", "xaxis2", "yaxis2", "xaxis3", "yaxis3"}
    assert all(axis["automargin"] is True for axis in axes.values())
    assert not any(v.get("automargin") for k, v in spec["layout"].items() if k[1:5] == "axis")  # the page's own


def test_user_text_in_the_html_is_text_not_markup():
    """A typed formula and an error message (which may quote what was typed) are shown, never run."""
    formula, reason = "x**2 </title><script>alert(1)</script>", "<img src=x onerror=alert(2)> is not a number"
    cfg = C.CompareConfig((C.OptimizerConfig("sgd"),), C.CUSTOM, expression=formula, start=(1.0, 1.0), steps=3)
    report = compare_report(cfg, {}, {0: reason}, 0.0, link_of(cfg), "en", "html")
    text = figure_html({"data": [], "layout": {"xaxis": {}, "yaxis": {}}}, report, cfg.surface)
    page = Page(text)
    assert "<script>alert" not in text and "<img" not in text
    assert page.title.endswith(f"f(x, y) = {formula}")
    assert ("Run", f"did not run: {reason}") in page.settings
    assert normal(view_of(page.hrefs[0])).config == cfg.normalized()


def test_only_a_web_address_or_a_query_becomes_a_link():
    cfg = TOO_HIGH
    for link, linked in (("javascript:alert(1)", False), ("?compare.steps=3", True), (ADDRESS, True)):
        report = compare_report(cfg, {}, {}, 0.0, link, "en", "html")
        assert Page(figure_html({"data": [], "layout": {}}, report, cfg.surface)).hrefs == ([link] if linked else [])


# ------------------------------------------------------------------------------------------- PNG


def test_the_png_is_projector_sized_and_named_after_the_surface():
    options = chart_config("rosenbrock")["toImageButtonOptions"]
    assert options["format"] == "png" and options["filename"] == "descent-lab-rosenbrock"
    width, height = options["width"] * options["scale"], options["height"] * options["scale"]
    assert width >= 1280 and height >= 800 and (options["width"], options["height"]) == PNG_SIZE
    assert (width, height) == (1920, 1200) and PNG_SCALE == 1.5


def test_the_html_file_saves_the_same_png():
    text, _ = html_of(TOO_HIGH, "en")
    assert json.dumps(chart_config(TOO_HIGH.surface)["toImageButtonOptions"]) in text


def test_header_lines_never_break_a_line():
    cfg = TOO_HIGH
    report = compare_report(cfg, {}, {0: "lr\nmust be > 0"}, 0.0, "?a=1\nb", "en", "csv")
    assert all(line.startswith("#") and "\n" not in line for line in header_lines(report))
    assert "#   Run: did not run: lr must be > 0" in header_lines(report)


def test_a_run_without_a_valid_point_and_one_whose_gradient_breaks_at_the_start_are_told_apart():
    cfg = C.CompareConfig((C.OptimizerConfig("sgd"), C.OptimizerConfig("sgd")), C.CUSTOM, expression="sqrt(x) + y**2",
                          start=(0.0, 1.0), steps=5)
    surface = C.build_surface(C.CUSTOM, (), "log(x)")
    no_point = run_one(surface, cfg.optimizers[0], C.ScheduleConfig(), (-4.0, 4.0), 5)  # f = log(-4): not finite
    broken = runs_of(cfg)[1]  # f(0, 1) = 1, but its gradient is infinite there: the first update breaks it
    assert int(no_point.diverged_at[0]) == 0 and int(broken.diverged_at[0]) == 1
    report = compare_report(cfg, {0: no_point, 1: broken}, {}, 0.0, "", "en", "csv")
    outcomes = [dict(s.lines)["Run"] for s in report.sections[1:3]]
    assert outcomes == ["no valid point: f is not finite at the start",
                        CATALOGUE["exports.diverged"]["en"].format(step=1, last=0)]


def test_every_surface_can_be_described():
    for name in surfaces.names():
        cfg = C.CompareConfig((C.OptimizerConfig("adam"),), name)
        for lang in LANGS:
            report = compare_report(cfg, {}, {}, 0.0, "", lang, "html")
            assert report.sections[0].lines[0][1] == surface_title(name, lang)


# ------------------------------------------------------------------------------------------ page


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_offers_the_three_downloads_and_its_chart_saves_a_projector_png(lang):
    from tests.test_page_compare import app

    at = app({"compare.view": "share", "compare.surface": "rosenbrock"}, lang=lang)
    chart = next(c for c in at.get("plotly_chart") if "frames" in json.loads(c.proto.spec))
    assert json.loads(chart.proto.config)["toImageButtonOptions"] == chart_config("rosenbrock")["toImageButtonOptions"]
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == [CATALOGUE[k][lang] for k in ("compare.download_csv",
                                                                            "compare.download_html")]
    assert [b.proto.help for b in buttons] == [CATALOGUE[k][lang] for k in ("exports.csv_help", "exports.html_help")]
    png = CATALOGUE["exports.png"][lang].format(width=1920, height=1200)
    assert png in [c.value for c in at.caption]
