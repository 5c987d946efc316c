"""What the app needs to know about each optimizer, beyond its update rule: one row per optimizer.

The update rule itself — name, title, hyperparameter specs, the LaTeX the app shows (which is also
the class docstring's math, see ``optimizers.base``), the English convention note and whether it
needs the Hessian — lives on the optimizer class.  This table holds how the app *presents* it: its
place in the menus, the learning rate each page starts it at, the short symbol of each
hyperparameter in legends, the hyperparameter a sweep pairs with lr, what one training step
costs, the torch class it matches, and the catalogue key of its convention note.  Page names live
here as plain strings so the optimizer modules stay free of the app.

Every consumer reads a row with :func:`of`, which raises for an optimizer without one; nothing falls
back to a default silently.  ``tests/test_optimizer_facts.py`` checks the table against the registry
(every registered optimizer has exactly one row, every row a registered optimizer), every page's
learning rate against the optimizer's lr spec, every hyperparameter's symbol, and the convention
text in both languages.

Adding an optimizer touches:

1. its module, ``optimizers/<name>.py``: the class with ``@register``, ``specs``, ``latex``,
   ``convention`` (every module of the package is imported by ``optimizers/__init__.py``);
2. its row in :data:`ROWS` below;
3. its strings, in a catalogue module of its own ``ui/strings/opt_<name>.py`` (merged automatically):
   the Chinese text of its convention note (``compare.convention.<name>``) and the label and tooltip
   of each hyperparameter no optimizer had before (``param.opt.<name>``, or
   ``param.opt.<optimizer>.<name>`` where a shared name means something else);
4. its row in the test table: ``tests/golden/cases.py`` if torch.optim has the rule (then rerun
   the golden script), else ``NOT_IN_TORCH`` there and a reference loop in ``tests/test_optimizers.py``.

The tests name whichever of these is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

#: the pages that start an optimizer at a learning rate of their own (each page's key prefix):
#: compare — a 30-step race on the book's quadratic; basins — a 300-step map on Himmelblau;
#: noise — runs under gradient noise for several batch sizes; schedules — one run under two
#: schedules; sweep (and search) — the lr when lr is not an axis; train_network — the page's
#: default network.  "default" is the rate for the pages a row does not list.
PAGES = ("compare", "basins", "noise", "schedules", "sweep", "train_network")
DEFAULT = "default"
#: the clipping hyperparameters every optimizer shares (optimizers.base.CLIP_SPECS), shown by name
CLIP_SYMBOLS = {"clip_value": "clip_value", "clip_norm": "clip_norm"}


@dataclass(frozen=True)
class Parts:
    """An optimizer in the notes' framework (notes 000, 002): Δθ = −α·m_t/√V_t with the direction
    m_t = φ(g₁…g_t) and the scale V_t = ψ(g₁…g_t), as the choices of ``optimizers.framework``
    (``direction`` ∈ DIRECTIONS, ``scale`` ∈ SCALES, whether the moving averages are bias corrected).
    ``tests/test_framework_facts.py`` checks that Build your own with these parts *is* this optimizer
    (``framework.named_equivalent``)."""

    direction: str
    scale: str
    bias_correction: bool = False


@dataclass(frozen=True)
class Variant:
    """A Compare-menu entry built on this optimizer with some hyperparameters forced and others preset.

    Momentum is SGD with ``nesterov`` forced off and μ = 0.9; the user sees it as its own optimizer.
    """

    name: str
    title: str
    menu: int
    add: int
    lr: float  # its learning rate on the Compare page (the only page that offers variants)
    defaults: Mapping = field(default_factory=dict)  # other preset hyperparameters
    fixed: Mapping = field(default_factory=dict)  # forced and not shown
    parts: Parts | None = None  # its φ and ψ in the notes' framework (see OptimizerFacts.parts)


@dataclass(frozen=True)
class OptimizerFacts:
    """One optimizer's row.

    ``menu`` and ``add`` are positions (unique across rows and variants): the order of the Compare
    page's menu, and the order in which its "Add optimizer" button picks the next kind.
    ``demo_lr`` maps a page of :data:`PAGES` to the learning rate it starts this optimizer at, with
    one ``"default"`` for the pages not listed (torch's defaults such as SGD's 1e-3 barely move in
    a 30-step demo).  ``symbols`` gives each hyperparameter but lr its short name in legends
    (``Adam (lr=0.1, β₁=0.5)``).  ``sweep_axis`` is the hyperparameter a new sweep pairs with lr.
    ``train_step_cost`` is one optimizer step on a network: (µs per parameter array, timed on 16×16;
    ns per parameter, timed on four 512×512 arrays), rounded up, for the Train page's time estimate;
    None exactly when the class says it cannot train a network (``trains_network``: Newton needs a
    2×2 Hessian, L-BFGS a closure, Adafactor's matrix rule is not implemented).  ``torch`` is the
    ``torch.optim`` class it matches step for step, or None.  ``parts`` is its φ and ψ in the notes'
    framework Δθ = −α·m/√V (at its defaults), or None for a rule the framework does not express: then
    the catalogue's :attr:`framework_note_key` says why.  ``compare_only`` keeps it off every page but
    Compare (Build your own: its point is to name the optimizer a choice equals, which Compare does).
    """

    name: str
    menu: int
    add: int
    demo_lr: Mapping[str, float]
    symbols: Mapping[str, str]
    sweep_axis: str
    train_step_cost: tuple[int, int] | None
    torch: str | None
    variants: tuple[Variant, ...] = ()
    parts: Parts | None = None
    compare_only: bool = False

    @property
    def framework_note_key(self) -> str:
        """The catalogue key of the note saying why the framework does not express this rule."""
        return f"framework.misfit.{self.name}"

    @property
    def convention_key(self) -> str:
        """The catalogue key of the convention note the Compare page shows under the update rule."""
        return f"compare.convention.{self.name}"

    @property
    def trains_network(self) -> bool:
        return self.train_step_cost is not None

    def lr(self, page: str) -> float:
        """The learning rate ``page`` starts this optimizer at."""
        if page not in PAGES:
            raise ValueError(f"unknown page {page!r}; demo learning rates are for: {', '.join(PAGES)}")
        return self.demo_lr.get(page, self.demo_lr[DEFAULT])

    def symbol(self, hyperparameter: str) -> str:
        """The short name of a hyperparameter in legends: ``β₁`` for beta1."""
        try:
            return {**self.symbols, **CLIP_SYMBOLS}[hyperparameter]
        except KeyError:
            raise KeyError(f"optimizer {self.name!r} has no symbol for {hyperparameter!r}: add it to its row's "
                           "symbols in optimizers/facts.py") from None


_ADAM_SYMBOLS = {"beta1": "β₁", "beta2": "β₂", "eps": "ε", "weight_decay": "λ"}

ROWS: tuple[OptimizerFacts, ...] = (
    OptimizerFacts(
        "sgd", menu=1, add=1,
        demo_lr={DEFAULT: 0.1, "basins": 0.01, "noise": 0.2, "schedules": 0.5},
        symbols={"momentum": "μ", "dampening": "τ", "nesterov": "nesterov", "weight_decay": "λ"},
        sweep_axis="momentum", train_step_cost=(2, 1), torch="SGD", parts=Parts("gradient", "one"),
        variants=(
            Variant("momentum", "Momentum", menu=2, add=2, lr=0.05, defaults={"momentum": 0.9},
                    fixed={"nesterov": False}, parts=Parts("heavy_ball", "one")),
            Variant("nesterov", "Nesterov", menu=3, add=6, lr=0.05, defaults={"momentum": 0.9},
                    fixed={"nesterov": True}, parts=Parts("nesterov", "one")),
        ),
    ),
    OptimizerFacts(
        "adagrad", menu=4, add=4,
        demo_lr={DEFAULT: 0.5, "noise": 1.0, "schedules": 1.5, "sweep": 0.1, "train_network": 0.05},
        symbols={"lr_decay": "η", "weight_decay": "λ", "initial_accumulator_value": "s₀", "eps": "ε"},
        sweep_axis="eps", train_step_cost=(6, 6), torch="Adagrad",
        parts=Parts("gradient", "sum"),
    ),
    OptimizerFacts(
        "rmsprop", menu=5, add=5,
        demo_lr={DEFAULT: 0.05, "basins": 0.01, "schedules": 0.1, "sweep": 0.1, "train_network": 0.003},
        symbols={"alpha": "α", "eps": "ε", "weight_decay": "λ", "momentum": "μ", "centered": "centered"},
        sweep_axis="alpha", train_step_cost=(8, 7), torch="RMSprop",
        parts=Parts("gradient", "ema"),
    ),
    OptimizerFacts(
        "adadelta", menu=6, add=7,
        demo_lr={DEFAULT: 1.0, "sweep": 0.1},
        symbols={"rho": "ρ", "eps": "ε", "weight_decay": "λ"},
        sweep_axis="rho", train_step_cost=(14, 12), torch="Adadelta",
    ),
    OptimizerFacts(
        "adam", menu=7, add=3,
        demo_lr={DEFAULT: 0.1, "schedules": 0.3, "train_network": 0.01},
        symbols={**_ADAM_SYMBOLS, "amsgrad": "amsgrad"},
        sweep_axis="beta1", train_step_cost=(13, 10), torch="Adam",
        parts=Parts("ema", "ema", bias_correction=True),
    ),
    OptimizerFacts(
        "adamw", menu=8, add=8,
        demo_lr={DEFAULT: 0.1, "schedules": 0.3, "train_network": 0.01},
        symbols={**_ADAM_SYMBOLS, "amsgrad": "amsgrad"},
        sweep_axis="beta1", train_step_cost=(14, 9), torch="AdamW",
    ),
    OptimizerFacts(
        "adamax", menu=9, add=13,
        demo_lr={DEFAULT: 0.1, "schedules": 0.3, "train_network": 0.01},
        symbols=_ADAM_SYMBOLS,
        sweep_axis="beta1", train_step_cost=(10, 7), torch="Adamax",
        parts=Parts("ema", "max", bias_correction=True),
    ),
    OptimizerFacts(
        "nadam", menu=10, add=9,
        demo_lr={DEFAULT: 0.1, "schedules": 0.3, "train_network": 0.01},
        symbols={**_ADAM_SYMBOLS, "momentum_decay": "ψ"},
        sweep_axis="beta1", train_step_cost=(15, 15), torch="NAdam",
    ),
    OptimizerFacts(
        "radam", menu=11, add=10,
        demo_lr={DEFAULT: 0.1, "schedules": 0.3, "train_network": 0.01},
        symbols=_ADAM_SYMBOLS,
        sweep_axis="beta1", train_step_cost=(31, 8), torch="RAdam",
    ),
    OptimizerFacts(
        "adabelief", menu=12, add=11,
        demo_lr={DEFAULT: 0.1, "schedules": 0.3, "train_network": 0.01},
        symbols={**_ADAM_SYMBOLS, "amsgrad": "amsgrad", "rectify": "rectify"},
        sweep_axis="beta1", train_step_cost=(32, 12), torch=None,
    ),
    OptimizerFacts(
        "lion", menu=13, add=12,
        demo_lr={DEFAULT: 0.05, "basins": 0.01, "schedules": 0.1, "sweep": 0.1, "train_network": 0.001},
        symbols={"beta1": "β₁", "beta2": "β₂", "weight_decay": "λ"},
        sweep_axis="beta1", train_step_cost=(8, 11), torch=None,
    ),
    OptimizerFacts(
        "newton", menu=14, add=14,
        demo_lr={DEFAULT: 1.0, "noise": 0.5, "schedules": 0.5, "sweep": 0.1},
        symbols={"damping": "δ", "guard": "guard", "weight_decay": "λ"},
        sweep_axis="damping", train_step_cost=None, torch=None,
    ),
    OptimizerFacts(
        "rprop", menu=15, add=15,
        demo_lr={DEFAULT: 0.05},
        symbols={"eta_minus": "η⁻", "eta_plus": "η⁺", "step_size_min": "s_min", "step_size_max": "s_max"},
        sweep_axis="eta_plus", train_step_cost=(14, 14), torch="Rprop",
    ),
    OptimizerFacts(
        "asgd", menu=16, add=16,
        demo_lr={DEFAULT: 0.1, "basins": 0.01, "noise": 0.2, "schedules": 0.5, "sweep": 0.01},
        symbols={"lambd": "λ", "alpha": "α", "t0": "t₀", "weight_decay": "wd"},
        sweep_axis="lambd", train_step_cost=(63, 97), torch="ASGD",
    ),
    OptimizerFacts(
        "adafactor", menu=17, add=17,
        demo_lr={DEFAULT: 0.1, "schedules": 0.3},
        symbols={"beta2_decay": "c", "eps1": "ε₁", "eps2": "ε₂", "d": "d", "weight_decay": "λ"},
        sweep_axis="eps2", train_step_cost=None, torch="Adafactor",
    ),
    OptimizerFacts(
        "lbfgs", menu=18, add=18,
        demo_lr={DEFAULT: 1.0},
        symbols={"max_iter": "max_iter", "max_eval": "max_eval", "tolerance_grad": "tol_grad",
                 "tolerance_change": "tol_change", "history_size": "m", "line_search_fn": "line_search"},
        sweep_axis="tolerance_grad", train_step_cost=None, torch="LBFGS",
    ),
    OptimizerFacts(
        "framework", menu=19, add=19,
        demo_lr={DEFAULT: 0.1},
        symbols={"direction": "φ", "momentum": "μ", "beta1": "β₁", "scale": "ψ", "beta2": "β₂",
                 "bias_correction": "bias_correction", "eps_place": "eps_place", "eps": "ε", "weight_decay": "λ"},
        sweep_axis="beta1", train_step_cost=None, torch=None, compare_only=True,
    ),
)


def _index(rows: tuple[OptimizerFacts, ...]) -> dict[str, OptimizerFacts]:
    by_name: dict[str, OptimizerFacts] = {}
    for row in rows:
        if row.name in by_name:
            raise ValueError(f"optimizers/facts.py has two rows for {row.name!r}")
        if DEFAULT not in row.demo_lr:
            raise ValueError(f"the row of {row.name!r} has no {DEFAULT!r} demo learning rate")
        by_name[row.name] = row
    return by_name


_BY_NAME = _index(ROWS)


def menu(batch: bool = False) -> list[str]:
    """Every registered optimizer but the Compare-only ones, in menu order; ``batch=True`` keeps those
    that step a whole batch of runs at once, which the pages that run hundreds of runs (Sweep, Search,
    Basins, Noise) need: L-BFGS steps each run on its own (``evaluates``: its evaluations per step
    differ from run to run)."""
    import optimizers  # here, not at the top: optimizers/__init__ imports this module's package

    names = sorted((n for n in optimizers.names() if not of(n).compare_only), key=lambda n: of(n).menu)
    return [n for n in names if not (batch and optimizers.optimizer_class(n).evaluates)]


def of(name: str) -> OptimizerFacts:
    """The row of optimizer ``name``; ValueError (saying where to add it) when it has none."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(f"optimizer {name!r} has no row in optimizers/facts.py: add one (its module docstring "
                         "lists what adding an optimizer touches)") from None
