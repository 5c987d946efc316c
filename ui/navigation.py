"""Every page of the app, in menu order, grouped in sections.

app.py builds ``st.navigation`` from this list, skipping files that do not exist yet, so a page
joins the menu by being listed here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PageInfo:
    path: str  # relative to the repository root
    title_key: str  # catalogue key of the menu title
    icon: str
    section_key: str
    default: bool = False


PAGES = (
    PageInfo("app_pages/compare.py", "nav.compare", ":material/route:", "nav.section.explore", default=True),
    PageInfo("app_pages/sweep.py", "nav.sweep", ":material/grid_on:", "nav.section.landscapes"),
    PageInfo("app_pages/search.py", "nav.search", ":material/scatter_plot:", "nav.section.landscapes"),
    PageInfo("app_pages/basins.py", "nav.basins", ":material/water:", "nav.section.landscapes"),
    PageInfo("app_pages/schedules.py", "nav.schedules", ":material/timeline:", "nav.section.landscapes"),
    PageInfo("app_pages/noise.py", "nav.noise", ":material/grain:", "nav.section.landscapes"),
    PageInfo("app_pages/gradient_check.py", "nav.gradient_check", ":material/rule:", "nav.section.learn"),
    PageInfo("app_pages/initialization.py", "nav.initialization", ":material/bar_chart:", "nav.section.learn"),
    PageInfo("app_pages/train_network.py", "nav.train_network", ":material/model_training:", "nav.section.learn"),
)


def available_pages() -> list[PageInfo]:
    """The listed pages whose file exists."""
    return [p for p in PAGES if (ROOT / p.path).exists()]
