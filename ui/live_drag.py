"""The Compare page's live view: drag a hyperparameter and the path follows, with no rerun until release.

``comparison.live`` computes, in one engine call per slider, the run at every stop the slider can
reach; this module caches that, hands it to a small ``st.components.v2`` component (runs in the app
page, no iframe) and takes the released value back.  The component gets data only (JSON): the
contour map as a PNG, each path as an SVG ``points`` string, the texts from the catalogue; it sets
them with ``setAttribute`` and ``textContent``, never as HTML.  On ``input`` (the thumb moves) it
swaps the dragged optimizer's path and loss curve among the precomputed ones; on ``change`` (the
thumb is released) it sends ``{slot, name, value}`` as a trigger, and the callback below sets that
value on the optimizer's own control before the page runs, so the sidebar and the link follow.
"""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

from comparison import codec as K
from comparison import config as C
from comparison import live
from ui.chart_text import kind_title
from ui.i18n import t
from ui.kit import Page
from ui.spec_text import spec_label
from urlvalues import fmt, parse_for_control
from viz.paths import PathData
from viz.raster import contour_image

VIEW_KEY = "_compare.live.view"  # the component (its release trigger)
SLOT_KEY = "_compare.live.slot"  # which optimizer the live view drags
HASH = {C.OptimizerConfig: repr, C.ScheduleConfig: repr, C.CompareConfig: repr}

HTML = """<div class="live" data-testid="live-drag">
  <div class="panels">
    <svg class="map" viewBox="0 0 10000 10000" preserveAspectRatio="none">
      <image class="bg" x="0" y="0" width="10000" height="10000" preserveAspectRatio="none"></image>
      <g class="others"></g><polyline class="dragged"></polyline><circle class="start" r="1"></circle>
    </svg>
    <svg class="loss" viewBox="0 0 10000 10000" preserveAspectRatio="none">
      <rect class="frame" x="0" y="0" width="10000" height="10000"></rect>
      <g class="others"></g><polyline class="dragged"></polyline>
    </svg>
  </div>
  <div class="sliders"></div>
</div>"""

CSS = """
.live { font-family: var(--st-font, sans-serif); font-size: 0.9rem; }
.panels { display: grid; grid-template-columns: 3fr 2fr; gap: 12px; }
svg { display: block; width: 100%; overflow: hidden; }
svg.map { border: 1px solid #ddd; box-sizing: border-box; }
svg polyline { fill: none; vector-effect: non-scaling-stroke; stroke-linejoin: round; }
svg .others polyline { stroke-width: 1.5; opacity: 0.55; }
svg polyline.dragged { stroke-width: 3; }
svg circle.start { fill: #222; }
svg rect.frame { fill: none; stroke: #ccc; vector-effect: non-scaling-stroke; }
.sliders { display: grid; grid-template-columns: max-content 1fr 16em; gap: 4px 12px; align-items: center;
           margin-top: 8px; }
.sliders input[type=range] { width: 100%; }
.sliders .readout { font-variant-numeric: tabular-nums; }
"""

JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector('.live');
  if (!root || !data) return;
  const NS = 'http://www.w3.org/2000/svg';
  const map = root.querySelector('svg.map'), loss = root.querySelector('svg.loss');
  map.style.aspectRatio = String(data.aspect);
  loss.style.aspectRatio = String(data.aspect * 2 / 3);  // as tall as the map: its column is 2/3 as wide
  map.querySelector('image.bg').setAttribute('href', data.image);
  const start = map.querySelector('circle.start');
  start.setAttribute('cx', data.start[0]); start.setAttribute('cy', data.start[1]);
  start.setAttribute('r', 90);
  const line = (parent, points, colour) => {
    const el = document.createElementNS(NS, 'polyline');
    el.setAttribute('points', points); el.setAttribute('stroke', colour); parent.appendChild(el); return el;
  };
  for (const svg of [map, loss]) svg.querySelector('g.others').replaceChildren();
  for (const o of data.others) {
    line(map.querySelector('g.others'), o.map, o.colour);
    line(loss.querySelector('g.others'), o.loss, o.colour);
  }
  const mapLine = map.querySelector('polyline.dragged'), lossLine = loss.querySelector('polyline.dragged');
  mapLine.setAttribute('stroke', data.colour); lossLine.setAttribute('stroke', data.colour);
  const box = root.querySelector('.sliders');
  box.replaceChildren();
  const show = (s, i, readout) => {
    mapLine.setAttribute('points', s.map[i]);
    lossLine.setAttribute('points', s.loss[i]);
    readout.textContent = s.text[i];
    root.dataset.shown = s.name + '=' + s.values[i];
  };
  data.sliders.forEach((s, k) => {
    const label = document.createElement('label');
    label.textContent = s.label;
    const input = document.createElement('input');
    input.type = 'range'; input.min = 0; input.max = s.values.length - 1; input.step = 1;
    input.value = s.index; input.dataset.name = s.name; input.setAttribute('aria-label', s.label);
    const readout = document.createElement('span');
    readout.className = 'readout';
    readout.textContent = s.text[s.index];
    input.addEventListener('input', () => show(s, Number(input.value), readout));
    input.addEventListener('change', () => {
      const i = Number(input.value);
      if (i !== s.index) setTriggerValue('release', { slot: data.slot, name: s.name, value: s.values[i] });
    });
    box.append(label, input, readout);
    if (k === 0) show(s, s.index, readout);
  });
}
"""

live_view = st.components.v2.component("descent_lab_live_drag", html=HTML, css=CSS, js=JS)


@st.cache_resource(max_entries=64, show_spinner=False)
def _surface(name: str, params: tuple, expression: str):
    return C.build_surface(name, params, expression)


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=HASH)
def cached_payload(surface_key: tuple, cfg: C.CompareConfig, index: int, _others: tuple) -> dict:
    """Everything the live view of optimizer ``index`` needs (language-free: texts are added after).

    One engine call per live slider (:func:`comparison.live.live_slider`); ``_others`` are the other
    optimizers' runs as the page drew them (``cfg`` determines them, so they are not part of the key)."""
    surface = _surface(*surface_key)
    opt, sched = cfg.optimizers[index], cfg.schedule_for(index)
    colour = cfg.colours()[index]
    sliders = [live.live_slider(surface, opt, sched, cfg.start, cfg.steps, name, cfg.seed, colour)
               for name in live.live_names(opt.kind)]
    others = list(_others)
    body = live.payload(surface, sliders, others, cfg.steps, lambda name, v: f"{v:g}")
    (x0, x1), (y0, y1) = surface.bounds
    image, _ = contour_image(surface, surface.bounds)
    start = live.map_points(np.array([cfg.start], dtype=float), surface.bounds).split(",")
    finals = [[float(p.loss[p.genuine - 1]) if p.genuine else math.nan for p in s.paths] for s in sliders]
    return {**body, "image": image, "aspect": (x1 - x0) / (y1 - y0) if y1 > y0 else 1.0,
            "start": [int(start[0]), int(start[1])], "colour": colour, "finals": finals}


def _release(state) -> None:
    """The thumb was released: set the optimizer's own control to the value (validated like a link's)."""
    event = (state.get(VIEW_KEY) or {}).get("release")
    if not isinstance(event, dict):
        return
    slot, name, value = event.get("slot"), event.get("name"), event.get("value")
    kind = state.get(K.opt_key(slot, "kind")) if isinstance(slot, int) else None
    if kind not in C.KINDS or name not in live.live_names(kind):
        return
    try:
        state[K.opt_key(slot, name)] = float(parse_for_control(C.KINDS[kind].specs()[name])(fmt(float(value))))
    except (TypeError, ValueError, OverflowError):
        return


def live_drag(page: Page, cfg: C.CompareConfig, surface_key: tuple, runs: dict[int, PathData],
              blocked: bool) -> None:
    """The "Live drag" toggle and, when it is on, the live view of one optimizer (its choice above it).

    ``runs`` are the page's runs by optimizer index (those that ran); ``blocked`` says the page has
    already explained why no run can start (then nothing is drawn)."""
    if not page.toggle("live", False, label=t("compare.live"), help=t("compare.live_help")) or blocked:
        return
    if cfg.batch:
        st.info(t("live.needs_full_batch"), icon=":material/info:")
        return
    labels = cfg.labels()
    if st.session_state.get(SLOT_KEY) not in range(len(cfg.optimizers)):
        st.session_state[SLOT_KEY] = 0
    # named by place and kind only: a name that carried lr would change under the menu with every release
    titles = [f"{i + 1}. {kind_title(o.kind)}" for i, o in enumerate(cfg.optimizers)]
    index = st.selectbox(t("live.optimizer"), range(len(cfg.optimizers)), key=SLOT_KEY,
                         format_func=titles.__getitem__)
    if index not in runs:
        st.warning(t("live.cannot_run", index=index + 1), icon=":material/warning:")
        return
    data = cached_payload(surface_key, cfg, index, tuple(p for i, p in runs.items() if i != index))
    owner = f"opt:{C.KINDS[cfg.optimizers[index].kind].optimizer}"
    steps = cfg.steps
    sliders = []
    for s, finals in zip(data["sliders"], data["finals"], strict=True):
        label = spec_label(owner, s["name"])
        texts = []
        for value, final, diverged in zip(s["text"], finals, s["diverged"], strict=True):
            outcome = (t("live.diverged", step=diverged) if diverged >= 0
                       else t("live.final", value=f"{final:.4g}", steps=steps))
            texts.append(f"{value} · {outcome}")
        sliders.append({**s, "label": label, "text": texts})
    runs = sum(len(s["values"]) for s in sliders)
    loss = t("compare.fig.loss_gap") if data["loss_log"] else t("compare.fig.loss")
    st.caption(t("live.caption", optimizer=labels[index], runs=runs, loss=loss))
    live_view(key=VIEW_KEY, data={**{k: v for k, v in data.items() if k != "finals"}, "sliders": sliders,
                                  "slot": cfg.ids[index]},
              on_release_change=lambda: _release(st.session_state))
