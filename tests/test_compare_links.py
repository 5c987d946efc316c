"""Saved links: the Compare links that worked before the page was rebuilt open the same view after it.

``tests/data/compare_links.json`` was recorded with the page as it was before the rebuild (run this
file as a script to see how: ``python tests/test_compare_links.py --record``; do not re-record it
to make a test pass, that would defeat its purpose).  It holds the default link, every lesson's link
(``comparison.presets`` through ``query_for``), hand-written links covering every kind of key, and
the Sweep page's "open in Compare" links for a few cells, each with what the page opened: the
normalized configuration as plain values, and the view, tolerance and map-click switch.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from comparison import presets  # noqa: E402

PAGE = str(ROOT / "app_pages" / "compare.py")
DATA = ROOT / "tests" / "data" / "compare_links.json"

# links typed by hand: every kind of key the page reads
HAND_WRITTEN = {
    "surface-params": {"compare.surface": "rosenbrock", "compare.rosenbrock.a": "1.5",
                       "compare.rosenbrock.b": "50"},
    "quadratic-params": {"compare.surface": "quadratic", "compare.quadratic.kappa": "40",
                         "compare.quadratic.angle": "30", "compare.n": "2"},
    "custom-expr": {"compare.surface": "custom", "compare.expr": "x**2 + 3*y**2"},
    "custom-default-expr": {"compare.surface": "custom"},
    "start-steps": {"compare.x0": "-5.5", "compare.y0": "3.25", "compare.steps": "120"},
    "batch-seed": {"compare.batch": "16", "compare.seed": "42"},
    "shared-schedule": {"compare.shared": "1", "compare.sched": "step", "compare.s.step_size": "5",
                        "compare.s.gamma": "0.5", "compare.s.warmup_steps": "3", "compare.s.warmup_start": "0.25"},
    "per-optimizer-schedules": {"compare.o1.sched": "cosine", "compare.o1.s.T_max": "20",
                                "compare.o2.sched": "exponential", "compare.o2.s.gamma": "0.9",
                                "compare.o3.sched": "one_cycle", "compare.o3.s.anneal_strategy": "linear",
                                "compare.o3.s.three_phase": "1"},
    "milestones": {"compare.o0.sched": "multistep", "compare.o0.s.milestones": "5,10",
                   "compare.o0.s.gamma": "0.5"},
    "five-optimizers": {"compare.n": "5", "compare.o4.kind": "rmsprop", "compare.o4.lr": "0.02",
                        "compare.o4.centered": "1"},
    "kinds-and-hyperparameters": {"compare.o0.kind": "adamw", "compare.o0.lr": "0.05",
                                  "compare.o0.weight_decay": "0.1", "compare.o0.amsgrad": "1",
                                  "compare.o1.momentum": "0.5", "compare.o2.kind": "lion",
                                  "compare.o2.beta2": "0.95", "compare.o3.clip_norm": "1.5",
                                  "compare.o3.eps": "1e-06"},
    "two-optimizers": {"compare.n": "2", "compare.o0.kind": "nesterov", "compare.o0.lr": "0.01"},
    "view-tol-pick": {"compare.view": "3d", "compare.tol": "0.01", "compare.pick": "1"},
    "share-view": {"compare.view": "share", "compare.steps": "12"},
    "chinese": {"lang": "zh", "compare.surface": "himmelblau", "compare.o0.lr": "0.01"},
}


def sweep_links() -> dict[str, dict[str, str]]:
    """The Sweep page's "open in Compare" query for a few cells."""
    from landscapes import sweep as sw

    cells = {
        "sweep-sgd-momentum": (sw.default_spec("sgd", steps=300), 10, 40, "book_quadratic", ()),
        "sweep-quadratic": (sw.default_spec("sgd", start=(-3.0, 1.5), nx=5, ny=5), 3, 2, "quadratic",
                            (("kappa", 50.0), ("angle", 0.0))),
        "sweep-adam-beta2": (sw.default_spec("adam", "lr", "beta2", steps=2000, nx=4, ny=4, start=(-1.5, 1.5)), 1, 1,
                             "rosenbrock", ()),
        "sweep-noisy": (sw.default_spec("sgd", sigma=2.0, seed=3, nx=5, ny=5), 3, 2, "book_quadratic", ()),
    }
    return {name: sw.compare_query(spec, i, j, surface, params)
            for name, (spec, i, j, surface, params) in cells.items()}


def all_links() -> dict[str, dict[str, str]]:
    from comparison.config import DEFAULT, query_for

    links = {"default": query_for(DEFAULT)}
    links.update({f"lesson-{name}": query_for(p.config) for name, p in presets.PRESETS.items()})
    links.update(HAND_WRITTEN)
    links.update(sweep_links())
    return links


def plain(config) -> dict:
    """A normalized configuration as JSON values (tuples become lists).  The saved links predate
    hand-overs: an optimizer without one is written as they were (a hand-over would stay and differ)."""
    data = json.loads(json.dumps(dataclasses.asdict(config.normalized())))
    for opt in data["optimizers"]:
        if opt.get("then", 0) is None:
            del opt["then"]
    return data


def open_page(query: dict[str, str]):
    """Open the Compare page on ``query`` in AppTest; return (the app, the configuration it ran)."""
    seen = []
    original = presets.matching

    def spy(config):
        seen.append(config)
        return original(config)

    presets.matching = spy
    try:
        at = AppTest.from_file(PAGE, default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        if "lang" in query:
            at.session_state["lang"] = query["lang"]
        at.run()
    finally:
        presets.matching = original
    assert not at.exception, at.exception[0].value
    assert seen, "the page ran no configuration"
    return at, seen[-1]


def opened(query: dict[str, str]) -> dict:
    at, config = open_page(query)
    return {
        "config": plain(config),
        "view": at.session_state["compare.view"],
        "tol": at.session_state["compare.tol"],
        "pick": bool(at.session_state["compare.pick"]),
        "notices": sorted(k for k in query if any(k in w.value for w in at.warning)),
    }


def record() -> None:
    saved = {name: {"query": query, "opens": opened(query)} for name, query in all_links().items()}
    DATA.parent.mkdir(exist_ok=True)
    DATA.write_text(json.dumps(saved, indent=1, ensure_ascii=False) + "\n")


SAVED = json.loads(DATA.read_text()) if DATA.exists() else {}


def common_config_fields(config: dict) -> dict:
    """The fields every recorded configuration has (a later field, such as slot ids, is checked apart)."""
    return {k: v for k, v in config.items() if k in SAVED["default"]["opens"]["config"]}


@pytest.mark.parametrize("name", list(SAVED))
def test_the_codec_reads_each_saved_link_as_the_page_opened_it(name):
    from comparison import codec

    link = SAVED[name]
    got, notices = codec.decode(link["query"])
    config = plain(got.config)
    assert config.pop("slots") == list(range(len(got.config.optimizers)))  # links before slot ids
    assert config == link["opens"]["config"]
    settings = {"view": got.view, "tol": got.tol, "pick": got.pick}
    assert settings == {k: link["opens"][k] for k in settings}
    assert sorted(n.key for n in notices) == link["opens"]["notices"]


@pytest.mark.parametrize("name", [n for n in SAVED if n.startswith("sweep-")])
def test_sweeps_link_for_the_same_cell_still_opens_the_same_view(name):
    from comparison import codec

    now, notices = codec.decode(sweep_links()[name])
    assert not notices
    assert common_config_fields(plain(now.config)) == SAVED[name]["opens"]["config"]


@pytest.mark.parametrize("name", list(SAVED))
def test_the_page_opens_each_saved_link_as_it_did(name):
    link = SAVED[name]
    got = opened(link["query"])
    assert common_config_fields(got["config"]) == link["opens"]["config"]
    keys = ("view", "tol", "pick", "notices")
    assert {k: got[k] for k in keys} == {k: link["opens"][k] for k in keys}


if __name__ == "__main__" and "--record" in sys.argv:
    record()
