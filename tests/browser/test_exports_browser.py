"""The Compare page's three downloads in Chromium, as a teacher takes them: the CSV, the HTML page
opened on its own, and the PNG the chart's camera button saves."""

from __future__ import annotations

import io
from urllib.parse import parse_qsl

import pandas as pd
import pytest
from PIL import Image

from comparison import codec
from comparison import config as C
from comparison.metrics import TRAJECTORY_COLUMNS
from comparison.runner import run_one
from tests.browser.helpers import no_exception, wait_ready
from ui.spec_text import surface_title
from ui.strings import CATALOGUE

pytestmark = pytest.mark.browser

MAP = ".js-plotly-plot"
# SGD at 0.5, 0.95 and 1 on the book's bowl, and at 1.5, where |y| doubles every step until f overflows
OVERFLOW = ("compare.view=share&compare.steps=600&compare.o0.lr=0.5&compare.o1.kind=sgd&compare.o1.lr=0.95"
            "&compare.o2.kind=sgd&compare.o2.lr=1&compare.o3.kind=sgd&compare.o3.lr=1.5")


def overflow_step() -> int:
    """The step at which the last run overflows, computed as the page computes it."""
    link, notices = codec.decode(dict(parse_qsl(OVERFLOW)))
    assert notices == []
    cfg = link.config
    surface = C.build_surface(cfg.surface, cfg.surface_params, cfg.expression)
    step = int(run_one(surface, cfg.optimizers[3], cfg.schedule_for(3), cfg.start, cfg.steps).diverged_at[0])
    assert 0 < step < cfg.steps
    return step


# the tick labels (g.xtick, g.y2tick ...) and axis titles (g.g-xtitle ...) of a Plotly figure, and those
# that stick out of its SVG (drawn in the margin that was too narrow for them)
OUTSIDE = """(plot) => {
    const box = plot.querySelector('.main-svg').getBoundingClientRect();
    const texts = Array.from(plot.querySelectorAll('g[class$="tick"] text, g[class^="g-x"] text, g[class^="g-y"] text'))
        .filter(t => t.textContent.trim());
    const out = texts.filter(t => { const r = t.getBoundingClientRect();
        return r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5
            || r.bottom > box.bottom + 0.5; });
    return {all: texts.map(t => t.textContent), outside: out.map(t => t.textContent)};
}"""


def open_page(page, url: str):
    page.goto(url)
    wait_ready(page, timeout=90_000)
    page.wait_for_selector(f"{MAP} .legendtext", timeout=60_000)
    wait_ready(page)
    no_exception(page)
    return page


def download(page, button: str):
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=button).click()
    return info.value


def test_the_csv_has_the_diverged_column_and_the_link_the_page_shows(page, app_url):
    open_page(page, f"{app_url}/?{OVERFLOW}")
    shown = page.locator("[data-testid='stCode'] code").first.inner_text().strip()
    text = open(download(page, "Trajectories (CSV)").path(), encoding="utf-8").read()
    table = pd.read_csv(io.StringIO(text), comment="#")
    assert tuple(table.columns) == TRAJECTORY_COLUMNS
    flags = table.groupby("optimizer", sort=False)["diverged"].agg(["all", "any", "size"])
    assert flags["all"].tolist() == flags["any"].tolist() == [False, False, False, True]  # one flag per run
    assert flags["size"].tolist() == [601, 601, 601, overflow_step()]
    assert pd.isna(table[table["diverged"]]["lr"].iloc[-1])
    prefix = "# " + CATALOGUE["exports.link"]["en"] + ": "
    (link,) = [line[len(prefix):] for line in text.splitlines() if line.startswith(prefix)]
    assert link == shown and link.startswith(app_url)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_html_page_opens_on_its_own_with_title_settings_and_every_tick_label_inside(page, app_url, browser,
                                                                                         lang, tmp_path):
    open_page(page, f"{app_url}/?{OVERFLOW}&lang={lang}")
    saved = download(page, CATALOGUE["compare.download_html"][lang])
    assert saved.suggested_filename == "descent-lab-book_quadratic.html"
    path = tmp_path / saved.suggested_filename
    saved.save_as(path)
    other = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        other.goto(f"file://{path}")
        other.wait_for_selector(f"{MAP} .ytick text", timeout=30_000)
        title = other.title()
        assert title == other.locator("h1").inner_text()
        assert title == CATALOGUE["exports.title"][lang].format(surface=surface_title("book_quadratic", lang))
        assert other.locator("h2").count() == 5  # the view and four optimizers
        step = overflow_step()
        said = CATALOGUE["exports.diverged"][lang].format(step=step, last=step - 1)
        assert said in other.locator("body").inner_text()
        href = other.locator("p.link a").get_attribute("href")
        assert href.startswith(app_url) and "compare.o3.lr=1.5" in href
        # every tick label and axis title inside the figure (a label cut by the margin sticks out of it)
        labels = other.evaluate(f"() => ({OUTSIDE})(document.querySelector('{MAP}'))")
        assert len(labels["all"]) >= 20 and labels["outside"] == []
    finally:
        other.close()


def test_the_chart_camera_saves_a_projector_sized_png(page, app_url):
    open_page(page, f"{app_url}/?{OVERFLOW}")
    chart = page.locator(MAP).first
    chart.hover()
    with page.expect_download(timeout=60_000) as info:
        chart.locator("[data-title='Download plot as a PNG']").click()
    assert info.value.suggested_filename == "descent-lab-book_quadratic.png"
    image = Image.open(info.value.path())
    assert image.format == "PNG" and image.size == (1920, 1200)
    assert len(image.convert("L").getcolors(1 << 16) or ()) > 50  # a picture, not a blank page
    text = CATALOGUE["exports.png"]["en"].format(width=1920, height=1200)
    assert page.get_by_text(text).count() == 1
