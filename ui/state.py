"""The older name of the page kit's state: ``UrlState(page)`` is :class:`ui.kit.Page` without a header.

Pages not yet written with the kit's control methods keep their pattern::

    url = UrlState("schedules")                    # one per page run
    url.restore("schedules.steps", 100, parse_int(1, 2000))  # before the widget
    st.number_input("Steps", key="schedules.steps")          # the widget owns the value from then on
    ...
    url.publish()                                  # after all widgets: notices, then the link

and get everything the kit promises: notices for bad link values, state kept across page switches,
Back and Forward.  New code uses ``ui.kit.Page`` and its control methods.
"""

from __future__ import annotations

from ui.kit import GLOBAL_KEYS, MAX_QUERY_VALUE, Page
from urlvalues import Parser, fmt, parse_bool, parse_choice, parse_float, parse_int, parse_spec

__all__ = [
    "GLOBAL_KEYS", "MAX_QUERY_VALUE", "Parser", "UrlState", "fmt", "parse_bool", "parse_choice", "parse_float",
    "parse_int", "parse_spec",
]  # fmt: skip


class UrlState(Page):
    """``Page(page, header=False)``: the page draws its own title."""

    def __init__(self, page: str) -> None:
        super().__init__(page, header=False)
