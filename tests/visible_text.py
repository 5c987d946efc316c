"""Every string a reader sees on a page run in Streamlit's AppTest, and the English words among them.

:func:`visible_strings` walks the whole element tree (main area, sidebar, expanders, tabs, columns)
and returns what the browser would show: Markdown and captions, alert bodies, headings, widget labels,
tooltips and options, expander and tab labels, metric labels, dataframe headers and text cells, and
every text of each Plotly figure (titles, axis titles, trace names where a legend or a hover shows
them, annotations, hover templates, tick texts, slider and button labels, frames too).  ``st.code``
(a link to copy) is left out.

:func:`english_words` returns the words of a text that are English.  Not words: a formula's symbols
(inside ``$...$`` only the words of ``\\text{...}`` count), one letter with or without digits (x, W,
x1), Markdown and HTML markup, hover-template fields, inline code, dotted names (``torch.optim.SGD``,
a link key), identifiers with an underscore (``step_size``: a parameter as torch and the link name it),
the source's term glossed beside the Chinese one (动量阻尼 τ（dampening）) and a cited title
(《Why Momentum Really Works》).  The words in :data:`ALLOWED` are names and units, each group with its reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from surfaces.expression import FUNCTIONS

# Words that stay as they are in Chinese text, each for a reason a Chinese textbook would accept.
# Compared without case ("Dropout" / "dropout").
ALLOWED = frozenset(word.lower() for word in (
    # optimizers, schedules and methods by their authors' or papers' names, as the notes keep them
    "SGD", "Momentum", "Nesterov", "NAG", "AdaGrad", "RMSprop", "Adadelta", "Adam", "AdamW", "Adamax", "Nadam",
    "AMSGrad", "AdaBelief", "RAdam", "Lion", "Newton", "SGDR", "Xavier", "He", "Dropout", "Batch", "Norm",
    "Rprop", "iRprop", "ASGD", "Adafactor",
    "BFGS", "TPE",  # L-BFGS (Broyden, Fletcher, Goldfarb, Shanno); Bergstra's Tree-structured Parzen Estimator
    "Spearmint", "SMAC", "Hyperopt",  # Bayesian-optimization packages note 001 names
    # test functions and people (the standard Chinese names keep them: Rosenbrock 函数)
    "Rosenbrock", "Beale", "Himmelblau", "Rastrigin", "Ackley", "Booth", "Goldstein", "Price", "Matyas", "Lévy",
    "Styblinski", "Tang", "Wolfe", "Distill", "Hessian", "Levenberg", "Bergstra", "Bengio", "Keras", "PyTorch", "NumPy",
    "SVM", "cs231n", "Radford", "Glorot", "Optuna", "Polyak",
    "torch",  # PyTorch's module, whose conventions the app follows
    # functions and numbers as formulas and NumPy write them
    "ReLU", "sigmoid", "tanh", "softmax", "sin", "cos", "exp", "log", "ln", "sqrt", "abs", "min", "max", "sign",
    "pi", "inf", "nan", "Var", "RMS",
    # products of one-letter variables in plain-text formulas (x³ − 3xy², e^(−kt))
    "xy", "kt",
    # the learning rate's symbol as torch.optim and the notes write it; NumPy's number types
    "lr", "float64", "float32",
    # file formats and units
    "HTML", "MB", "PNG", "CSV", "CPU",
    # keys as they are printed on a keyboard (Chinese shortcut lists write them so: 按 Esc 退出)
    "Esc", "Home",
    # the functions a typed formula may call, as it must spell them (listed when one is refused)
    *FUNCTIONS,
))

# LaTeX: in a formula only the words of \text{...} are words, the rest are symbols
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
_TEXT_IN_MATH = re.compile(r"\\(?:text|textrm|mbox)\{((?:[^{}]|\{[^{}]*\})*)\}")
_HTML_TAG = re.compile(r"<[^>]*>")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_CODE_SPAN = re.compile(r"`[^`]*`")
_HOVER_FIELD = re.compile(r"%\{[^}]*\}")
# a dotted name (torch.optim.SGD, compare.o0.lr) is code: a module or a link's key
_DOTTED = re.compile(r"[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)+")
# a Markdown icon (:material/school:) and a colour directive's name (:red[...]) are not text
_DIRECTIVE = re.compile(r":material/[a-z_]+:|:[a-z]+(?=\[)")
# the source's own term beside the Chinese one, as Chinese textbooks give it: 动量阻尼 τ（dampening）,
# 合页损失，hinge loss); a cited title: 《Why Momentum Really Works》, “Gradient checks”
_GLOSS = re.compile(r"(?<=[（，])[A-Za-z0-9 _\-]{1,40}(?=）)|《[^》]*》|“[A-Za-z0-9 \-]*”")
# a code identifier: a parameter's name as torch.optim and the link write it (step_size, eta_min)
_IDENTIFIER = re.compile(r"\b[A-Za-z]\w*_\w+\b")
_WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9]*")


def plain(text: str) -> str:
    """What a reader sees of Markdown / LaTeX / hover-template ``text``, less the glosses, titles and code."""
    text = _MATH.sub(lambda m: " ".join(_TEXT_IN_MATH.findall(m[1] or m[2])).replace("\\_", "_"), text)
    text = _DIRECTIVE.sub(" ", text)
    text = _HOVER_FIELD.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _CODE_SPAN.sub(" ", text)
    text = text.replace("\\_", "_")
    text = _DOTTED.sub(" ", text)
    text = _GLOSS.sub(" ", text)
    return _IDENTIFIER.sub(" ", text)


def english_words(text: str) -> list[str]:
    """The English words in ``text`` (see the module docstring)."""
    words = []
    for word in _WORD.findall(plain(text)):
        letters = re.sub(r"[0-9]", "", word)
        if len(letters) > 1 and word.lower() not in ALLOWED:  # one letter (and digits): a variable, x1
            words.append(word)
    return words


# ------------------------------------------------------------------------------------------ collecting

_FIGURE_TEXT_KEYS = {"text", "hovertemplate", "texttemplate", "hovertext", "ticktext", "label", "prefix", "suffix",
                     "title", "customdata"}
# trace types whose legend entry is off unless asked for
_NO_LEGEND = {"heatmap", "contour", "surface", "histogram2d", "histogram2dcontour", "image", "table", "cone"}


def _trace_name_shown(trace: dict, layout: dict) -> bool:
    """Whether a trace's name reaches the reader: in the legend, or in the hover's side box."""
    legend = trace.get("showlegend", trace.get("type", "scatter") not in _NO_LEGEND) and layout.get("showlegend", True)
    template = trace.get("hovertemplate")
    info = trace.get("hoverinfo", "all")
    hover = info not in ("skip", "none") and not (isinstance(template, str) and "<extra>" in template)
    if hover and isinstance(template, str):
        hover = False  # a template without <extra> ends with the name only when it is one of many traces
    return bool(legend) or hover and ("name" in info or info == "all")


def figure_strings(spec: dict) -> Iterator[str]:
    """Every text of a Plotly figure spec a reader can see (on the chart or in a hover)."""

    def walk(value, visible: bool):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "title" and isinstance(item, dict):
                    yield from walk(item.get("text"), True)
                elif key in ("header", "cells") and isinstance(item, dict):
                    yield from walk(item.get("values"), True)
                elif key not in ("name", "bdata", "colorscale", "font", "uirevision", "meta", "legendgroup"):
                    yield from walk(item, visible or key in _FIGURE_TEXT_KEYS)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item, visible)
        elif isinstance(value, str) and visible:
            yield value

    layout = spec.get("layout") or {}
    traces = list(spec.get("data") or [])
    for frame in spec.get("frames") or []:
        traces += frame.get("data") or []
    for trace in traces:
        if isinstance(trace.get("name"), str) and _trace_name_shown(trace, layout):
            yield trace["name"]
        if isinstance(trace.get("legendgrouptitle"), dict):
            yield from walk(trace["legendgrouptitle"].get("text"), True)
        yield from walk({k: v for k, v in trace.items() if k not in ("name", "legendgrouptitle")}, False)
    yield from walk(layout, False)
    for frame in spec.get("frames") or []:
        yield from walk(frame.get("layout"), False)


def _dataframe_strings(node) -> Iterator[str]:
    frame = node.value
    config = json.loads(node.proto.columns) if node.proto.columns else {}
    for name in frame.columns:
        column = config.get(str(name)) if isinstance(config.get(str(name)), dict) else {}
        if column.get("hidden"):
            continue
        yield column.get("label") or str(name)
        yield from (v for v in frame[name] if isinstance(v, str))


_ELEMENT_TEXT_FIELDS = ("body", "label", "help", "placeholder", "delta", "caption")
# widgets whose empty placeholder makes the browser show Streamlit's own English one ("Choose options")
_DEFAULT_PLACEHOLDER = {"multiselect": "Choose options"}


def _proto_strings(message) -> Iterator[str]:
    for field, value in message.ListFields():
        if field.name in _ELEMENT_TEXT_FIELDS and isinstance(value, str):
            yield value
        elif field.name == "options":
            for option in value:
                if isinstance(option, str):
                    yield option
                else:  # a button group's option
                    yield from (getattr(option, name) for name in ("content",) if getattr(option, name, ""))


def _nodes(node) -> Iterator:
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _nodes(child)


def visible_strings(at) -> list[str]:
    """Every visible string of AppTest run ``at`` (see the module docstring)."""
    out: list[str] = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        kind = getattr(node, "type", "")
        if kind == "plotly_chart":
            out += figure_strings(json.loads(proto.spec))
        elif kind in ("dataframe", "table"):
            out += _dataframe_strings(node)
        elif kind == "code":
            continue  # a link to copy or a module path: code, not prose
        elif hasattr(proto, "expandable") and proto.HasField("expandable"):
            out.append(proto.expandable.label)
        elif hasattr(proto, "tab") and proto.HasField("tab"):
            out.append(proto.tab.label)
        elif hasattr(proto, "ListFields"):
            out += _proto_strings(proto)
            if kind in _DEFAULT_PLACEHOLDER and not proto.placeholder:
                out.append(_DEFAULT_PLACEHOLDER[kind])
    return [s for s in out if s]
