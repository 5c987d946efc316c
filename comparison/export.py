"""The Compare page's downloads, built from plain values: the trajectories CSV, the HTML page and the
settings of the chart's PNG.

Every file says what it shows.  A :class:`Report` is that text, already in the reader's language
(the page builds it from the catalogue, see ``ui/compare_report.py``): a title, sections of
``label: value`` lines (the view, then one per optimizer) and the link that reopens the view.

* CSV — the report as a header of ``#`` lines above the table (one file: the settings cannot be
  separated from the numbers they produced; ``pandas.read_csv(path, comment="#")``, R's
  ``read.csv(comment.char = "#")`` and ``numpy.genfromtxt`` skip it, and a spreadsheet shows it above
  the table).  Column names stay English: they are data.
* HTML — a page with the title, the link, the figure (Plotly, inlined, so it opens offline) and the
  settings as text.  Outside Streamlit no theme reserves room for tick labels, so every axis gets
  ``automargin``.
* PNG — drawn by the reader's browser (Plotly's ``toImage`` behind the chart's camera button) at
  :data:`PNG_SIZE` × :data:`PNG_SCALE`: the server renders nothing and needs no browser of its own,
  the picture is the chart as it is on screen (the step shown, the zoom), and the reader's fonts draw
  the Chinese labels.

Nothing here imports streamlit: tests read the files back with pandas and an HTML parser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import pandas as pd
import plotly.io as pio

#: the PNG's layout size in CSS pixels (a WXGA projector) and the pixel ratio it is drawn at: the
#: file is 1920 × 1200, which fills a WUXGA projector and stays sharp on a 1280 × 800 one
PNG_SIZE = (1280, 800)
PNG_SCALE = 1.5
_AXIS = re.compile(r"^[xy]axis\d*$")


@dataclass(frozen=True)
class Section:
    """A heading and its ``(label, value)`` lines; ``colour`` marks an optimizer's section."""

    heading: str
    lines: tuple[tuple[str, str], ...]
    colour: str = ""


@dataclass(frozen=True)
class Report:
    """What a download says about its view, in the reader's language (plain text, not Markdown)."""

    lang: str
    title: str
    sections: tuple[Section, ...]
    link_label: str
    link: str
    notes: tuple[str, ...] = ()  # how to read the file: under the CSV's title, under the HTML's figure
    colon: str = ": "  # between a label and its value ("：" in Chinese)


def file_stem(surface: str) -> str:
    """``descent-lab-rosenbrock``: the name of every download of a view of ``surface``."""
    return f"descent-lab-{re.sub(r'[^A-Za-z0-9_-]+', '-', surface)}"


def share_link(address: str, query: Mapping[str, str]) -> str:
    """The link of a view: the page's address and its query string (``?compare.steps=12``)."""
    text = urlencode(dict(query))
    return address + ("?" + text if text else "")


# -------------------------------------------------------------------------------------------- CSV


def _one_line(text: str) -> str:
    """A header line may not break: a line break inside it would start a row of the table."""
    return " ".join(str(text).split())


def header_lines(report: Report) -> list[str]:
    """The report as the CSV's header, each line starting with ``#``: title, notes, link, sections
    (a section's lines indented under its heading)."""
    link = f"{report.link_label}{report.colon}{report.link}"
    lines = [f"# {_one_line(text)}" for text in (report.title, *report.notes, link)]
    for section in report.sections:
        lines += ["#", f"# {_one_line(section.heading)}"]
        lines += [f"#   {_one_line(label)}{report.colon}{_one_line(value)}" for label, value in section.lines]
    return lines


def trajectories_csv(frame: pd.DataFrame, report: Report) -> str:
    """The header, then the table (``comparison.metrics.trajectories_frame``) with a header row."""
    return "\n".join(header_lines(report)) + "\n" + frame.to_csv(index=False, lineterminator="\n")


# ------------------------------------------------------------------------------------------- HTML


def export_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The figure as a page of its own shows it: every axis makes room for its tick labels and title
    (Streamlit's theme does this in the app; the spec's own margins are a few pixels)."""
    layout = {
        name: ({**value, "automargin": True} if _AXIS.match(name) and isinstance(value, dict) else value)
        for name, value in spec.get("layout", {}).items()
    }
    return {**spec, "layout": layout}


def png_options(surface: str) -> dict[str, Any]:
    """Plotly's ``toImageButtonOptions``: what the camera button saves (a PNG for a projector)."""
    width, height = PNG_SIZE
    return {"format": "png", "filename": file_stem(surface), "width": width, "height": height, "scale": PNG_SCALE}


def chart_config(surface: str) -> dict[str, Any]:
    """The Plotly config of the Compare chart, on the page and in the HTML file."""
    return {"displaylogo": False, "scrollZoom": False, "toImageButtonOptions": png_options(surface)}


def _href(link: str) -> str | None:
    """The link as an ``href`` when it is a web address or a bare query (anything else is shown only)."""
    scheme = urlsplit(link).scheme
    return link if scheme in ("http", "https") or (not scheme and link.startswith("?")) else None


_STYLE = """
body { font-family: system-ui, "Noto Sans", "Noto Sans CJK SC", sans-serif; margin: 1.5rem 2rem; color: #222; }
h1 { font-size: 1.6rem; margin: 0 0 0.4rem; }
h2 { font-size: 1.15rem; margin: 1.2rem 0 0.3rem; }
.link { word-break: break-all; }
.note { color: #555; font-size: 0.9rem; }
.settings { display: flex; flex-wrap: wrap; gap: 0 2.5rem; }
.settings section { min-width: 18rem; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.4em; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.15rem 1rem; margin: 0; }
dt { color: #555; }
dd { margin: 0; }
"""


def _section_html(section: Section) -> str:
    swatch = (f'<span class="swatch" style="background:{html.escape(section.colour)}"></span>'
              if section.colour else "")
    rows = "".join(f"<dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd>" for label, value in section.lines)
    return f"<section><h2>{swatch}{html.escape(section.heading)}</h2><dl>{rows}</dl></section>"


def figure_html(spec: Mapping[str, Any], report: Report, surface: str) -> str:
    """A page of its own: title, link, the figure with its animation (plotly.js inlined) and the settings."""
    figure = pio.to_html(
        export_spec(spec), full_html=False, include_plotlyjs=True, config=chart_config(surface),
        auto_play=False, div_id="figure", default_width="100%",
        default_height=spec.get("layout", {}).get("height", 660), validate=False,
    )
    href = _href(report.link)
    link = html.escape(report.link)
    link = f'<a href="{html.escape(href, quote=True)}">{link}</a>' if href else link
    sections = "".join(_section_html(s) for s in report.sections)
    note = "".join(f'<p class="note">{html.escape(line)}</p>' for line in report.notes)
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(report.lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(report.title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(report.title)}</h1>\n"
        f'<p class="link">{html.escape(report.link_label + report.colon)}{link}</p>\n'
        f"{figure}\n{note}\n"
        f'<div class="settings">{sections}</div>\n</body>\n</html>\n'
    )
