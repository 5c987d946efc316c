"""Train a small network: a NumPy MLP trained with the library's optimizers side by side (cs231n, book ch. 6).

Nothing trains until Train is pressed; a press trains as many epochs as fit in the page's CPU
seconds, Stop (or any change) interrupts, Continue trains on.  The run and its checkpoints are kept
by ``ui.training_run``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import streamlit as st

import optimizers
from learn import datasets, figures, mlp, notes_comparison, training
from learn.activations import ACTIVATIONS
from learn.blas import single_threaded
from learn.initialization import INITS
from optimizers import schedules
from refusal import Refusal
from ui import learn_viz, work
from ui.i18n import t
from ui.kit import Page
from ui.reasons import reason
from ui.spec_text import option_formatter, spec_help, spec_label
from ui.training_run import TrainingRun
from ui.widgets import spec_widget
from viz.palette import colour

P = "train_network"
MAX_OPTIMIZERS = 8
MAX_COPIES = 4  # the same optimizer up to this many times (e.g. two learning rates, or Momentum and Nesterov)
MAX_LAYERS, MAX_UNITS = 6, 512
LIMITS = {"n": (50, 3000), "classes": (2, 5), "batch": (1, 4096), "epochs": (1, 1000), "seed": (0, 10_000)}
CLIP_PARAMS = ("clip_value", "clip_norm")  # per-vector clipping of the 2D engine; the MLP clips globally
# CPU seconds of a rerun (ui.work.LIMIT in all): the sanity checks, recomputed when a setting changes
# (the tiny-subset checks of all optimizers stop at this; a 6 × 512 network makes ~40 ms updates, so
# 1500 of them took a minute per optimizer), and one press of Train or Continue.  On the 2-core
# machine the defaults train about 650 epochs a press; before the budget, 1000 epochs cost 15 s of
# server CPU for every visitor of a link, and batch 1 or six layers of 512 took minutes.
CHECK_SECONDS = 1.0
TRAIN_SECONDS = work.LIMIT - CHECK_SECONDS


def figure_text() -> dict[str, str]:
    return {k: t(f"learn.fig.{k}") for k in figures.TEXT}


# --- parsing --------------------------------------------------------------------------------------

def parse_hidden(text: str) -> tuple[int, ...]:
    """``"64, 64"`` → (64, 64); empty → () (no hidden layer: a linear classifier)."""
    parts = [p.strip() for p in str(text).replace(";", ",").split(",") if p.strip()]
    if len(parts) > MAX_LAYERS:
        raise Refusal("too_many_layers", f"at most {MAX_LAYERS} hidden layers (got {len(parts)})", max=MAX_LAYERS,
                      got=len(parts))
    sizes = []
    for p in parts:
        try:
            value = float(p)
        except ValueError:
            raise Refusal("not_whole", f"{p!r} is not a whole number", value=p) from None
        if not math.isfinite(value) or value != int(value) or not 1 <= value <= MAX_UNITS:
            raise Refusal("layer_units", f"each layer needs a whole number of units from 1 to {MAX_UNITS} "
                          f"(got {p!r})", max=MAX_UNITS, value=p)
        sizes.append(int(value))
    return tuple(sizes)


# --- cached computations of plain values ---------------------------------------------------------

@st.cache_data(show_spinner=False, max_entries=16)
def load_data(name: str, n: int, noise: float | None, classes: int, seed: int, test: float = 0.0,
              stratify: bool = False) -> datasets.Dataset:
    return datasets.load(name, n=n, noise=noise, classes=classes, seed=seed, test_fraction=test, stratify=stratify)


@st.cache_data(show_spinner=False, max_entries=32)
def sanity(data_key: tuple, net: tuple, configs: tuple) -> list[tuple]:
    """The checklist: backprop, initial loss and regularization for the network; tiny-subset per optimizer."""
    data = load_data(*data_key)
    cfgs = [config_from(net, c, i) for i, c in enumerate(configs)]
    # the network's checks burn in with a mini-batch optimizer when one is chosen (L-BFGS's steps are large)
    first = next((c for c in cfgs if not c.full_batch), cfgs[0])
    with single_threaded():
        rows = [("backprop", None, training.check_backprop(data, first)),
                ("backprop_l2", None, training.check_backprop_l2(data, first)),
                ("initial_loss", None, training.check_initial_loss(data, first)),
                ("regularization", None, training.check_regularization(data, first))]
        share = CHECK_SECONDS / len(cfgs)
        rows += [("overfit_tiny", cfg.label(), training.check_overfit_tiny(data, cfg, seconds=share))
                 for cfg in cfgs]
    return rows


def config_from(net: tuple, opt: tuple, index: int = 0) -> training.TrainConfig:
    """The config of run ``index``: with a seed per run, run i starts from seed + i (an ensemble's members)."""
    hidden, activation, init, batch_norm, dropout, l2, batch, epochs, clip, seed, (schedule, sp, unit), per_run, ema \
        = net
    name, hp, label = opt
    if per_run:
        seed += index
        label = t("learn.train_more.seed_label", label=label, seed=seed)
    return training.TrainConfig(optimizer=name, hyperparameters=dict(hp), name=label, hidden=hidden,
                                activation=activation, init=init, batch_norm=batch_norm, dropout=dropout,
                                weight_decay=l2, batch_size=batch, epochs=epochs, clip_norm=clip, seed=seed,
                                schedule=schedule, schedule_params=dict(sp), schedule_unit=unit, ema_decay=ema)


# --- controls -----------------------------------------------------------------------------------

def slot_options() -> list[str]:
    """The optimizers menu: each optimizer, then its copies ``adam-2`` … ``adam-4`` (listed after all originals)."""
    names = training.train_optimizer_names()
    return names + [f"{n}-{k}" for k in range(2, MAX_COPIES + 1) for n in names]


def slot_optimizer(slot: str) -> str:
    """``"adam-2"`` → ``"adam"``."""
    return slot.rsplit("-", 1)[0] if slot.rsplit("-", 1)[-1].isdigit() else slot


def slot_title(slot: str) -> str:
    title = optimizers.optimizer_class(slot_optimizer(slot)).title
    if slot_optimizer(slot) in training.FULL_BATCH:
        title = t("learn.train2.full_batch_title", title=title)
    return title if slot == slot_optimizer(slot) else f"{title} #{slot.rsplit('-', 1)[1]}"


def slot_defaults(slot: str, kind: str) -> dict:
    """Every hyperparameter of a slot at torch's defaults (this page's learning rate) or Keras'."""
    return notes_comparison.defaults(slot_optimizer(slot), kind, page=P if kind == "torch" else None)


def apply_defaults() -> None:
    """On a change of "defaults": every chosen optimizer's hyperparameters take the new defaults."""
    kind = st.session_state[f"{P}.defaults"]
    for slot in st.session_state.get(f"{P}.optimizers") or []:
        for name, value in slot_defaults(slot, kind).items():
            if name not in CLIP_PARAMS:
                st.session_state[f"{P}.{slot}.{name}"] = value


def optimizer_controls(page: Page) -> list[tuple[str, tuple, str]] | None:
    kind = page.choice("defaults", "torch", notes_comparison.DEFAULTS, widget="radio",
                       label=t("learn.train_more.defaults"), help=t("learn.train_more.defaults_help"),
                       format_func={k: t(f"learn.train_more.defaults.{k}") for k in notes_comparison.DEFAULTS}.get,
                       on_change=apply_defaults)
    chosen = page.multichoice("optimizers", ["sgd", "adam"], slot_options(), max_selections=MAX_OPTIMIZERS,
                              format_func={s: slot_title(s) for s in slot_options()}.get,
                              help=t("learn.train.optimizers_help", max=MAX_OPTIMIZERS) + "\n\n"
                              + t("learn.train_more.optimizers_copies", copies=MAX_COPIES))
    if not chosen:
        st.error(t("learn.train.need_optimizer"))
        return None
    out = []
    for i, slot in enumerate(chosen):
        name = slot_optimizer(slot)
        specs = optimizers.optimizer_class(name).spec_map()
        base = slot_defaults(slot, kind)
        title = slot_title(slot)
        owner = f"opt:{name}"
        st.markdown(f"<span style='color:{colour(i)}'>■</span> **{title}**", unsafe_allow_html=True)
        hp = {"lr": spec_widget(specs["lr"], page.key(f"{slot}.lr"), page, owner=owner, default=base["lr"])}
        with st.expander(t("learn.train.more_hp", name=title)):
            for spec in specs.values():
                if spec.name not in ("lr", *CLIP_PARAMS):
                    hp[spec.name] = spec_widget(spec, page.key(f"{slot}.{spec.name}"), page, owner=owner,
                                                default=base[spec.name])
        if name in training.FULL_BATCH:
            st.caption(t("learn.train2.full_batch_controls"))
        try:
            optimizers.get(name, **hp)
        except ValueError as err:
            st.error(t("common.invalid_input", reason=reason(err)))
            return None
        out.append((name, tuple(sorted(hp.items())), notes_comparison.label(name, hp, base)))
    labels = notes_comparison.unique([label for _, _, label in out])
    return [(name, hp, label) for (name, hp, _), label in zip(out, labels)]


def data_controls(page: Page) -> tuple:
    # option texts looked up now: AppTest formats a choice outside the run, where the language is unknown
    name = page.choice("data", "spirals", datasets.DATASETS,
                       format_func={d: t(f"learn.data.{d}") for d in datasets.DATASETS}.get)
    n, noise, classes = 0, None, 2
    if name in datasets.DATASETS_2D:
        n = page.integer("n", 600, *LIMITS["n"])
        noise = page.number(f"{name}.noise", datasets.DEFAULT_NOISE[name], 0.0, 1.0, step=0.01, widget="slider",
                            format="%.2f", label=t("learn.train.noise"), help=t(f"learn.data.{name}.noise"))
        if name == "spirals":
            classes = page.integer("classes", 2, *LIMITS["classes"])
    else:
        st.caption(t("learn.data.digits.about"))
    seed = page.integer("data_seed", 0, *LIMITS["seed"], help=t("learn.train.seed_help", low=LIMITS["seed"][0],
                                                                 high=LIMITS["seed"][1]))
    test = page.number("test", 0.0, 0.0, datasets.MAX_TEST_FRACTION, step=0.05, widget="slider", format="%.2f",
                       label=t("learn.train_more.test"), help=t("learn.train_more.test_help"))
    stratify = page.toggle("stratify", False, label=t("learn.train_more.stratify"),
                           help=t("learn.train_more.stratify_help"))
    return (name, n, noise, classes, seed, test, stratify)


def network_controls(page: Page) -> tuple | None:
    page.bind(page.key("hidden"), "64, 64", parse_hidden_text)  # a bad link falls back with a notice
    text = st.text_input(t("learn.train.hidden"), key=page.key("hidden"), max_chars=60,
                         help=t("learn.train.hidden_help", layers=MAX_LAYERS, units=MAX_UNITS))
    try:
        hidden = parse_hidden(text)
    except ValueError as err:
        st.error(t("learn.train.bad_hidden", reason=reason(err)))
        hidden = None
    activation = page.choice("activation", "relu", ACTIVATIONS, widget="radio", label=t("learn.init.activation"),
                             format_func={a: t(f"learn.act.{a}") for a in ACTIVATIONS}.get)
    init = page.choice("init", "he", INITS, label=t("learn.init.rule"),
                       format_func={k: t(f"learn.init.{k}") for k in INITS}.get)
    batch_norm = page.toggle("bn", False, label=t("learn.train.batch_norm"), help=t("learn.train.batch_norm_help"))
    dropout = page.number("dropout", 0.0, 0.0, 0.9, step=0.05, widget="slider", format="%.2f")
    l2 = page.number("l2", 0.0, 0.0, 10.0, step=1e-4)
    return None if hidden is None else (hidden, activation, init, batch_norm, dropout, l2)


def parse_hidden_text(text: str) -> str:
    parse_hidden(text)  # raises with the reason
    return text


def training_controls(page: Page) -> tuple | None:
    batch = page.integer("batch", 32, *LIMITS["batch"])
    epochs = page.integer("epochs", 100, *LIMITS["epochs"])
    clip = page.number("clip", 0.0, 0.0, 100.0, step=0.5)
    seed = page.integer("seed", 0, *LIMITS["seed"])
    per_run = page.toggle("seed_per_run", False, label=t("learn.train_more.seed_per_run"),
                          help=t("learn.train_more.seed_per_run_help"))
    ema = page.number("ema", 0.0, 0.0, 0.999, step=0.001, widget="slider", format="%.3f",
                      label=t("learn.train_more.ema"), help=t("learn.train_more.ema_help"))
    schedule = schedule_controls(page)
    return None if schedule is None else (batch, epochs, clip, seed, schedule, per_run, ema)


# the schedules whose parameters are numbers, switches or choices (multistep's milestone list is left
# to the Schedules page)
TRAIN_SCHEDULES = [n for n in schedules.names() if all(s.kind != "ints" for s in schedules.specs(n).values())]
PLATEAU = "plateau"  # ReduceLROnPlateau: read the validation loss once per epoch


def schedule_controls(page: Page) -> tuple | None:
    """A learning-rate schedule (optimizers/schedules.py), what its step counts, and its parameters."""
    name = page.choice("schedule", "constant", TRAIN_SCHEDULES, label=t("learn.train_more.schedule"),
                       help=t("learn.train_more.schedule_help"),
                       format_func={n: t(f"schedules.name.{n}") for n in TRAIN_SCHEDULES}.get)
    unit = page.choice("schedule_unit", "update", training.SCHEDULE_UNITS, widget="radio",
                       label=t("learn.train_more.schedule_unit"), help=t("learn.train_more.schedule_unit_help"),
                       format_func={u: t(f"learn.train_more.unit.{u}") for u in training.SCHEDULE_UNITS}.get,
                       disabled=name in ("constant", PLATEAU))
    if name == PLATEAU:
        # torch's usage, scheduler.step(val_loss) after each epoch: patience and cooldown count epochs
        unit = "epoch"
        st.caption(t("learn.train2.plateau_controls"))
    owner = f"sched:{name}"
    params = {}
    for spec in schedules.specs(name).values():
        label, tip = spec_label(owner, spec), spec_help(owner, spec)
        if spec.kind == "choice":
            params[spec.name] = page.choice(f"sched.{name}.{spec.name}", spec.default, spec.choices, label=label,
                                            help=tip, format_func=option_formatter(owner, spec))
        else:
            params[spec.name] = page.spec(spec, page.key(f"sched.{name}.{spec.name}"), label=label, help=tip)
    try:
        schedules.get(name, **params)
    except ValueError as err:
        st.error(t("common.invalid_input", reason=err))
        return None
    return (None if name == "constant" else name, tuple(sorted(params.items())), unit)


# --- results ------------------------------------------------------------------------------------

def summary_table(run: dict) -> pd.DataFrame:
    rows = []
    for h in run["histories"]:
        diverged = h["diverged_at"] is not None
        ratios = ", ".join(f"{r:.1e}" for r in h["update_ratio"][-1]) if h["epoch"][-1] else "—"
        rows.append({
            t("learn.train.col.optimizer"): h["label"],
            t("learn.train.col.train_loss"): f"{h['train_loss'][-1]:.4g}",
            t("learn.train.col.val_loss"): f"{h['val_loss'][-1]:.4g}",
            t("learn.train.col.train_acc"): f"{h['train_acc'][-1]:.1%}",
            t("learn.train.col.val_acc"): f"{h['val_acc'][-1]:.1%}",
            t("learn.train.col.gap"): f"{h['val_loss'][-1] - h['train_loss'][-1]:+.3g}",
            t("learn.train.col.ratio"): ratios,
            t("learn.train.col.status"): (t("learn.train.diverged", epoch=h["diverged_at"]) if diverged
                                          else t("learn.train.ok")),
        })
    return pd.DataFrame(rows)


def full_batch_text(h: dict, n: int) -> str:
    """What an L-BFGS run's epochs cost, from its record: evaluations of f and ∇f, each over all n examples."""
    counts = h["evaluations"][1:]
    low, high = (min(counts), max(counts)) if counts else (0, 0)
    return t("learn.train2.full_batch_cost", label=h["label"], n=n, epochs=len(counts),
             range=str(low) if low == high else f"{low}–{high}", total=sum(counts))


def show_rates(hs: list[dict], schedule: str, scale: float, title: str | None) -> None:
    """The learning rate of every run per epoch, and (reduce on plateau) the epochs after which it was cut."""
    st.subheader(t("learn.train2.lr_title"))
    st.plotly_chart(figures.learning_rate_figure(hs, text=figure_text(), x_scale=scale, x_title=title),
                    key=f"{P}.lr")
    if schedule != PLATEAU:
        return
    lines = []
    for h in hs:
        cuts = training.rate_cuts(h["lr"])
        lines.append(t("learn.train2.cuts", label=h["label"], epochs=t("learn.train_more.and").join(map(str, cuts)),
                       first=f"{h['lr'][1]:.3g}", last=f"{h['lr'][-1]:.3g}") if cuts
                     else t("learn.train2.no_cuts", label=h["label"], lr=f"{h['lr'][-1]:.3g}"))
    st.markdown("\n".join(f"- {line}" for line in lines))


def show_results(run: dict, data: datasets.Dataset) -> None:
    hs = run["histories"]
    net = run["key"][1]
    per_epoch = training.updates_per_epoch(len(data.y_train), net[6], net[3])
    axis = page.choice("x_axis", "epoch", training.SCHEDULE_UNITS, widget="radio", label=t("learn.train_more.x_axis"),
                       format_func={u: t(f"learn.train_more.axis.{u}") for u in training.SCHEDULE_UNITS}.get)
    schedule, _, unit = net[10]
    counts = ("" if schedule is None else t("learn.train2.plateau_counts") if schedule == PLATEAU
              else t(f"learn.train_more.schedule_counts.{unit}", name=t(f"schedules.name.{schedule}")))
    st.caption(t("learn.train_more.per_epoch", n=len(data.y_train), b=min(net[6], len(data.y_train)),
                 updates=per_epoch) + ("" if not counts else " " + counts))
    scale, title = (1.0, None) if axis == "epoch" else (float(per_epoch), t("learn.train_more.axis.update"))
    st.plotly_chart(figures.training_curves_figure(hs, text=figure_text(), x_scale=scale, x_title=title),
                    key=f"{P}.curves")
    st.caption(t("learn.train.curves_caption"))
    for h in hs:
        if h.get("evaluations"):
            st.markdown(full_batch_text(h, len(data.y_train)))
    if schedule is not None:
        show_rates(hs, schedule, scale, title)
    st.dataframe(summary_table(run), hide_index=True, width="stretch")
    show_comparison(run)
    show_averaging(run, data)
    if data.is_2d:
        st.subheader(t("learn.train.boundary_title"))
        # kept with the run: a run never changes once shown, and 10 000 grid points through four 6 × 512
        # networks take ~4 s, which every later rerun of the page would otherwise repeat
        panels = run.get("panels")
        if panels is None:
            panels = []
            for h, (arch, params, bn) in zip(hs, run["models"]):
                xs, ys, probs = training.decision_grid(arch, params, bn, data.bounds(), resolution=100)
                panels.append({"label": h["label"], "xs": xs, "ys": ys, "probs": probs})
            run["panels"] = panels
        fig = figures.decision_boundary_figure(panels, data.X_train, data.y_train, data.X_val, data.y_val,
                                               data.n_classes, text=figure_text())
        st.plotly_chart(fig, key=f"{P}.boundary")
    else:
        st.subheader(t("learn.train.confusion_title"))
        cols = st.columns(min(len(hs), 2))
        for i, (h, (arch, params, bn)) in enumerate(zip(hs, run["models"])):
            with np.errstate(all="ignore"):
                pred = np.argmax(mlp.eval_logits(arch, params, data.X_val, bn), axis=1)
            with cols[i % len(cols)]:
                st.plotly_chart(figures.confusion_figure(data.y_val, pred, data.n_classes, title=h["label"],
                                                         text=figure_text()), key=f"{P}.confusion.{i}")
    st.subheader(t("learn.train.ratio_title"))
    st.plotly_chart(figures.update_ratio_figure(hs, text=figure_text()), key=f"{P}.ratio")
    st.caption(t("learn.train.ratio_caption"))
    # issue #15 items 9-10: the first layer's weights as 8×8 pictures (digits), batch norm's algorithm (ui.learn_viz)
    learn_viz.train_extras(run, data, [config_from(run["key"][1], o) for o in run["key"][2]], P)


def show_comparison(run: dict) -> None:
    """Note 004's table (speed of convergence, final quality) and what it ranks, computed from the run."""
    hs = run["histories"]
    if len(hs) < 2:
        return
    target = notes_comparison.TARGET_ACCURACY
    rows = notes_comparison.comparison(hs, target)
    st.subheader(t("learn.train_more.compare_title"))
    col = {k: t(f"learn.train_more.col.{k}", target=f"{target:.0%}")
           for k in ("optimizer", "reached", "speed", "val_acc", "val_loss", "quality")}
    never = t("learn.train_more.never")
    st.dataframe(pd.DataFrame([{
        col["optimizer"]: r.label,
        col["reached"]: never if r.reached is None else str(r.reached),
        col["speed"]: "★" * r.speed_stars,
        col["val_acc"]: f"{r.val_acc:.1%}",
        col["val_loss"]: f"{r.val_loss:.3f}",
        col["quality"]: "★" * r.quality_stars,
    } for r in rows]), hide_index=True, width="stretch")
    st.caption(t("learn.train_more.compare_rules", target=f"{target:.0%}", factor=f"{notes_comparison.FAST_FACTOR:g}",
                 close=f"{notes_comparison.CLOSE_POINTS * 100:g}", far=f"{notes_comparison.FAR_POINTS * 100:g}"))
    st.markdown(ranking_text(notes_comparison.ranking(rows), target, run["epoch"]))


def show_averaging(run: dict, data: datasets.Dataset) -> None:
    """Note 001's two cheap gains, computed from the run: an ensemble of its networks (their averaged
    probabilities) and a running average of each network's parameters."""
    hs, models = run["histories"], run["models"]
    ok = [i for i, h in enumerate(hs) if h["diverged_at"] is None]
    averaged = [i for i in ok if hs[i].get("ema_val_acc")]
    if len(ok) < 2 and not averaged:
        return
    st.subheader(t("learn.train_more.avg_title"))
    if len(ok) >= 2:
        cached = run.get("ensemble")
        if cached is None or cached["epoch"] != run["epoch"]:  # kept with the run: it never changes once shown
            loss, acc = training.ensemble_scores(data, [models[i] for i in ok])
            cached = run["ensemble"] = {"epoch": run["epoch"], "loss": loss, "acc": acc}
        accs = [hs[i]["val_acc"][-1] for i in ok]
        mean, best = sum(accs) / len(accs), max(accs)
        mean_loss = sum(hs[i]["val_loss"][-1] for i in ok) / len(ok)
        st.markdown(t("learn.train_more.ensemble", k=len(ok), acc=f"{cached['acc']:.1%}", loss=f"{cached['loss']:.3f}",
                      mean_loss=f"{mean_loss:.3f}",
                      mean=f"{mean:.1%}", best=f"{best:.1%}", gain_mean=f"{(cached['acc'] - mean) * 100:+.1f}",
                      gain_best=f"{(cached['acc'] - best) * 100:+.1f}"))
    if averaged:
        col = {k: t(f"learn.train_more.col.{k}") for k in ("run", "raw_acc", "ema_acc", "ema_gain", "ema_loss_gain")}
        st.dataframe(pd.DataFrame([{
            col["run"]: hs[i]["label"],
            col["raw_acc"]: f"{hs[i]['val_acc'][-1]:.1%}",
            col["ema_acc"]: f"{hs[i]['ema_val_acc'][-1]:.1%}",
            col["ema_gain"]: f"{(hs[i]['ema_val_acc'][-1] - hs[i]['val_acc'][-1]) * 100:+.1f}",
            col["ema_loss_gain"]: f"{hs[i]['ema_val_loss'][-1] - hs[i]['val_loss'][-1]:+.4f}",
        } for i in averaged]), hide_index=True, width="stretch")
    st.caption(t("learn.train_more.avg_caption"))


def ranking_text(rank: notes_comparison.Ranking, target: float, epochs: int) -> str:
    """The comparison's ranking as sentences (every name and number from the run)."""
    join = t("learn.train_more.and")
    parts = []
    if rank.fastest_epoch is not None:
        parts.append(t("learn.train_more.rank.fastest", names=join.join(rank.fastest), epoch=rank.fastest_epoch,
                       target=f"{target:.0%}"))
    if rank.never:
        parts.append(t("learn.train_more.rank.never", names=join.join(rank.never), epochs=epochs,
                       target=f"{target:.0%}"))
    parts.append(t("learn.train_more.rank.best", names=join.join(rank.best), acc=f"{rank.best_acc:.1%}",
                   worst=rank.worst, worst_acc=f"{rank.worst_acc:.1%}"))
    # (the English sentences end with their space; Chinese ones need none)
    return "".join(parts).strip()


def start_note_004() -> None:
    """The lesson button: note 004's eight runs on the digits, at Keras' settings, trained at once."""
    seen: dict[str, int] = {}
    slots = []
    for _, name, hp in notes_comparison.note_004_runs():
        seen[name] = seen.get(name, 0) + 1
        slot = name if seen[name] == 1 else f"{name}-{seen[name]}"
        slots.append(slot)
        for k, v in hp.items():
            if k not in CLIP_PARAMS:
                st.session_state[f"{P}.{slot}.{k}"] = v
    st.session_state.update({
        f"{P}.optimizers": slots, f"{P}.defaults": "keras", f"{P}.data": "digits", f"{P}.data_seed": 0,
        f"{P}.hidden": ", ".join(str(u) for u in notes_comparison.NOTE_004_HIDDEN), f"{P}.activation": "relu",
        f"{P}.init": "he", f"{P}.bn": False, f"{P}.dropout": 0.0, f"{P}.l2": 0.0,
        f"{P}.batch": notes_comparison.NOTE_004_BATCH, f"{P}.epochs": notes_comparison.NOTE_004_EPOCHS,
        f"{P}.clip": 0.0, f"{P}.seed": 0, f"{P}.schedule": "constant", f"{P}.seed_per_run": False, f"{P}.ema": 0.0,
    })
    st.session_state[f"{P}._lesson"] = True  # this rerun trains, as a press of Train would


def lesson_button() -> None:
    st.button(t("learn.train_more.lesson_004"), key=f"{P}.lesson_004", on_click=start_note_004,
              icon=":material/school:",
              help=t("learn.train_more.lesson_004_help", n=len(notes_comparison.NOTE_004),
                     hidden=" × ".join(str(u) for u in notes_comparison.NOTE_004_HIDDEN),
                     epochs=notes_comparison.NOTE_004_EPOCHS, batch=notes_comparison.NOTE_004_BATCH))


TEST_USES = f"{P}._test_uses"  # data settings → how often their test part was evaluated this session


def test_evaluation(run: dict, data: datasets.Dataset, data_key: tuple, fresh: bool) -> None:
    """The test part, evaluated only when asked, and what each use of it means (notes 001, 003)."""
    n = len(data.y_test)
    if n == 0:
        return
    st.subheader(t("learn.train_more.test_title"))
    pressed = st.button(t("learn.train_more.test_button", n=n), key=f"{P}.evaluate_test", disabled=not fresh,
                        icon=":material/lock_open:")
    uses = st.session_state.setdefault(TEST_USES, {})
    if pressed and fresh:
        run["test"] = {"scores": training.test_scores(data, run["models"]), "epoch": run["epoch"]}
        uses[data_key] = uses.get(data_key, 0) + 1
    result = run.get("test")
    if result is None:
        st.info(t("learn.train_more.test_unused", n=n))
        return
    st.dataframe(pd.DataFrame([{
        t("learn.train.col.optimizer"): h["label"],
        t("learn.train_more.col.test_loss"): f"{loss:.4g}",
        t("learn.train_more.col.test_acc"): f"{acc:.1%}",
        t("learn.train.col.val_acc"): f"{h['val_acc'][result['epoch']]:.1%}",
    } for h, (loss, acc) in zip(run["histories"], result["scores"])]), hide_index=True, width="stretch")
    count = uses.get(data_key, 1)
    if count <= 1:
        st.warning(t("learn.train_more.test_used_once", epoch=result["epoch"]))
    else:
        st.error(t("learn.train_more.test_used_again", uses=count, epoch=result["epoch"]))


def show_checks(rows: list[tuple]) -> None:
    st.subheader(t("learn.train.checks_title"))
    st.caption(t("learn.train.checks_intro"))
    table = []
    for name, label, check in rows:
        v = check.values
        if name == "backprop":
            detail = t("learn.check.backprop.detail", error=f"{v['error']:.1e}", limit=f"{v['limit']:g}",
                       updates=int(v["updates"]), before=f"{v['loss_before']:.3f}", after=f"{v['loss_after']:.3f}")
        elif name == "backprop_l2":
            detail = t("learn.check.backprop_l2.detail", error=f"{v['error']:.1e}", limit=f"{v['limit']:g}",
                       lam=f"{v['lambda']:g}")
        elif name == "initial_loss":
            detail = t("learn.check.initial_loss.detail", loss=f"{v['loss']:.3f}", classes=int(v["classes"]),
                       expected=f"{v['expected']:.3f}", tolerance=f"{v['tolerance']:.0%}")
        elif name == "regularization":
            detail = t("learn.check.regularization.detail", l0=f"{v['loss_0']:.4f}", l1=f"{v['loss_1']:.4f}",
                       l2=f"{v['loss_2']:.4f}", lam1=f"{v['lambda_1']:g}", lam2=f"{v['lambda_2']:g}")
        elif cut_short(check):
            detail = t("learn.check.overfit_tiny.cut_short", n=int(v["n"]), loss=f"{v['loss']:.4f}",
                       updates=int(v["updates"]), target=f"{v['target']:g}")
        else:
            detail = t("learn.check.overfit_tiny.detail", n=int(v["n"]), loss=f"{v['loss']:.4f}",
                       updates=int(v["updates"]), target=f"{v['target']:g}")
        table.append({
            t("learn.train.col.passed"): check.passed,
            t("learn.train.col.check"): t(f"learn.check.{name}") + (f" — {label}" if label else ""),
            t("learn.train.col.detail"): detail,
        })
    passed = t("learn.train.col.passed")
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch",
                 column_config={passed: st.column_config.CheckboxColumn(passed, width="small")})
    failed = [name for name, _, check in rows if not check.passed and not cut_short(check)]
    for name in dict.fromkeys(failed):
        st.warning(t(f"learn.check.{name}.hint"))
    if any(cut_short(check) for _, _, check in rows):
        st.info(t("learn.check.overfit_tiny.cut_short_hint", updates=training.TINY_MAX_UPDATES))


def cut_short(check) -> bool:
    """A tiny-subset check that its time limit stopped before it passed."""
    return check.name == "overfit_tiny" and bool(check.values.get("cut_short"))


def curves(run: dict) -> None:
    """The training curves so far, while training runs."""
    st.plotly_chart(figures.training_curves_figure(run["histories"], text=figure_text()),
                    key=f"{P}.live.{run['epoch']}")


def status(run: dict, key: tuple, just_trained: bool) -> None:
    """Where the last run stands: for other settings, done, paused by the time limit or stopped."""
    if run["key"] != key:
        st.info(t("learn.train.stale"))
    elif run["done"]:
        st.success(t("learn.train.done", epochs=run["epochs"], seconds=f"{run['seconds']:.1f}"))
    elif run.get("cut") and not just_trained:  # (just cut: ui.work has said so)
        st.warning(t("learn.train.paused", epoch=run["epoch"], epochs=run["epochs"], limit=f"{TRAIN_SECONDS:.0f}"))
    elif not run.get("cut"):
        st.warning(t("learn.train.stopped", epoch=run["epoch"], epochs=run["epochs"]))


def body(opts, data_key: tuple, network, training_settings: tuple) -> None:
    """Everything right of the sidebar: the setup, the buttons, the run, the sanity checks, the notes."""
    lesson_button()
    lesson = st.session_state.pop(f"{P}._lesson", False)
    if opts is None or network is None or training_settings is None:
        st.info(t("learn.train.fix_controls"))
        return
    try:
        data = load_data(*data_key)
        net = (*network, *training_settings)
        cfgs = [config_from(net, o, i) for i, o in enumerate(opts)]
        for c in cfgs:
            c.validate()
            c.architecture(data)
    except ValueError as err:
        st.error(t("common.invalid_input", reason=reason(err)))
        return
    key = (data_key, net, tuple(opts))
    st.caption(t("learn.train.setup", data=t(f"learn.data.{data.name}"), train=len(data.y_train),
                 val=len(data.y_val), features=data.n_features, classes=data.n_classes,
                 params=cfgs[0].architecture(data).n_parameters()))
    st.caption((t("learn.train_more.split_stratified") if data_key[-1] else t("learn.train_more.split_shuffled"))
               + (" " + t("learn.train_more.split_test", test=len(data.y_test)) if len(data.y_test) else ""))
    buttons = st.container()  # above the training, drawn after it: Continue is offered by what it left
    train_now, resume = runs.requested(key)
    if lesson:
        train_now, resume = True, None
    if train_now:
        work.run(lambda progress: runs.train(data, cfgs, key, TRAIN_SECONDS, progress, curves, resume),
                 unit=t("learn.train.unit"), lower=t("learn.train.lower"), lower_refused=t("learn.train.lower_refused"),
                 text=t("learn.train.progress", epoch=0 if resume is None else resume["epoch"], epochs=cfgs[0].epochs))
    with buttons:
        runs.buttons(key)
    run = runs.last
    if run is None or not run["histories"]:
        if not train_now:
            st.info(t("learn.train.press_train"))
    else:
        status(run, key, train_now)
        show_results(run, data if run["key"][0] == data_key else load_data(*run["key"][0]))
        test_evaluation(run, data, data_key, fresh=run["key"] == key)
    try:
        show_checks(sanity(data_key, net, tuple(opts)))
    except ValueError as err:
        st.error(t("common.invalid_input", reason=reason(err)))
    st.subheader(t("learn.train.notes_title"))
    st.markdown(t("learn.train.notes"))


page = Page(P, texts="learn.train")
runs = TrainingRun(P)
with page.controls():
    st.subheader(t("learn.train.section.optimizers"))
    chosen = optimizer_controls(page)
    st.subheader(t("learn.train.section.data"))
    data_setup = data_controls(page)
    st.subheader(t("learn.train.section.network"))
    network_setup = network_controls(page)
    st.subheader(t("learn.train.section.training"))
    training_setup = training_controls(page)
body(chosen, data_setup, network_setup, training_setup)
page.finish()
