"""The page kit (ui/kit.py): links seed controls with notices, state survives page switches and the
browser's Back, a log control's slider and box show one value."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def kit_page():
    """A page with one control of each kind, under the name "demo" (the script AppTest runs)."""
    import streamlit as st

    from paramspec import ParamSpec
    from ui.kit import Page

    if st.session_state.get("_test.where") == "other":  # another page: the demo widgets are not drawn
        other = Page("other", header=False)
        other.integer("n", 1, 1, 9, label="n")
        other.finish()
        return
    page = Page("demo", header=False)
    with page.controls():
        steps = page.integer("steps", 30, 1, 1000, label="steps")
        sigma = page.number("sigma", 2.0, 0.0, 10.0, label="sigma")
        mode = page.choice("mode", "a", ("a", "b", "c"), label="mode")
        tol = page.choice("tol", 0.5, (0.5, 1.0, 2.0), label="tol")
        on = page.toggle("on", False, label="on")
        lr = page.spec(ParamSpec("lr", 0.01, "learning rate", low=0.0, low_open=True, high=10.0, log=True,
                                 ui_low=1e-4, ui_high=10.0), "demo.lr", label="lr")
    st.write(f"values={steps},{sigma},{mode},{on},{lr}")
    st.write(f"tol={tol}")
    page.finish()


def start(query: dict | None = None) -> AppTest:
    at = AppTest.from_function(kit_page, default_timeout=30)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def shown(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("values="))


def leave_and_return(at: AppTest, query: dict | None = None) -> AppTest:
    """What a menu switch does: another page runs (Streamlit forgets this page's widgets), the URL is
    the other page's; then this page runs again, with the URL the menu link gives (none) or ``query``."""
    at.session_state["_test.where"] = "other"
    for key in list(at.query_params):
        del at.query_params[key]
    at.run()
    assert not any(k.startswith("demo.") and "~" not in k for k in at.session_state)
    at.session_state["_test.where"] = "demo"
    for key in list(at.query_params):
        del at.query_params[key]
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def test_defaults_publish_an_empty_link():
    at = start()
    assert not at.exception
    assert shown(at) == "values=30,2.0,a,False,0.01"
    assert dict(at.query_params) == {}


def test_a_link_sets_every_control_and_a_bad_value_gets_a_notice_naming_it():
    at = start({"demo.steps": "120", "demo.mode": "c", "demo.on": "1", "demo.lr": "0.3", "demo.sigma": "99"})
    assert not at.exception
    assert shown(at) == "values=120,2.0,c,True,0.3"
    (notice,) = at.warning
    assert "demo.sigma" in notice.value and "99" in notice.value
    assert at.query_params["demo.steps"] == "120" and "demo.sigma" not in at.query_params


def test_changes_are_published_and_survive_a_page_switch():
    at = start()
    at.number_input(key="demo.steps").set_value(77)
    at.toggle(key="demo.on").set_value(True)
    at.run()
    assert at.query_params["demo.steps"] == "77"
    at = leave_and_return(at)
    assert not at.exception
    assert shown(at) == "values=77,2.0,a,True,0.01"
    assert at.query_params["demo.steps"] == "77" and at.query_params["demo.on"] == "1"


def test_back_restores_the_view_the_url_describes():
    at = start()
    at.number_input(key="demo.steps").set_value(77).run()
    at.number_input(key="demo.steps").set_value(88).run()
    assert at.query_params["demo.steps"] == "88"
    at.query_params["demo.steps"] = "77"  # the browser's Back: the previous URL, same page
    at.run()
    assert shown(at).startswith("values=77,")
    del at.query_params["demo.steps"]  # Back once more: the default view
    at.run()
    assert shown(at).startswith("values=30,")


def test_a_link_wins_over_saved_values_when_arriving():
    at = start()
    at.number_input(key="demo.steps").set_value(77).run()
    at = leave_and_return(at, {"demo.steps": "5"})
    assert shown(at).startswith("values=5,")


def test_log_control_slider_and_box_show_one_value():
    at = start()
    at.number_input(key="demo.lr").set_value(0.3).run()
    assert at.select_slider(key="demo.lr~slider").value == 0.3
    at.select_slider(key="demo.lr~slider").set_value(0.002).run()
    assert at.number_input(key="demo.lr").value == 0.002
    assert shown(at).endswith(",0.002")


def start_page():
    import streamlit as st

    import surfaces
    from ui.kit import Page

    page = Page("demo", header=False)
    surface = surfaces.get(st.session_state.get("_test.surface", "book_quadratic"))
    x, y = page.start(surface)
    st.write(f"start={x},{y}")
    page.finish()


def test_the_start_follows_the_surface_and_a_link_sets_it():
    at = AppTest.from_function(start_page, default_timeout=30)
    at.query_params["demo.x0"] = "-3"
    at.run()
    assert not at.exception
    assert any(m.value == "start=-3.0,2.0" for m in at.markdown)
    at.session_state["_test.surface"] = "rosenbrock"
    at.run()
    import surfaces

    home = surfaces.get("rosenbrock").start
    assert any(m.value == f"start={float(home[0])},{float(home[1])}" for m in at.markdown)
    at.number_input(key="demo.x0").set_value(0.5).run()
    at.button(key="_demo.start_reset").click().run()
    assert any(m.value == f"start={float(home[0])},{float(home[1])}" for m in at.markdown)


def test_float_options_read_the_way_links_write_them():
    at = start({"demo.tol": "1"})
    assert not at.exception and not at.warning
    assert any(m.value == "tol=1.0" for m in at.markdown)
    at.selectbox(key="demo.tol").set_value(2.0).run()
    assert at.query_params["demo.tol"] == "2"


def test_a_quick_second_change_is_not_taken_for_the_back_button():
    """A rerun asked for before the last link reached the browser carries the older URL; the control
    the user just changed must win (only a rerun that changes nothing is a history step)."""
    at = start()
    at.number_input(key="demo.steps").set_value(77).run()
    assert at.query_params["demo.steps"] == "77"
    del at.query_params["demo.steps"]  # the request left with the URL before 77 was published
    at.number_input(key="demo.steps").set_value(78).run()
    assert shown(at).startswith("values=78,")
    assert at.query_params["demo.steps"] == "78"
