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
6. **SymPy**, in a worker process (:mod:`surfaces.symbolic`, run by :mod:`surfaces.compile_worker`):
   the expression is built by walking the validated tree (``sympy.Add``, ``sympy.Mul``,
   ``sympy.Pow``, ``sympy.sin``...), so SymPy's parser never sees the text.  Before SymPy folds an
   exact power (``3**(0*x + 30000000)`` becomes a number once ``0*x`` is 0), its size is estimated
   and a result over :data:`surfaces.symbolic.MAX_FOLDED_BITS` bits is refused.  ``sympy.diff``
   gives the gradient and Hessian; each gradient entry may have at most :data:`MAX_GRADIENT_OPS`
   operations (``sympy.count_ops``), each Hessian entry :data:`MAX_HESSIAN_OPS`, measured one entry
   at a time (textbook surfaces such as Goldstein-Price, Ackley, Levy stay under 200).
   :func:`sympy.lambdify` then writes NumPy source code from that SymPy tree (not from the user's
   text), and the worker sends it back.
7. **Limits on the worker**: :data:`COMPILE_SECONDS` of CPU time per formula (the kernel ends the
   worker past it, even inside one long C call) and 1 GiB of memory.  The server waits on a pipe,
   which lets every other session run meanwhile; a worker that was ended is replaced.
8. **Back in the server**: the generated source is checked node by node (one function of x and y,
   arithmetic, calls of whitelisted NumPy functions by name, numbers) and only then compiled.

Evaluation runs under ``np.errstate(all="ignore")``: ``sqrt``/``log`` outside their domain give NaN or
inf (which the engine reports as divergence) without raising or printing warnings.  ``abs`` is
differentiated as ``sign`` (0 at the kink) with second derivative 0.

Results are cached by text because Streamlit reruns the page script, and so this function, on every
interaction.  Only definite answers are cached: a surface, or a refusal that is the formula's own
(CPU time is, wall time is not); "the server is busy" may be retried a moment later.
"""

from __future__ import annotations

import ast
import math
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

import refusal
from surfaces.base import Surface
from surfaces.compile_worker import CompilePool, Refusal

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


class ExpressionError(refusal.Refusal):
    """A formula was refused; the message says what and where (``column`` is 1-based, or None), and
    ``kind`` / ``fields`` say it for a page in another language (``refusal.Refusal``)."""

    def __init__(self, message: str, column: int | None = None, kind: str = "formula", **fields):
        super().__init__(kind, message, **({"column": column} if column is not None else {}), **fields)
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
    ``minima`` is empty; ``quadratic`` (degree ≤ 2 in x and y) is decided symbolically by the worker
    (:func:`surfaces.symbolic.is_quadratic`).
    """
    if not isinstance(text, str):
        raise ExpressionError(f"the formula must be text (got {type(text).__name__})", kind="formula")
    compiled = _compile_cached(text)
    if isinstance(compiled, ExpressionError):
        raise ExpressionError(str(compiled), compiled.column, compiled.kind,
                              **{k: v for k, v in compiled.fields.items() if k != "column"})
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
        quadratic=compiled.quadratic,
        description=(
            f"Your formula, read as f(x, y) = {compiled.canonical}. Its gradient and Hessian are exact "
            "(symbolic differentiation); its minima are not known in advance."
        ),
    )


# ----------------------------------------------------------------------------------------------------
# Steps 1-5: text -> validated tree.  Nothing is evaluated here except float arithmetic on constants.


@dataclass(frozen=True)
class Source:
    """The text Python parses (``^`` already ``**``) and, per character, its column in the user's text."""

    text: str
    cols: list[int]

    def fail(self, message: str, offset: int | None, kind: str = "formula", **fields) -> ExpressionError:
        """ExpressionError of ``kind`` for ``message``, with ``{at}`` (or a suffix) saying where ``offset`` is."""
        if offset is None:
            return ExpressionError(message.replace(" {at}", ""), None, kind, **fields)
        column = (self.cols[offset] if 0 <= offset < len(self.cols) else len(self.cols)) + 1
        at = f"at column {column}"
        message = message.replace("{at}", at) if "{at}" in message else f"{message} {at}"
        return ExpressionError(message, column, kind, **fields)

    def find(self, token: str, start: int, end: int, default: int) -> int:
        """Offset of ``token`` between two offsets (to point at an operator rather than its left operand)."""
        found = self.text.find(token, start, end) if token else -1
        return default if found < 0 else found


def _where(node: ast.AST, source: Source) -> int:
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


def _check_text(text: str) -> Source:
    """Step 1: refuse empty, long and non-ASCII text, comments and deep parentheses; ``^`` -> ``**``."""
    if not text.strip():
        raise ExpressionError("the formula is empty; type one in x and y, for example x**2 + y**2", kind="empty")
    if len(text) > MAX_CHARS:
        raise ExpressionError(f"the formula is too long: {len(text)} characters (at most {MAX_CHARS})",
                              kind="formula_too_long", length=len(text), max=MAX_CHARS)
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
                i + 1, "character", char=repr(ch),
            )
        if ch == "#":
            raise ExpressionError(f"comments ('#') are not allowed: '#' at column {i + 1}", i + 1, "comment")
        if ch == "(":
            depth += 1
            if depth > MAX_DEPTH:
                message = (
                    f"parentheses are nested too deeply (more than {MAX_DEPTH} levels) at column {i + 1}"
                )
                raise ExpressionError(message, i + 1, "too_deep", max=MAX_DEPTH)
        elif ch == ")":
            depth -= 1
        out.append("**" if ch == "^" else ch)
        cols += [i, i] if ch == "^" else [i]
    return Source("".join(out), cols)


def _parse(source: Source) -> ast.expr:
    """Step 2: one Python expression, as a tree (``ast.parse`` evaluates nothing)."""
    try:
        return ast.parse(source.text, mode="eval").body
    except SyntaxError as exc:
        end = len(source.text.rstrip())
        offset = (exc.offset or 0) - 1
        if offset < 0 or offset >= end or (exc.lineno or 1) > 1:
            # Python reports a formula that stops half-way (``x**``, ``sin(x) +``) at no column or at
            # the first one; the missing part is after the last character typed.
            raise source.fail(
                "not a formula: it ends too early; something is missing after the last character {at} "
                "(for example x**2, not x**)",
                max(end - 1, 0), "ends_early",
            ) from None
        msg = "invalid syntax" if exc.msg.startswith("invalid syntax") else exc.msg
        hint = "write 3*x, not 3x" if msg.startswith("invalid decimal literal") else (
            "write one expression in x and y, for example sin(x) + y**2"
        )
        kind = "syntax_multiply" if msg.startswith("invalid decimal literal") else "syntax"
        raise source.fail(f"not a formula: {msg} {{at}} ({hint})", offset, kind) from None
    except (ValueError, RecursionError, MemoryError, OverflowError):
        raise ExpressionError("not a formula: Python could not parse it", kind="unparsable") from None


def _check_shape(tree: ast.expr, source: Source) -> None:
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
                    f"the formula is too big: more than {MAX_NODES} parts (names, numbers, operators, calls)",
                    kind="too_big", max=MAX_NODES,
                )
            if depth > MAX_DEPTH:
                raise source.fail(
                    f"the formula is nested too deeply (more than {MAX_DEPTH} levels)", node.col_offset,
                    "too_deep", max=MAX_DEPTH,
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


def _check_node(node: ast.AST, source: Source) -> None:
    """Step 4 for one node (its children are checked by the caller's walk)."""

    def fail(message: str, kind: str, **fields) -> ExpressionError:
        return source.fail(message, _where(node, source), kind, **fields)

    if isinstance(node, ast.Name):
        if node.id in VARIABLES or node.id in CONSTANTS:
            return
        if node.id in FUNCTIONS:
            raise fail(f"function '{node.id}' {{at}} must be called, like {node.id}(x)", "must_call", name=node.id)
        raise fail(f"unknown name '{node.id}' {{at}}; use x, y, pi, e or a function like sin(x)", "unknown_name",
                   name=node.id)
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if not abs(value) <= MAX_LITERAL:  # int vs float compares exactly; NaN/inf fail too
                raise fail(f"number too large {{at}} (numbers may be at most {MAX_LITERAL:g} in size)",
                           "number_too_large", max=f"{MAX_LITERAL:g}")
            return
        if isinstance(value, complex):
            raise fail(f"complex number '{ast.unparse(node)}' {{at}} is not allowed (only real numbers)", "complex",
                       text=ast.unparse(node))
        if isinstance(value, (str, bytes)):
            raise fail(f"text {ast.unparse(node)[:20]} {{at}} is not allowed (no strings)", "string")
        raise fail(f"'{ast.unparse(node)}' {{at}} is not allowed (only numbers, x, y, pi and e)", "constant",
                   text=ast.unparse(node)[:20])
    if isinstance(node, (ast.BinOp, ast.UnaryOp)):
        if type(node.op) in _BINOPS or isinstance(node.op, (ast.USub, ast.UAdd)):
            return
        op = _OTHER_OPS.get(type(node.op), type(node.op).__name__)
        raise fail(f"operator '{op}' {{at}} is not allowed (use + - * / ** or ^)", "operator", op=op)
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute):
            raise source.fail(f"attribute access '.{func.attr}' {{at}} is not allowed", _where(func, source),
                              "attribute", name=func.attr)
        if not isinstance(func, ast.Name):
            raise fail("only functions called by name, like sin(x), are allowed; this call {at} is not", "call")
        if func.id in VARIABLES or func.id in CONSTANTS:
            raise fail(f"'{func.id}' {{at}} is not a function; write {func.id}*(...) to multiply", "not_function",
                       name=func.id)
        if func.id not in FUNCTIONS:
            raise fail(f"function '{func.id}' {{at}} is not allowed; allowed: {', '.join(FUNCTIONS)}", "function",
                       name=func.id, allowed=", ".join(FUNCTIONS))
        if node.keywords:
            raise fail(f"function '{func.id}' {{at}} takes no keyword arguments", "keywords", name=func.id)
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise fail(f"'*' unpacking in the call of '{func.id}' {{at}} is not allowed", "unpacking", name=func.id)
        if len(node.args) != 1:
            raise fail(f"function '{func.id}' {{at}} takes exactly one argument (got {len(node.args)})", "arguments",
                       name=func.id, got=len(node.args))
        return
    if isinstance(node, ast.Compare):
        op = _OTHER_OPS.get(type(node.ops[0]), "?")
        raise fail(f"comparison '{op}' {{at}} is not allowed", "comparison", op=op)
    if isinstance(node, ast.BoolOp):
        raise fail(f"'{_OTHER_OPS[type(node.op)]}' {{at}} is not allowed (no logic, only arithmetic)", "logic",
                   op=_OTHER_OPS[type(node.op)])
    if isinstance(node, ast.Attribute):
        raise fail(f"attribute access '.{node.attr}' {{at}} is not allowed", "attribute", name=node.attr)
    raise fail(f"{_NODE_WORDS.get(type(node), type(node).__name__)} {{at}} is not allowed", "construct")


def _check_whitelist(tree: ast.expr, source: Source) -> None:
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


def _check_constants(node: ast.expr, source: Source) -> tuple[float | None, int]:
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
                node.col_offset, "power_tower", max=MAX_POWER_TOWER,
            )
        if right is not None and abs(right) > MAX_EXPONENT:
            raise source.fail(
                f"exponent {right:g} {{at}} is too large "
                f"(a constant exponent must be within +-{MAX_EXPONENT})",
                node.right.col_offset, "exponent", value=f"{right:g}", max=MAX_EXPONENT,
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


def _finite(node: ast.expr, compute: Callable[[], float], source: Source) -> float:
    """The value of constant ``node``, or ExpressionError if it is not a finite real number."""
    try:
        value = compute()
    except (ArithmeticError, ValueError):
        value = math.nan
    if not (isinstance(value, float) and math.isfinite(value)):
        message = f"the constant '{ast.unparse(node)}' {{at}} is not a finite real number"
        raise source.fail(message, node.col_offset, "not_finite_constant", text=ast.unparse(node)[:40])
    return value


def check(text: str) -> tuple[ast.expr, Source]:
    """Steps 1-5: the validated tree of ``text`` and its source (for columns), or ExpressionError."""
    source = _check_text(text)
    tree = _parse(source)
    _check_shape(tree, source)
    _check_whitelist(tree, source)
    _check_constants(tree, source)
    return tree, source


# ----------------------------------------------------------------------------------------------------
# Steps 6-7: the symbolic work, in a worker process (surfaces.symbolic, surfaces.compile_worker), and
# the NumPy functions built here from the source code it returns.


@dataclass(frozen=True)
class _Compiled:
    canonical: str
    latex: str
    f_xy: Callable
    grad_xy: Callable
    hessian_xy: Callable
    quadratic: bool = False  # a polynomial of degree ≤ 2 in x, y (decided by SymPy in the worker)


# What the code SymPy generates for NumPy may call: the whitelisted functions, their derivatives'
# functions, and the constants.  Anything else in the generated code refuses the formula.
_NUMPY_NAMES: dict[str, Any] = {
    name: getattr(np, name)
    for name in (
        "sin", "cos", "tan", "exp", "log", "log10", "sqrt", "sinh", "cosh", "tanh", "arcsin", "arccos",
        "arctan", "sign", "pi", "e",
    )
}  # fmt: skip
_NUMPY_NAMES.update(abs=np.abs, E=np.e)
_GENERATED_NODES = (
    ast.Module, ast.FunctionDef, ast.arguments, ast.arg, ast.Assign, ast.Return, ast.List, ast.Name,
    ast.Load, ast.Store, ast.BinOp, ast.UnaryOp, ast.Call, ast.Constant, ast.Add, ast.Sub, ast.Mult,
    ast.Div, ast.Pow, ast.USub, ast.UAdd,
)  # fmt: skip


def _not_numpy(why: str) -> ExpressionError:
    return ExpressionError(f"the formula cannot be evaluated with NumPy ({why})")


def _load_generated(code: str) -> Callable:
    """The function defined by SymPy-generated ``code``, after checking it uses only arithmetic and NumPy.

    The code never contains the user's text (SymPy prints it from its own tree), but it crossed a
    process boundary, so it is checked node by node before it is compiled.
    """
    try:
        module = ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        raise _not_numpy("unreadable code") from None
    if len(module.body) != 1 or not isinstance(module.body[0], ast.FunctionDef):
        raise _not_numpy("unexpected code")
    function = module.body[0]
    if function.decorator_list or function.returns:
        raise _not_numpy("unexpected code")
    local = {a.arg for a in function.args.args}
    for node in ast.walk(module):
        if not isinstance(node, _GENERATED_NODES) or (isinstance(node, ast.FunctionDef) and node is not function):
            raise _not_numpy(type(node).__name__)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            local.add(node.id)
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise _not_numpy("a constant that is not a number")
        if isinstance(node, ast.Call) and not isinstance(node.func, ast.Name):
            raise _not_numpy("an indirect call")
    for node in ast.walk(module):
        if isinstance(node, ast.Name) and node.id not in local and node.id not in _NUMPY_NAMES:
            raise _not_numpy(f"it needs '{node.id}'")
    namespace: dict[str, Any] = {"__builtins__": {}, **_NUMPY_NAMES}
    try:
        exec(compile(module, "<formula>", "exec"), namespace)  # checked above: arithmetic on NumPy only
    except (ValueError, MemoryError, RecursionError, SyntaxError):  # e.g. an integer literal too long
        raise _not_numpy("a number too large") from None
    return namespace[function.name]


def _real(value) -> np.ndarray:
    """``value`` as floats; a complex value (none expected: see surfaces.symbolic) becomes NaN unless real."""
    value = np.asarray(value)
    if np.iscomplexobj(value):
        return np.where(value.imag == 0, value.real, np.nan)
    return value.astype(float, copy=False)


def _vectorize_group(fn: Callable) -> Callable:
    """Wrap a generated list-valued function: errors silenced, every value an array of the input shape."""

    def call(x, y):
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        with np.errstate(all="ignore"):
            values = fn(x, y)
        shape = np.broadcast_shapes(x.shape, y.shape)
        return [np.array(np.broadcast_to(_real(v), shape)) for v in values]

    return call


def _assemble(answer: dict) -> _Compiled:
    """NumPy functions from the worker's answer, probed at a few points."""
    f_group, grad_group, hess_group = (_vectorize_group(_load_generated(code)) for code in answer["sources"])

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
        raise _not_numpy(type(exc).__name__) from None
    return _Compiled(str(answer["canonical"]), str(answer["latex"]), f_xy, grad_xy, hessian_xy,
                     answer.get("quadratic") is True)


class _TextCache:
    """Compiled formulas and definite refusals by text, least recently used dropped first.

    Only definite answers are kept: a surface, or a refusal that is the formula's own (a parse
    error, too large, over its CPU time).  A refusal because the server was busy is not: the same
    formula may be tried again a moment later.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, _Compiled | ExpressionError] = OrderedDict()
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, text: str) -> _Compiled | ExpressionError | None:
        with self.lock:
            found = self.entries.get(text)
            if found is None:
                self.misses += 1
            else:
                self.hits += 1
                self.entries.move_to_end(text)
            return found

    def put(self, text: str, value: _Compiled | ExpressionError) -> None:
        with self.lock:
            self.entries[text] = value
            self.entries.move_to_end(text)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.hits = self.misses = 0


_CACHE = _TextCache(128)
_POOL = CompilePool()


def _compile_cached(text: str) -> _Compiled | ExpressionError:
    """Check and compile ``text``; a refusal is returned (and remembered when definite), not raised."""
    found = _CACHE.get(text)
    if found is not None:
        return found
    try:
        check(text)  # steps 1-5 here too: most refusals need no worker
        answer = _POOL.compile(text, COMPILE_SECONDS)
        if isinstance(answer, Refusal):
            refusal = ExpressionError(answer.message, answer.column, answer.kind, **answer.fields)
            if not answer.definite:
                return refusal
            result: _Compiled | ExpressionError = refusal
        else:
            result = _assemble(answer)
    except ExpressionError as exc:
        result = exc
    _CACHE.put(text, result)
    return result


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
