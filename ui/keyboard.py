"""Keyboard control of the Compare chart, for a teacher at a projector.

Space plays and pauses the animation, ← and → step it, Home goes back to the start, digits 1–9 open
that lesson, P pins the current paths, Esc leaves presentation mode.  The animation keys act in the
browser on the chart Plotly has already drawn (no server round trip); lessons, pins and Esc send one
event each to the page, which reruns.  Keys typed into a text field, a number box or a menu are left
alone, as are keys pressed with Ctrl, Alt or ⌘.

Streamlit's components v2 run in the page itself (no iframe), so the script reaches the chart's
Plotly graph and the global ``Plotly`` that Streamlit's own chart element loaded.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

_JS = r"""
export default function (component) {
  const { setTriggerValue, data } = component;
  const doc = window.document;
  const chart = () => doc.querySelector('[data-testid="stMain"] .js-plotly-plot');
  const animationSteps = (gd) => {
    const slider = gd && gd._fullLayout && gd._fullLayout.sliders && gd._fullLayout.sliders[0];
    return slider ? slider : null;
  };
  // Plotly keeps a queue of frames while an animation plays
  const playing = (gd) => Boolean(gd._transitionData && gd._transitionData._frameQueue &&
                                  gd._transitionData._frameQueue.length);
  const pressMenu = (gd, index) => {
    const buttons = gd.querySelectorAll('.updatemenu-button');
    if (buttons[index]) {
      buttons[index].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    }
  };
  const goTo = (gd, slider, k) => {
    const steps = slider.steps;
    const index = Math.max(0, Math.min(steps.length - 1, k));
    const step = steps[index];
    window.Plotly.animate(gd, step.args[0], Object.assign({}, step.args[1], { mode: 'immediate' }));
    window.Plotly.relayout(gd, { 'sliders[0].active': index });
  };
  const onKey = (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const target = event.target;
    const tag = target && target.tagName ? target.tagName.toLowerCase() : '';
    if (['input', 'textarea', 'select'].includes(tag) || (target && target.isContentEditable)) return;
    if (target && target.closest && target.closest('[role="listbox"], [role="combobox"], [role="slider"]')) return;
    const gd = chart();
    const slider = animationSteps(gd);
    if (event.key === ' ' && gd) {
      event.preventDefault();
      pressMenu(gd, playing(gd) ? 1 : 0);  // the chart's own pause or play button
    } else if ((event.key === 'ArrowRight' || event.key === 'ArrowLeft') && slider) {
      event.preventDefault();
      if (playing(gd)) pressMenu(gd, 1);
      goTo(gd, slider, (slider.active || 0) + (event.key === 'ArrowRight' ? 1 : -1));
    } else if (event.key === 'Home' && slider) {
      event.preventDefault();
      goTo(gd, slider, 0);
    } else if (/^[1-9]$/.test(event.key) && Number(event.key) <= data.lessons) {
      setTriggerValue('lesson', Number(event.key));
    } else if (event.key === 'p' || event.key === 'P') {
      setTriggerValue('pin', Date.now());
    } else if (event.key === 'Escape' && data.presenting) {
      setTriggerValue('leave', Date.now());
    }
  };
  // one listener per page: a rerun mounts the component again and first removes the old one
  if (window.__descentLabKeys) doc.removeEventListener('keydown', window.__descentLabKeys);
  window.__descentLabKeys = onKey;
  doc.addEventListener('keydown', onKey);
  return () => {
    doc.removeEventListener('keydown', onKey);
    if (window.__descentLabKeys === onKey) window.__descentLabKeys = null;
  };
}
"""

_COMPONENT = st.components.v2.component("descent_lab.keyboard", js=_JS)


def listen(key: str, lessons: int, presenting: bool, on_lesson: Callable[[], None],
           on_pin: Callable[[], None], on_leave: Callable[[], None]):
    """Mount the key handler; each callback runs (before the rerun) when its key is pressed.

    In ``on_lesson`` the lesson's number (1-based) is ``st.session_state[key].lesson``.
    """
    return _COMPONENT(key=key, data={"lessons": int(lessons), "presenting": bool(presenting)},
                      on_lesson_change=on_lesson, on_pin_change=on_pin, on_leave_change=on_leave)
