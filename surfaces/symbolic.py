"""Step 6 of a custom surface: a validated formula tree -> SymPy -> exact derivatives -> NumPy source.

This module runs only inside the compile worker (:mod:`surfaces.compile_worker`), a separate process
with CPU-time and memory limits, never in the server's own interpreter: SymPy evaluates some things
eagerly in C (an integer power is one big-integer call that holds the GIL), so the only safe place
for it is a process that can be killed.

What comes out is plain data: the canonical text, the LaTeX, the source code that
:func:`sympy.lambdify` generates for f, its gradient and its Hessian, and whether f is quadratic
(:func:`is_quadratic`: a polynomial of degree at most 2 in x and y, so its Hessian is constant).
The source is written by SymPy's printer from the SymPy tree (never from the user's text); the
server checks it again, name by name, before compiling it (:func:`surfaces.expression._load_generated`).
"""

from __future__ import annotations

import ast
import inspect
from typing import Any

import sympy as sp
from sympy.printing.str import StrPrinter

from surfaces.expression import FUNCTIONS, MAX_GRADIENT_OPS, MAX_HESSIAN_OPS, ExpressionError, Source, check

# An exact number SymPy folds (an integer power, a product of literals) may have at most this many
# bits: 2**1024 is about 1.8e308, past the largest float, so nothing larger can mean anything in
# float arithmetic, and big-integer powers past it are what take SymPy seconds to minutes.
MAX_FOLDED_BITS = 1100


def build_sources(text: str) -> dict[str, Any]:
    """Canonical text, LaTeX and generated NumPy source of f, grad f and the Hessian, or ExpressionError.

    ``text`` goes through steps 1-5 again here (cheap and deterministic), so the worker trusts nothing
    it is sent.
    """
    tree, source = check(text)
    x, y = sp.symbols("x y", real=True)
    expr = _to_sympy(tree, {"x": x, "y": y}, source)
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise ExpressionError("the formula is undefined everywhere (a division by zero?)")
    _check_folded_numbers(expr)
    gx, gy = sp.diff(expr, x), sp.diff(expr, y)
    _check_size((gx, gy), "gradient", MAX_GRADIENT_OPS)
    # d|u|/du = sign(u); its derivative 2*DiracDelta(u) is 0 except at the kink, where 0 is reported too
    # (a NaN there would look like divergence, and NumPy has no DiracDelta).
    gx, gy = (_drop_dirac(g) for g in (gx, gy))
    hessian = []
    for g, v in ((gx, x), (gx, y), (gy, y)):  # measured one entry at a time: refuse before building it all
        h = _drop_dirac(sp.diff(g, v))
        _check_size((h,), "Hessian", MAX_HESSIAN_OPS)
        hessian.append(h)
    parts = [expr, gx, gy, *hessian]
    if any(part.has(sp.I) for part in parts):  # e.g. (-2)**x, whose derivative has log(-2) = log(2) + i*pi
        raise ExpressionError(
            "the formula or its derivatives are not real numbers "
            "(a negative number to a power with x or y in it?)"
        )
    for part in parts:
        _check_folded_numbers(part)
    # cse=True shares repeated sub-expressions (product and chain rules repeat a lot): faster to
    # generate and to evaluate.  Each group is one generated function.
    sources = [
        inspect.getsource(sp.lambdify((x, y), group, modules="numpy", cse=True))
        for group in ([parts[0]], parts[1:3], parts[3:])
    ]
    return {"canonical": _canonical(expr), "latex": sp.latex(expr), "sources": sources,
            "quadratic": is_quadratic(expr, x, y)}


#: past this degree bound a polynomial is not expanded to look for cancellations (see is_quadratic)
MAX_EXPANDED_DEGREE = 40


def is_quadratic(expr, x, y) -> bool:
    """Whether ``expr`` is a polynomial in ``x``, ``y`` of total degree at most 2 (its Hessian constant).

    Decided on the SymPy tree the generated code is printed from, not on samples: ``expr`` must be a
    polynomial in x and y (no function, no division by x or y, no fractional power of them), and its
    degree is bounded from the tree (:func:`_degree_bound`: a sum takes the larger degree, a product
    the sum, ``p**n`` n times p's).  A bound of at most 2 settles it.  A larger bound may hide
    cancellations, ``(x + 1)**3 - x**3`` is quadratic, so the polynomial is expanded and its true
    degree read, when the bound is at most :data:`MAX_EXPANDED_DEGREE` (expanding ``(x + y + 1)**1000``
    would take the worker's whole time).  Beyond it the answer is "not quadratic": such a formula only
    misses the theory of quadratics, it is never given a theory that does not hold.
    """
    if not expr.is_polynomial(x, y):
        return False
    bound = _degree_bound(expr, {x, y})
    if bound <= 2:
        return True
    if bound > MAX_EXPANDED_DEGREE:
        return False
    return sp.Poly(expr, x, y).total_degree() <= 2


def _degree_bound(expr, variables: set) -> int:
    """An upper bound on the total degree of the polynomial ``expr`` in ``variables``, read off its tree."""
    if not expr.free_symbols & variables:
        return 0
    if expr.is_Symbol:
        return 1
    if expr.is_Add:
        return max(_degree_bound(arg, variables) for arg in expr.args)
    if expr.is_Mul:
        return sum(_degree_bound(arg, variables) for arg in expr.args)
    if expr.is_Pow:  # a polynomial's powers of x or y have whole exponents ≥ 0 (checked by is_polynomial)
        return int(expr.exp) * _degree_bound(expr.base, variables)
    return MAX_EXPANDED_DEGREE + 1  # anything else: not bounded here (is_polynomial said polynomial)


def _to_sympy(node: ast.expr, symbols: dict[str, Any], source: Source):
    """The SymPy expression for a validated tree, built node by node (no parser involved)."""
    if isinstance(node, ast.Name):
        if node.id in symbols:
            return symbols[node.id]
        return sp.pi if node.id == "pi" else sp.E
    if isinstance(node, ast.Constant):
        value = node.value
        return sp.Integer(value) if isinstance(value, int) else sp.Float(value)
    if isinstance(node, ast.UnaryOp):
        operand = _to_sympy(node.operand, symbols, source)
        return sp.Mul(sp.Integer(-1), operand) if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Call):
        name = FUNCTIONS[node.func.id][0]
        arg = _to_sympy(node.args[0], symbols, source)
        if name == "log10":
            return sp.log(arg, 10)
        return getattr(sp, name)(arg)
    left = _to_sympy(node.left, symbols, source)
    right = _to_sympy(node.right, symbols, source)
    if isinstance(node.op, ast.Add):
        return sp.Add(left, right)
    if isinstance(node.op, ast.Sub):
        return sp.Add(left, sp.Mul(sp.Integer(-1), right))
    if isinstance(node.op, ast.Mult):
        return sp.Mul(left, right)
    if isinstance(node.op, ast.Div):
        return sp.Mul(left, sp.Pow(right, sp.Integer(-1)))
    _check_power(left, right, node, source)
    return sp.Pow(left, right)


def _bits(number) -> int:
    """Bits of an exact rational's larger part (numerator or denominator)."""
    p, q = number.as_numer_denom()
    return max(int(p).bit_length(), int(q).bit_length())


def _check_power(base, exponent, node: ast.BinOp, source: Source) -> None:
    """Refuse an exact power SymPy would fold into a huge number, *before* SymPy computes it.

    The text-level check (steps 1-5) sees only sub-expressions without x and y; after SymPy has
    simplified ``0*x + 30000000`` or ``x - x + 9`` to a number, this is where the size is known.
    """
    if not (base.is_Rational and exponent.is_Rational) or base in (0, 1, -1):
        return
    if abs(exponent) * _bits(base) > MAX_FOLDED_BITS:
        raise source.fail(
            f"the power '{ast.unparse(node)}' {{at}} works out to a number too large to compute "
            f"(more than {MAX_FOLDED_BITS} bits)",
            node.col_offset,
        )


def _check_folded_numbers(expr) -> None:
    """Every exact number SymPy ended up with stays small (products of literals can grow too)."""
    for atom in expr.atoms(sp.Rational):
        if _bits(atom) > MAX_FOLDED_BITS:
            raise ExpressionError(
                f"the formula works out to a number too large to compute (more than {MAX_FOLDED_BITS} bits)"
            )


def _drop_dirac(expr):
    return expr.replace(sp.DiracDelta, lambda *args: sp.Integer(0))


def _check_size(parts, what: str, limit: int) -> None:
    for part in parts:
        if sp.count_ops(part) > limit:
            raise ExpressionError(f"the formula's {what} is too large to compute quickly; simplify it")


class _Printer(StrPrinter):
    """SymPy's text in this module's vocabulary (``e``, ``abs``), short floats."""

    def _print_Exp1(self, expr):
        return "e"

    def _print_Abs(self, expr):
        return f"abs({self._print(expr.args[0])})"


def _canonical(expr) -> str:
    return _Printer({"full_prec": False}).doprint(expr)
