"""Descent Lab: the Streamlit entry point.

Sets the page config, the shared sidebar (language, kept in the URL) and the navigation over
app_pages/ (listed in ui/navigation.py).  Start it with ``make run``.
"""

import streamlit as st

from ui.i18n import LANGUAGE_NAMES, t
from ui.navigation import available_pages

st.set_page_config(page_title="Descent Lab", page_icon="⛰️", layout="wide")
# Less empty space above each page's title (Streamlit leaves 6rem under the top bar): on a projector's
# 800 rows that is what lets the whole chart show.  Our own constant CSS, never user text.
st.markdown("<style>[data-testid='stMainBlockContainer']{padding-top:3rem}</style>", unsafe_allow_html=True)

# the language: the URL wins on first load, then the sidebar switch; both stay in step
if "lang" not in st.session_state:
    requested = st.query_params.get("lang", "en")
    st.session_state["lang"] = requested if requested in LANGUAGE_NAMES else "en"

with st.sidebar:
    st.markdown(f"### {t('app.title')}")
    st.caption(t("app.tagline"))
    st.radio(t("app.language"), list(LANGUAGE_NAMES), format_func=LANGUAGE_NAMES.get, key="lang",
             horizontal=True)
if st.session_state["lang"] == "en":
    st.query_params.pop("lang", None)
else:
    st.query_params["lang"] = st.session_state["lang"]

sections: dict[str, list] = {}
for info in available_pages():
    sections.setdefault(t(info.section_key), []).append(
        st.Page(info.path, title=t(info.title_key), icon=info.icon, default=info.default)
    )
# the menu in the top bar: the sidebar holds only the page's own controls, from its first line
st.navigation(sections, position="top").run()
