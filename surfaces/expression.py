"""Custom surfaces: turn a typed formula ``f(x, y)`` into a :class:`Surface` with exact derivatives.

``from_expression("sin(x)*cos(y) + 0.1*(x**2 + y**2)")`` returns a surface whose gradient and Hessian
come from symbolic differentiation, not finite differences.  The text comes from a student's text box,
so it is treated as hostile: nothing in it is ever passed to ``eval``, ``exec`` or ``sympify``.

How the text is handled, in order (no part of it is evaluated before steps 1-4 have passed; step 5
only does float arithmetic on numbers and whitelisted functions):

1. **Characters.**  At most :data:`MAX_CHARS` characters of printable ASCII (tabs and newlines count
   as spaces).  Non-ASCII is refused *before* parsing because Python's parser NFKC-normalizes
   identifiers: fullwidth ``ｓｉｎ`` would silently become ``sin``, while Cyrillic ``х`` would be an
   unknown name that looks exactly like ``x``.  Comments (``#``) are refused too: a ``#`` in the
   middle of a formula would silently drop the rest of it.  ``^`` is accepted as a power and becomes
   ``**`` (with ``**``'s precedence, so ``x^2 + 1`` means x squared plus one; Python's own ``^`` is
   xor, binding looser than ``+``).
2. **Parse** with :func:`ast.parse` in ``"eval"`` mode (a single expression; this builds a tree and
   evaluates nothing, not even constant sub-expressions).
3. **Shape limits**: at most :data:`MAX_NODES` expression nodes, nesting depth (of the tree and of the
   parentheses) at most :data:`MAX_DEPTH`.
4. **Whitelist**: the names ``x``, ``y``, ``pi``, ``e``; int and float literals (``|v| <=``
   :data:`MAX_LITERAL`); ``+ - * / **`` and unary ``-``/``+``; calls by bare name with one positional
   argument of the functions in :data:`FUNCTIONS` (sin cos tan exp log/ln log10 sqrt abs sinh cosh tanh
   arcsin/asin arccos/acos arctan/atan).  Every other node (attributes, subscripts, strings,
   lambdas, comprehensions, comparisons, ``and``/``or``, ``:=``, ``if``/``else``, keywords, ``*args``...)
   is refused with a message naming it and its column.
5. **Constants**: every sub-expression without ``x`` or ``y`` is evaluated in floating point (with
   :mod:`math`, after the limits above, so it is cheap) and must be a finite real number; a constant
   exponent must have magnitude at most :data:`MAX_EXPONENT`; and ``**`` may nest inside an exponent
   at most :data:`MAX_POWER_TOWER` levels deep (``e**(-x**2)`` is fine, ``x**x**x`` is not).  This is
   what keeps SymPy, which evaluates ``Integer**Integer`` exactly and eagerly, away from ``9**9**9**9``.
6. **SymPy**: the expression is built by walking the validated tree (``sympy.Add``, ``sympy.Mul``,
   ``sympy.Pow``, ``sympy.sin``...), so SymPy's parser never sees the text.  ``sympy.diff`` gives the
   gradient and Hessian; each gradient entry may have at most :data:`MAX_GRADIENT_OPS` operations
   (``sympy.count_ops``, checked before the Hessian is computed), each Hessian entry
   :data:`MAX_HESSIAN_OPS` (textbook surfaces such as Goldstein-Price, Ackley, Levy stay under 200).
   :func:`sympy.lambdify` then generates NumPy code from that SymPy tree (not from the user's text)
   and compiles it; it is the only ``exec`` involved, and it never sees user text.
7. **Time**: step 6 runs in a worker thread.  If it is still running after :data:`COMPILE_SECONDS`, an
   exception is raised inside it (``PyThreadState_SetAsyncExc``), which cancels SymPy at its next
   Python instruction, and the formula is refused.  The limits above keep ordinary formulas far below
   the deadline (well under a second); the deadline is the backstop, not the plan.  (A trace function
   checking the clock would be portable but made SymPy about 2.5 times slower.)

Evaluation runs under ``np.errstate(all="ignore")``: ``sqrt``/``log`` outside their domain give NaN or
inf (which the engine reports as divergence) without raising or printing warnings.  ``abs`` is
differentiated as ``sign`` (0 at the kink) with second derivative 0.

Results are cached by text (:func:`functools.lru_cache`, rejections included) because Streamlit
reruns the page script, and so this function, on every interaction.  SymPy is imported on first use
so ``import surfaces`` stays fast.
"""

from __future__ import annotations

import ast
import functools
import math
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from surfaces.base import Surface

MAX_CHARS = 500
MAX_NODES = 200
MAX_DEPTH = 30
MAX_LITERAL = 1e15
MAX_EXPONENT = 100
MAX_POWER_TOWER = 2
MAX_GRADIENT_OPS = 1500
MAX_HESSIAN_OPS = 6000
COMPILE_SECONDS = 3.0
DEFAULT_BOUNDS = ((-5.0, 5.0), (-5.0, 5.0))

VARIABLES = ("x", "y")
CONSTANTS = {"pi": math.pi, "e": math.e}

# name -> (sympy function name, float version for constant folding).  Every function takes one argument.
FUNCTIONS: dict[str, tuple[str, Callable[[float], float]]] = {
    "sin": ("sin", math.sin),
    "cos": ("cos", math.cos),
    "tan": ("tan", math.tan),
    "exp": ("exp", math.exp),
    "log": ("log", math.log),
    "ln": ("log", math.log),
    "log10": ("log10", math.log10),
    "sqrt": ("sqrt", math.sqrt),
    "abs": ("Abs", abs),
    "sinh": ("sinh", math.sinh),
    "cosh": ("cosh", math.cosh),
    "tanh": ("tanh", math.tanh),
    "arcsin": ("asin", math.asin),
    "asin": ("asin", math.asin),
    "arccos": ("acos", math.acos),
    "acos": ("acos", math.acos),
    "arctan": ("atan", math.atan),
    "atan": ("atan", math.atan),
}

_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_OTHER_OPS = {
    ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>", ast.BitAnd: "&",
    ast.BitOr: "|", ast.BitXor: "^", ast.Invert: "~", ast.Not: "not", ast.Eq: "==", ast.NotEq: "!=",
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Is: "is", ast.IsNot: "is not", ast.In: "in",
    ast.NotIn: "not in", ast.And: "and", ast.Or: "or",
}  # fmt: skip
# What to call a refused node in a message.
_NODE_WORDS = {
    ast.Attribute: "attribute access",
    ast.Subscript: "indexing with [...]",
    ast.Lambda: "lambda",
    ast.ListComp: "list comprehension",
    ast.SetComp: "set comprehension",
    ast.DictComp: "dict comprehension",
    ast.GeneratorExp: "generator expression",
    ast.JoinedStr: "f-string",
    ast.FormattedValue: "f-string",
    ast.NamedExpr: "assignment ':='",
    ast.IfExp: "conditional 'if ... else'",
    ast.Starred: "'*' unpacking",
    ast.List: "list",
    ast.Tuple: "tuple (a comma outside a function call)",
    ast.Set: "set",
    ast.Dict: "dict",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Slice: "slice",
}


class ExpressionError(ValueError):
    """A formula was refused; the message says what and where (``column`` is 1-based, or None)."""

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.column = column


def allowed_text() -> str:
    """One line listing what a formula may contain, for help text beside the input box."""
    functions = ", ".join(FUNCTIONS)
    return f"variables x, y; constants pi, e; numbers; + - * / ** (or ^); parentheses; functions {functions}"


def from_expression(text: str, bounds=None, start=None) -> Surface:
    """The surface ``f(x, y) = text`` with exact gradient and Hessian, or :class:`ExpressionError`.

    ``bounds`` is the view ``((xmin, xmax), (ymin, ymax))`` (default ``((-5, 5), (-5, 5))``);
    ``start`` the default starting point (default: 80% of the way from the centre towards a corner
    where f and its gradient are finite, trying nearer points if no corner works).  Minima are unknown, so
    ``minima`` is empty.
    """
    if not isinstance(text, str):
        raise ExpressionError(f"the formula must be text (got {type(text).__name__})")
    compiled = _compile_cached(text)
    if isinstance(compiled, ExpressionError):
        raise ExpressionError(str(compiled), compiled.column)
    view = _check_bounds(DEFAULT_BOUNDS if bounds is None else bounds)
    point = _default_start(compiled, view) if start is None else _check_start(start)
    return Surface(
        name="custom",
        title=f"f(x, y) = {compiled.canonical}",
        latex=compiled.latex,
        f_xy=compiled.f_xy,
        grad_xy=compiled.grad_xy,
        hessian_xy=compiled.hessian_xy,
        bounds=view,
        start=point,
        minima=(),
        log_contours=False,
        params={"expression": text},
        description=(
            f"Your formula, read as f(x, y) = {compiled.canonical}. Its gradient and Hessian are exact "
            "(symbolic differentiation); its minima are not known in advance."
        ),
    )


# ----------------------------------------------------------------------------------------------------
# Steps 1-5: text -> validated tree.  Nothing is evaluated here except float arithmetic on constants.


@dataclass(frozen=True)
class _Source:
    """The text Python parses (``^`` already ``**``) and, per character, its column in the user's text."""

    text: str
    cols: list[int]

    def fail(self, message: str, offset: int | None) -> ExpressionError:
        """ExpressionError for ``message``, with ``{at}`` (or a suffix) saying where ``offset`` is."""
        if offset is None:
            return ExpressionError(message.replace(" {at}", ""))
        column = (self.cols[offset] if 0 <= offset < len(self.cols) else len(self.cols)) + 1
        at = f"at column {column}"
        message = message.replace("{at}", at) if "{at}" in message else f"{message} {at}"
        return ExpressionError(message, column)

    def find(self, token: str, start: int, end: int, default: int) -> int:
        """Offset of ``token`` between two offsets (to point at an operator rather than its left operand)."""
        found = self.text.find(token, start, end) if token else -1
        return default if found < 0 else found


def _where(node: ast.AST, source: _Source) -> int:
    """The offset to blame for ``node``: its operator or bracket where it has one, else its start."""
    start = node.col_offset
    if isinstance(node, ast.BinOp):
        return source.find(
            _OTHER_OPS.get(type(node.op), ""), node.left.end_col_offset, node.right.col_offset, start
        )
    if isinstance(node, ast.Compare):
        token = _OTHER_OPS.get(type(node.ops[0]), "")
        return source.find(token, node.left.end_col_offset, node.comparators[0].col_offset, start)
    if isinstance(node, ast.BoolOp):
        token = _OTHER_OPS[type(node.op)]
        return source.find(token, node.values[0].end_col_offset, node.values[1].col_offset, start)
    if isinstance(node, ast.Attribute):
        return source.find(".", node.value.end_col_offset, node.end_col_offset, start)
    if isinstance(node, ast.Subscript):
        return source.find("[", node.value.end_col_offset, node.end_col_offset, start)
    return start


def _check_text(text: str) -> _Source:
    """Step 1: refuse empty, long and non-ASCII text, comments and deep parentheses; ``^`` -> ``**``."""
    if not text.strip():
        raise ExpressionError("the formula is empty; type one in x and y, for example x**2 + y**2")
    if len(text) > MAX_CHARS:
        raise ExpressionError(f"the formula is too long: {len(text)} characters (at most {MAX_CHARS})")
    out: list[str] = []
    cols: list[int] = []
    depth = 0
    for i, ch in enumerate(text):
        if ch in "\t\n\r":
            ch = " "
        if not " " <= ch <= "~":
            try:
                what = f"{ch!r} ({unicodedata.name(ch)})"
            except ValueError:
                what = f"{ch!r} (U+{ord(ch):04X})"
            lookalike = " (it may look like a plain letter or digit but is not one)" if ch.isalnum() else ""
            raise ExpressionError(
                f"character {what} at column {i + 1} is not allowed{lookalike}; type the formula with "
                "plain ASCII letters, digits and + - * / ^ ( ) , .",
                i + 1,
            )
        if ch == "#":
            raise ExpressionError(f"comments ('#') are not allowed: '#' at column {i + 1}", i + 1)
        if ch == "(":
            depth += 1
            if depth > MAX_DEPTH:
                message = (
                    f"parentheses are nested too deeply (more than {MAX_DEPTH} levels) at column {i + 1}"
                )
                raise ExpressionError(message, i + 1)
        elif ch == ")":
            depth -= 1
        out.append("**" if ch == "^" else ch)
        cols += [i, i] if ch == "^" else [i]
    return _Source("".join(out), cols)


def _parse(source: _Source) -> ast.expr:
    """Step 2: one Python expression, as a tree (``ast.parse`` evaluates nothing)."""
    try:
        return ast.parse(source.text, mode="eval").body
    except SyntaxError as exc:
        msg = "invalid syntax" if exc.msg.startswith("invalid syntax") else exc.msg
        raise source.fail(
            f"not a formula: {msg} {{at}} (write one expression in x and y, for example sin(x) + y**2)",
            (exc.offset or 1) - 1,
        ) from None
    except (ValueError, RecursionError, MemoryError, OverflowError):
        raise ExpressionError("not a formula: Python could not parse it") from None


def _check_shape(tree: ast.expr, source: _Source) -> None:
    """Step 3, iteratively (a hostile tree must not be able to exhaust the recursion limit).

    A run of the same operator, ``a + b - c + d`` or ``a * b / c``, counts as one level, as a reader
    sees it; Python's tree nests it one level per term, which would make any long sum look deep.
    """
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, ast.expr):
            count += 1
            if count > MAX_NODES:
                raise ExpressionError(
                    f"the formula is too big: more than {MAX_NODES} parts (names, numbers, operators, calls)"
                )
            if depth > MAX_DEPTH:
                raise source.fail(
                    f"the formula is nested too deeply (more than {MAX_DEPTH} levels)", node.col_offset
                )
        for child in ast.iter_child_nodes(node):
            same_run = (
                isinstance(node, ast.BinOp)
                and child is node.left
                and isinstance(child, ast.BinOp)
                and _family(child.op) == _family(node.op)
            )
            stack.append((child, depth if same_run else depth + 1))


def _family(op: ast.operator) -> str:
    if isinstance(op, (ast.Add, ast.Sub)):
        return "+"
    if isinstance(op, (ast.Mult, ast.Div)):
        return "*"
    return type(op).__name__  # '**' is right-associative: a chain of it is real nesting


def _check_node(node: ast.AST, source: _Source) -> None:
    """Step 4 for one node (its children are checked by the caller's walk)."""

    def fail(message: str) -> ExpressionError:
        return source.fail(message, _where(node, source))

    if isinstance(node, ast.Name):
        if node.id in VARIABLES or node.id in CONSTANTS:
            return
        if node.id in FUNCTIONS:
            raise fail(f"function '{node.id}' {{at}} must be called, like {node.id}(x)")
        raise fail(f"unknown name '{node.id}' {{at}}; use x, y, pi, e or a function like sin(x)")
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if not abs(value) <= MAX_LITERAL:  # int vs float compares exactly; NaN/inf fail too
                raise fail(f"number too large {{at}} (numbers may be at most {MAX_LITERAL:g} in size)")
            return
        if isinstance(value, complex):
            raise fail(f"complex number '{ast.unparse(node)}' {{at}} is not allowed (only real numbers)")
        if isinstance(value, (str, bytes)):
            raise fail(f"text {ast.unparse(node)[:20]} {{at}} is not allowed (no strings)")
        raise fail(f"'{ast.unparse(node)}' {{at}} is not allowed (only numbers, x, y, pi and e)")
    if isinstance(node, (ast.BinOp, ast.UnaryOp)):
        if type(node.op) in _BINOPS or isinstance(node.op, (ast.USub, ast.UAdd)):
            return
        op = _OTHER_OPS.get(type(node.op), type(node.op).__name__)
        raise fail(f"operator '{op}' {{at}} is not allowed (use + - * / ** or ^)")
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute):
            raise source.fail(f"attribute access '.{func.attr}' {{at}} is not allowed", _where(func, source))
        if not isinstance(func, ast.Name):
            raise fail("only functions called by name, like sin(x), are allowed; this call {at} is not")
        if func.id in VARIABLES or func.id in CONSTANTS:
            raise fail(f"'{func.id}' {{at}} is not a function; write {func.id}*(...) to multiply")
        if func.id not in FUNCTIONS:
            raise fail(f"function '{func.id}' {{at}} is not allowed; allowed: {', '.join(FUNCTIONS)}")
        if node.keywords:
            raise fail(f"function '{func.id}' {{at}} takes no keyword arguments")
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise fail(f"'*' unpacking in the call of '{func.id}' {{at}} is not allowed")
        if len(node.args) != 1:
            raise fail(f"function '{func.id}' {{at}} takes exactly one argument (got {len(node.args)})")
        return
    if isinstance(node, ast.Compare):
        raise fail(f"comparison '{_OTHER_OPS.get(type(node.ops[0]), '?')}' {{at}} is not allowed")
    if isinstance(node, ast.BoolOp):
        raise fail(f"'{_OTHER_OPS[type(node.op)]}' {{at}} is not allowed (no logic, only arithmetic)")
    if isinstance(node, ast.Attribute):
        raise fail(f"attribute access '.{node.attr}' {{at}} is not allowed")
    raise fail(f"{_NODE_WORDS.get(type(node), type(node).__name__)} {{at}} is not allowed")


def _check_whitelist(tree: ast.expr, source: _Source) -> None:
    """Step 4: every node, outermost first, must be on the whitelist."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        _check_node(node, source)
        if isinstance(node, ast.Call):
            stack.extend(reversed(node.args))  # node.func is a whitelisted bare name
        elif isinstance(node, ast.BinOp):
            stack.extend((node.right, node.left))
        elif isinstance(node, ast.UnaryOp):
            stack.append(node.operand)


def _check_constants(node: ast.expr, source: _Source) -> tuple[float | None, int]:
    """Step 5: (float value if the sub-tree is constant else None, power-tower height of the sub-tree).

    Recursion is safe here: step 3 bounds the tree to MAX_NODES nodes.
    """
    if isinstance(node, ast.Name):
        return CONSTANTS.get(node.id), 0
    if isinstance(node, ast.Constant):
        return float(node.value), 0
    if isinstance(node, ast.UnaryOp):
        value, height = _check_constants(node.operand, source)
        if value is not None and isinstance(node.op, ast.USub):
            value = -value
        return value, height
    if isinstance(node, ast.Call):
        arg, height = _check_constants(node.args[0], source)
        if arg is None:
            return None, height
        return _finite(node, lambda: FUNCTIONS[node.func.id][1](arg), source), height
    assert isinstance(node, ast.BinOp)
    left, left_height = _check_constants(node.left, source)
    right, right_height = _check_constants(node.right, source)
    height = max(left_height, right_height)
    if isinstance(node.op, ast.Pow):
        height = max(left_height, 1 + right_height)
        if height > MAX_POWER_TOWER:
            raise source.fail(
                f"'**' chains are limited to {MAX_POWER_TOWER} levels, like e**(-x**2); "
                "the one {at} has more",
                node.col_offset,
            )
        if right is not None and abs(right) > MAX_EXPONENT:
            raise source.fail(
                f"exponent {right:g} {{at}} is too large "
                f"(a constant exponent must be within +-{MAX_EXPONENT})",
                node.right.col_offset,
            )
    if left is None or right is None:
        return None, height
    compute = {
        ast.Add: lambda: left + right,
        ast.Sub: lambda: left - right,
        ast.Mult: lambda: left * right,
        ast.Div: lambda: left / right,
        ast.Pow: lambda: math.pow(left, right),  # unlike **, raises instead of going complex
    }[type(node.op)]
    return _finite(node, compute, source), height


def _finite(node: ast.expr, compute: Callable[[], float], source: _Source) -> float:
    """The value of constant ``node``, or ExpressionError if it is not a finite real number."""
    try:
        value = compute()
    except (ArithmeticError, ValueError):
        value = math.nan
    if not (isinstance(value, float) and math.isfinite(value)):
        message = f"the constant '{ast.unparse(node)}' {{at}} is not a finite real number"
        raise source.fail(message, node.col_offset)
    return value


def _check(text: str) -> ast.expr:
    """Steps 1-5: the validated tree of ``text``, or ExpressionError."""
    source = _check_text(text)
    tree = _parse(source)
    _check_shape(tree, source)
    _check_whitelist(tree, source)
    _check_constants(tree, source)
    return tree


# ----------------------------------------------------------------------------------------------------
# Steps 6-7: validated tree -> SymPy -> derivatives -> NumPy functions, under a deadline.


@dataclass(frozen=True)
class _Compiled:
    canonical: str
    latex: str
    f_xy: Callable
    grad_xy: Callable
    hessian_xy: Callable


class _Deadline(BaseException):
    """Raised inside the worker when time is up (a BaseException: SymPy's `except Exception` won't eat it)."""


def _to_sympy(node: ast.expr, sp: Any, symbols: dict[str, Any]):
    """The SymPy expression for a validated tree, built node by node (no parser involved)."""
    if isinstance(node, ast.Name):
        if node.id in symbols:
            return symbols[node.id]
        return sp.pi if node.id == "pi" else sp.E
    if isinstance(node, ast.Constant):
        value = node.value
        return sp.Integer(value) if isinstance(value, int) else sp.Float(value)
    if isinstance(node, ast.UnaryOp):
        operand = _to_sympy(node.operand, sp, symbols)
        return sp.Mul(sp.Integer(-1), operand) if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Call):
        name = FUNCTIONS[node.func.id][0]
        arg = _to_sympy(node.args[0], sp, symbols)
        if name == "log10":
            return sp.log(arg, 10)
        return getattr(sp, name)(arg)
    left = _to_sympy(node.left, sp, symbols)
    right = _to_sympy(node.right, sp, symbols)
    if isinstance(node.op, ast.Add):
        return sp.Add(left, right)
    if isinstance(node.op, ast.Sub):
        return sp.Add(left, sp.Mul(sp.Integer(-1), right))
    if isinstance(node.op, ast.Mult):
        return sp.Mul(left, right)
    if isinstance(node.op, ast.Div):
        return sp.Mul(left, sp.Pow(right, sp.Integer(-1)))
    return sp.Pow(left, right)


def _real(value) -> np.ndarray:
    """``value`` as floats; a complex value (none expected: see _build) becomes NaN unless it is real."""
    value = np.asarray(value)
    if np.iscomplexobj(value):
        return np.where(value.imag == 0, value.real, np.nan)
    return value.astype(float, copy=False)


def _vectorize_group(fn: Callable) -> Callable:
    """Wrap a lambdified list-valued function: errors silenced, every value an array of the input shape."""

    def call(x, y):
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        with np.errstate(all="ignore"):
            values = fn(x, y)
        shape = np.broadcast_shapes(x.shape, y.shape)
        return [np.array(np.broadcast_to(_real(v), shape)) for v in values]

    return call


def _build(tree: ast.expr) -> _Compiled:
    import sympy as sp

    x, y = sp.symbols("x y", real=True)
    expr = _to_sympy(tree, sp, {"x": x, "y": y})
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise ExpressionError("the formula is undefined everywhere (a division by zero?)")
    gx, gy = sp.diff(expr, x), sp.diff(expr, y)
    _check_size(sp, (gx, gy), "gradient", MAX_GRADIENT_OPS)
    # d|u|/du = sign(u); its derivative 2*DiracDelta(u) is 0 except at the kink, where 0 is reported too
    # (a NaN there would look like divergence, and NumPy has no DiracDelta).
    gx, gy = (g.replace(sp.DiracDelta, lambda *args: sp.Integer(0)) for g in (gx, gy))
    hessian = [sp.diff(gx, x), sp.diff(gx, y), sp.diff(gy, y)]
    _check_size(sp, hessian, "Hessian", MAX_HESSIAN_OPS)
    hessian = [h.replace(sp.DiracDelta, lambda *args: sp.Integer(0)) for h in hessian]
    parts = [expr, gx, gy, *hessian]
    if any(part.has(sp.I) for part in parts):  # e.g. (-2)**x, whose derivative has log(-2) = log(2) + i*pi
        raise ExpressionError(
            "the formula or its derivatives are not real numbers "
            "(a negative number to a power with x or y in it?)"
        )
    # cse=True shares repeated sub-expressions (product and chain rules repeat a lot): faster to
    # generate and to evaluate.  Each group is one generated function.
    f_group = _vectorize_group(sp.lambdify((x, y), [parts[0]], modules="numpy", cse=True))
    grad_group = _vectorize_group(sp.lambdify((x, y), parts[1:3], modules="numpy", cse=True))
    hess_group = _vectorize_group(sp.lambdify((x, y), parts[3:], modules="numpy", cse=True))

    def f_xy(x, y):
        return f_group(x, y)[0]

    def grad_xy(x, y):
        return tuple(grad_group(x, y))

    def hessian_xy(x, y):
        return tuple(hess_group(x, y))

    probe = np.array([0.0, 0.5, -1.25])
    try:
        f_xy(probe, probe)
        grad_xy(probe, probe)
        hessian_xy(probe, probe)
    except Exception as exc:  # generated code using something NumPy lacks: refuse rather than fail later
        raise ExpressionError(f"the formula cannot be evaluated with NumPy ({type(exc).__name__})") from None
    return _Compiled(_canonical(sp, expr), sp.latex(expr), f_xy, grad_xy, hessian_xy)


def _check_size(sp: Any, parts, what: str, limit: int) -> None:
    for part in parts:
        if sp.count_ops(part) > limit:
            raise ExpressionError(f"the formula's {what} is too large to compute quickly; simplify it")


def _canonical(sp: Any, expr) -> str:
    """SymPy's text for ``expr`` in this module's vocabulary (``e``, ``abs``), short floats."""
    from sympy.printing.str import StrPrinter

    class Printer(StrPrinter):
        def _print_Exp1(self, expr):
            return "e"

        def _print_Abs(self, expr):
            return f"abs({self._print(expr.args[0])})"

    return Printer({"full_prec": False}).doprint(expr)


def _run_with_deadline(work: Callable[[], Any], seconds: float) -> Any:
    """Run ``work`` in a worker thread; past the deadline, cancel it by raising _Deadline inside it."""
    timeout = ExpressionError(f"the formula took too long to differentiate (over {seconds:g} s); simplify it")
    outcome: list[Any] = []
    lock = threading.Lock()

    def target():
        try:
            try:
                result: Any = work()
            except _Deadline:
                result = timeout
            except ExpressionError as exc:
                result = exc
            except RecursionError:
                result = ExpressionError("the formula is too complex to differentiate; simplify it")
            except Exception as exc:  # SymPy failing on a formula we accepted: report, don't crash the page
                result = ExpressionError(f"the formula could not be differentiated ({type(exc).__name__})")
            with lock:
                outcome.append(result)
        except _Deadline:  # the cancellation arrived just as the work finished
            pass

    worker = threading.Thread(target=target, name="from_expression", daemon=True)
    worker.start()
    worker.join(seconds)
    with lock:
        if not outcome and worker.is_alive():
            _interrupt(worker)
    worker.join(1.0)
    if not outcome:
        raise timeout
    if isinstance(outcome[0], ExpressionError):
        raise outcome[0]
    return outcome[0]


def _interrupt(worker: threading.Thread) -> None:
    """Raise _Deadline in ``worker`` at its next Python instruction (CPython; costs nothing until used).

    A trace function checking the clock on every call would do the same portably, but it made SymPy
    about 2.5 times slower.  Where this is unavailable the worker is abandoned (it is a daemon thread).
    """
    try:
        import ctypes

        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident), ctypes.py_object(_Deadline))
    except (ImportError, AttributeError):
        pass


@functools.lru_cache(maxsize=128)
def _compile_cached(text: str) -> _Compiled | ExpressionError:
    """Parse, check and compile ``text``; a rejection is returned (so it is cached too), not raised."""
    try:
        tree = _check(text)
        import sympy  # noqa: F401  (here, not in the worker: a slow first import is no formula's fault)

        return _run_with_deadline(lambda: _build(tree), COMPILE_SECONDS)
    except ExpressionError as exc:
        return exc


# ----------------------------------------------------------------------------------------------------
# View and start point.


def _number(value: Any, what: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ExpressionError(f"{what} must be a number (got {value!r})")
    value = float(value)
    if not math.isfinite(value):
        raise ExpressionError(f"{what} must be finite (got {value!r})")
    return value


def _check_bounds(bounds) -> tuple[tuple[float, float], tuple[float, float]]:
    try:
        (xmin, xmax), (ymin, ymax) = bounds
    except (TypeError, ValueError):
        raise ExpressionError(f"bounds must be ((xmin, xmax), (ymin, ymax)) (got {bounds!r})") from None
    xmin, xmax = _number(xmin, "xmin"), _number(xmax, "xmax")
    ymin, ymax = _number(ymin, "ymin"), _number(ymax, "ymax")
    if not xmin < xmax:
        raise ExpressionError(f"bounds need xmin < xmax (got {xmin:g}, {xmax:g})")
    if not ymin < ymax:
        raise ExpressionError(f"bounds need ymin < ymax (got {ymin:g}, {ymax:g})")
    return (xmin, xmax), (ymin, ymax)


def _check_start(start) -> tuple[float, float]:
    try:
        sx, sy = start
    except (TypeError, ValueError):
        raise ExpressionError(f"start must be a point (x, y) (got {start!r})") from None
    return _number(sx, "start x"), _number(sy, "start y")


def _default_start(compiled: _Compiled, bounds) -> tuple[float, float]:
    """80% of the way from the centre to the top-left corner, or the first other corner, then nearer
    ones (50%, 20%, 10%), where f and its gradient are finite; the first candidate if none is."""
    (xmin, xmax), (ymin, ymax) = bounds
    cx, cy, hx, hy = (xmin + xmax) / 2, (ymin + ymax) / 2, (xmax - xmin) / 2, (ymax - ymin) / 2
    corners = ((-1, 1), (1, 1), (1, -1), (-1, -1))
    xs, ys = np.array(
        [[cx + r * sx * hx, cy + r * sy * hy] for r in (0.8, 0.5, 0.2, 0.1) for sx, sy in corners]
    ).T
    gx, gy = compiled.grad_xy(xs, ys)
    ok = np.isfinite(compiled.f_xy(xs, ys)) & np.isfinite(gx) & np.isfinite(gy)
    i = int(np.argmax(ok))  # the first finite candidate, or 0 when there is none
    return float(xs[i]), float(ys[i])
