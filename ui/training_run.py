"""Train a small network's run, kept in the session: its checkpoint, its three buttons, and training
that checkpoints after every epoch.

Nothing trains until Train is pressed, also when the page is opened from a link (the link restores
the settings; the button starts training).  Training runs epoch by epoch inside the script run, with
a progress bar, under the page's CPU seconds (``ui.work``): a probe times a few real updates, and a
press trains as many epochs as fit (or none, with a message naming what to lower, when not even one
does).  After every epoch the curves so far (plain lists), the latest weights and the trainers'
state (:meth:`learn.training.Trainer.state`) are checkpointed in the session; Continue trains on
from there, exactly as if training had not paused.  Pressing Stop - or changing any control - makes
Streamlit interrupt the run at its next progress update, and the rerun shows the checkpoint.

A run is a plain dict: ``key`` (the settings it was trained with), ``histories``, ``models``,
``states``, ``epoch``, ``epochs``, ``done``, ``cut`` (paused by the time limit), ``seconds``, and the
decision-boundary ``panels`` once drawn.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st

from landscapes.budget import Outcome, run_chunks
from learn import datasets, training
from ui.i18n import t

BUTTONS = ("train", "continue", "stop")
LIVE_EVERY = 0.6  # seconds between redraws of the live chart, at least
LIVE_SHARE = 0.1  # and at most this share of the run spent redrawing it (a redraw costs ~0.1 s)


class TrainingRun:
    """The last run of page ``page`` (``<page>._run`` in the session) and its buttons
    (``<page>.train``, ``<page>.continue``, ``<page>.stop``)."""

    def __init__(self, page: str) -> None:
        self.page = page
        self.store = f"{page}._run"

    @property
    def last(self) -> dict | None:
        """The last (possibly interrupted) run, or None."""
        return st.session_state.get(self.store)

    def _pressed(self, button: str) -> bool:
        return bool(st.session_state.get(f"{self.page}.{button}"))

    def resumable(self, key: tuple) -> bool:
        """Whether Continue can train the last run on: the current settings' run, stopped or paused
        before its end."""
        run = self.last
        return run is not None and run["key"] == key and not run["done"] and bool(run.get("states"))

    def requested(self, key: tuple) -> tuple[bool, dict | None]:
        """What this rerun was asked for: (whether to train, the checkpoint to train on from or None)."""
        if self._pressed("stop"):
            return False, None
        if self._pressed("train"):
            return True, None
        if self._pressed("continue") and self.resumable(key):
            return True, self.last
        return False, None

    def buttons(self, key: tuple) -> None:
        """Train, Continue (offered when the last run can go on) and Stop, side by side."""
        with st.container(horizontal=True, gap="small"):
            st.button(t("learn.train.train"), key=f"{self.page}.train", type="primary", icon=":material/play_arrow:")
            st.button(t("learn.train.continue"), key=f"{self.page}.continue", icon=":material/fast_forward:",
                      disabled=not self.resumable(key), help=t("learn.train.continue_help"))
            st.button(t("learn.train.stop"), key=f"{self.page}.stop", icon=":material/stop:")

    def train(self, data: datasets.Dataset, cfgs: list[training.TrainConfig], key: tuple, seconds: float,
              progress: Callable[..., None], show: Callable[[dict], None], resume: dict | None = None) -> Outcome:
        """Train ``cfgs`` in lockstep within ``seconds`` of CPU (from ``resume``, a run's checkpoint, if
        given), checkpointing every epoch; ``show(run)`` draws the curves so far now and then.

        The outcome counts epochs; refused (not even one epoch fits), the previous run is kept.
        """
        total = cfgs[0].epochs
        start = time.perf_counter()
        if resume is not None:
            trainers = [training.Trainer.resume(data, c, state) for c, state in zip(cfgs, resume["states"])]
        else:
            trainers = [training.Trainer(data, c) for c in cfgs]
        earlier = 0.0 if resume is None else resume["seconds"]
        run = {"key": key, "histories": [], "models": [], "states": [], "epoch": 0, "epochs": total,
               "done": False, "cut": False, "seconds": earlier}

        def checkpoint() -> None:
            run["histories"] = [tr.history.as_dict() for tr in trainers]
            run["models"] = [(tr.arch, dict(tr.params), dict(tr.bn_state)) for tr in trainers]
            run["states"] = [tr.state() for tr in trainers]
            run["epoch"] = max(tr.epochs_done for tr in trainers)
            run["seconds"] = earlier + time.perf_counter() - start

        # the untrained (or resumed) networks are the first checkpoint, stored before any call Streamlit
        # can interrupt
        checkpoint()
        previous = self.last
        st.session_state[self.store] = run
        first = run["epoch"]
        live = st.empty()
        drawn = {"at": 0.0, "cost": 0.0}

        def one_round() -> None:
            if all(tr.finished for tr in trainers):  # every network diverged early: nothing left to do
                return
            for tr in trainers:
                tr.run_epoch()
            checkpoint()
            progress(run["epoch"] / total, text=t("learn.train.progress", epoch=run["epoch"], epochs=total))
            now = time.perf_counter()
            if now - drawn["at"] > max(LIVE_EVERY, drawn["cost"] / LIVE_SHARE):
                with live.container():
                    show(run)
                drawn["at"] = time.perf_counter()
                drawn["cost"] = drawn["at"] - now

        rounds = max(1, total - first)
        outcome = run_chunks(
            [one_round] * rounds, seconds,
            probe=lambda: [training.round_seconds(data, cfgs)] * rounds,
            min_share=1 / rounds,  # training is worth it as long as one epoch fits
        )
        live.empty()
        run["done"] = all(tr.finished for tr in trainers)
        if outcome.refused:
            if previous is None:
                del st.session_state[self.store]
            else:
                st.session_state[self.store] = previous
            return outcome.with_value(None, done=first, total=total)
        run["cut"] = not run["done"]
        return outcome.with_value(run, done=total if run["done"] else run["epoch"], total=total)
