"""Classic 2D test functions: the textbook bowls, the standard benchmarks (SFU VLSE conventions) and saddles.

Every builder returns a :class:`~surfaces.base.Surface` whose ``f_xy``, ``grad_xy`` and ``hessian_xy``
are exact closed forms, vectorised over arrays ``x``, ``y`` of any (matching) shape.  The engine calls
``grad_xy`` on ~10^5 points per step, so each function computes its shared subexpressions once.

Minima and other stationary points that are not exact small rationals were computed once with mpmath
(40 digits, Newton's method on the exact gradient) and rounded to the nearest double; the tests check
that the gradient vanishes there and that the listed value is the function's value.  ``minima`` lists
global minima first, then the well-known local ones (those a basin-of-attraction map should colour).
"""

from __future__ import annotations

import math

import numpy as np

from paramspec import ParamSpec
from surfaces.base import Minimum, Surface, register

PI = math.pi
TWO_PI = 2.0 * math.pi


def _full(x, value: float) -> np.ndarray:
    """An array shaped like ``x`` holding ``value`` (a constant Hessian entry), in x's float type
    (so float32 inputs give float32 out, like the other formulas)."""
    return np.full(np.shape(x), value, dtype=np.result_type(x, 0.0))


def _num(v: float) -> str:
    """A number for a LaTeX formula: 4 significant digits, no trailing zeros."""
    return f"{v:.4g}"


# --------------------------------------------------------------------------- bowls


@register("book_quadratic", "Elongated bowl x²/20 + y²")
def book_quadratic() -> Surface:
    r"""The bowl of "Deep Learning from Scratch", fig. 6-3.

    .. math:: f = x^2/20 + y^2,\quad \nabla f = (x/10,\ 2y),\quad H = \mathrm{diag}(1/10,\ 2).

    Eigenvalues 0.1 and 2 (condition number 20): plain gradient descent is stable for lr < 1 and
    zig-zags across the narrow y direction while creeping along x.  Start and view are the book's.
    """

    def f(x, y):
        return x * x / 20.0 + y * y

    def grad(x, y):
        return x / 10.0, 2.0 * y

    def hessian(x, y):
        return _full(x, 0.1), _full(x, 0.0), _full(x, 2.0)

    return Surface(
        name="book_quadratic",
        quadratic=True,
        title="Elongated bowl x²/20 + y²",
        latex=r"f(x, y) = \frac{x^2}{20} + y^2",
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-10.0, 10.0), (-5.0, 5.0)),
        start=(-7.0, 2.0),
        minima=(Minimum((0.0, 0.0), 0.0),),
        description=(
            "The bowl from 'Deep Learning from Scratch' (fig. 6-3): 20 times steeper across (y) than "
            "along (x), so plain gradient descent zig-zags across the valley while it creeps along it. "
            "Hessian eigenvalues 0.1 and 2: gradient descent is stable for lr < 1."
        ),
    )


@register(
    "quadratic",
    "Quadratic bowl (condition number, rotation)",
    params=(
        ParamSpec(
            "kappa", 10.0, "condition number κ = largest / smallest Hessian eigenvalue",
            low=1.0, high=1e6, log=True, ui_high=1000.0, batchable=False,
        ),
        ParamSpec(
            "angle", 0.0, "rotation of the long axis, in degrees", low=-90.0, high=90.0, batchable=False,
        ),
    ),
)
def quadratic(kappa: float, angle: float) -> Surface:
    r"""A general quadratic bowl with a chosen condition number and orientation.

    .. math:: f(p) = \tfrac12\, p^\top R_\theta\, \mathrm{diag}(1/\kappa,\ 1)\, R_\theta^\top p

    with :math:`R_\theta` the rotation by ``angle``.  The curvatures are scaled so the *largest*
    eigenvalue is 1 whatever κ is: the stability limit of gradient descent stays at lr < 2 and a
    larger κ only flattens the long axis, which is the effect a student should see.  Writing
    ``H = [[hxx, hxy], [hxy, hyy]]``, ``f = (hxx x² + 2 hxy xy + hyy y²)/2`` and ``∇f = H p``.

    The start (-4, 2) in the bowl's own axes (long, short) is rotated with the bowl, so changing the
    angle changes nothing for rotation-invariant methods (GD, momentum) and only per-coordinate
    methods (Adam, RMSprop, AdaGrad) behave differently: a clean experiment.  It lies at distance
    sqrt(20) < 5, inside the square view for every angle.
    """
    lam_long, lam_short = 1.0 / kappa, 1.0
    theta = math.radians(angle)
    c, s = math.cos(theta), math.sin(theta)
    # R diag(l1, l2) R^T, with R's first column (c, s) the long (slow) axis.
    hxx = lam_long * c * c + lam_short * s * s
    hxy = (lam_long - lam_short) * c * s
    hyy = lam_long * s * s + lam_short * c * c

    def grad(x, y):
        return hxx * x + hxy * y, hxy * x + hyy * y

    def f(x, y):
        gx, gy = grad(x, y)
        return 0.5 * (x * gx + y * gy)

    def hessian(x, y):
        return _full(x, hxx), _full(x, hxy), _full(x, hyy)

    u0, v0 = -4.0, 2.0  # start along the long axis, off it across
    # rounded so that e.g. 90 degrees gives (-2, -4), not (-2.0000000000000004, -4)
    start = (round(u0 * c - v0 * s, 12), round(u0 * s + v0 * c, 12))
    terms = [f"{_num(hxx / 2)}\\,x^2"]
    if abs(hxy) > 1e-12:  # (cos 90° is 6e-17, not 0)
        terms.append(f"{'-' if hxy < 0 else '+'} {_num(abs(hxy))}\\,xy")
    terms.append(f"+ {_num(hyy / 2)}\\,y^2")
    lr_best = 2.0 / (lam_long + lam_short)
    return Surface(
        name="quadratic",
        quadratic=True,
        title="Quadratic bowl (condition number, rotation)",
        latex="f(x, y) = " + " ".join(terms),
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-5.0, 5.0), (-5.0, 5.0)),
        start=start,
        minima=(Minimum((0.0, 0.0), 0.0),),
        params={"kappa": kappa, "angle": angle},
        description=(
            f"An elliptic bowl whose Hessian has eigenvalues {_num(lam_long)} along the long axis "
            f"(tilted {_num(angle)}°) and 1 across it, so κ = {_num(kappa)}. Gradient descent is stable "
            f"for lr < 2, fastest at lr = 2/(λmin + λmax) ≈ {_num(lr_best)}, and needs about κ steps to "
            "shrink the error e-fold: raise κ to watch it zig-zag. Rotating the bowl only matters to "
            "per-coordinate methods such as Adam."
        ),
    )


# --------------------------------------------------------------------------- valleys


@register(
    "rosenbrock",
    "Rosenbrock valley",
    params=(
        ParamSpec("a", 1.0, "moves the minimum to (a, a²)", low=-3.0, high=3.0, batchable=False),
        ParamSpec(
            "b", 100.0, "steepness of the valley walls", low=0.0, low_open=True, high=1e6, log=True,
            ui_low=1.0, ui_high=1000.0, batchable=False,
        ),
    ),
)
def rosenbrock(a: float, b: float) -> Surface:
    r"""Rosenbrock's banana valley.

    .. math::
        f = (a - x)^2 + b\,(y - x^2)^2,\qquad
        \nabla f = \bigl(-2(a - x) - 4bx\,(y - x^2),\ 2b\,(y - x^2)\bigr),

        H = \begin{pmatrix} 2 + 12bx^2 - 4by & -4bx \\ -4bx & 2b \end{pmatrix}.

    Minimum 0 at (a, a²).  View and start for a = 1 are pytorch-optimizer's (x in [-2, 2],
    y in [-1, 3], start (-2, 2)).  Since f(x, y; -a) = f(-x, y; a), a negative ``a`` mirrors the
    surface, so the start is mirrored too (the run is the mirror image); the view grows to keep
    (a, a²) inside with a margin.
    """

    def f(x, y):
        r = y - x * x
        d = a - x
        return d * d + b * r * r

    def grad(x, y):
        r = y - x * x
        return -2.0 * (a - x) - 4.0 * b * x * r, 2.0 * b * r

    def hessian(x, y):
        return 2.0 + b * (12.0 * x * x - 4.0 * y), -4.0 * b * x, _full(x, 2.0 * b)

    side = 1.0 if a >= 0 else -1.0
    half_width = max(2.0, abs(a) + 0.5)
    return Surface(
        name="rosenbrock",
        title="Rosenbrock valley",
        latex=f"f(x, y) = ({_num(a)} - x)^2 + {_num(b)}\\,(y - x^2)^2",
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-half_width, half_width), (-1.0, max(3.0, a * a + 1.0))),
        start=(-2.0 * side, 2.0),
        minima=(Minimum((a, a * a), 0.0),),
        log_contours=True,
        params={"a": a, "b": b},
        description=(
            "A narrow curved valley: finding it is easy, following it to the minimum at "
            f"({_num(a)}, {_num(a * a)}) is hard, because the walls are b = {_num(b)} times steeper than the "
            "floor. Momentum helps; too large a step bounces between the walls."
        ),
    )


@register("distill_rosenbrock", "Distill's scaled Rosenbrock")
def distill_rosenbrock() -> Surface:
    r"""The hero surface of Distill's "Why Momentum Really Works" (Goh, 2017).

    .. math::
        f = (1 - x)^2 + 20\,(3y - x^2)^2,\qquad
        \nabla f = \bigl(-2(1 - x) - 80x\,(3y - x^2),\ 120\,(3y - x^2)\bigr),

        H = \begin{pmatrix} 2 + 240x^2 - 240y & -240x \\ -240x & 360 \end{pmatrix}.

    Minimum 0 at (1, 1/3).  Start (-1.21, 0.853) is the article's.  The view x in [-1.5, 1.5],
    y in [-0.25, 1.25] holds the start, the minimum and the valley floor y = x²/3 between them.
    """

    def f(x, y):
        r = 3.0 * y - x * x
        d = 1.0 - x
        return d * d + 20.0 * r * r

    def grad(x, y):
        r = 3.0 * y - x * x
        return -2.0 * (1.0 - x) - 80.0 * x * r, 120.0 * r

    def hessian(x, y):
        return 2.0 + 240.0 * (x * x - y), -240.0 * x, _full(x, 360.0)

    return Surface(
        name="distill_rosenbrock",
        title="Distill's scaled Rosenbrock",
        latex=r"f(x, y) = (1 - x)^2 + 20\,(3y - x^2)^2",
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-1.5, 1.5), (-0.25, 1.25)),
        start=(-1.21, 0.853),
        minima=(Minimum((1.0, 1.0 / 3.0), 0.0),),
        log_contours=True,
        description=(
            "The valley from Distill's 'Why Momentum Really Works': start where the article does and "
            "try its momentum (lr 0.003, β 0.74) against plain gradient descent on the way to (1, 1/3)."
        ),
    )


@register("beale", "Beale function")
def beale() -> Surface:
    r"""Beale's function, with residuals A, B, C.

    .. math::
        A = 1.5 - x + xy,\ B = 2.25 - x + xy^2,\ C = 2.625 - x + xy^3,\qquad f = A^2 + B^2 + C^2,

        \nabla f = \bigl(2A(y-1) + 2B(y^2-1) + 2C(y^3-1),\ 2x\,(A + 2yB + 3y^2C)\bigr),

        f_{xx} = 2\bigl((y-1)^2 + (y^2-1)^2 + (y^3-1)^2\bigr),\quad
        f_{xy} = 2(A + 2yB + 3y^2C) + 2x\bigl((y-1) + 2y(y^2-1) + 3y^2(y^3-1)\bigr),

        f_{yy} = 4x\,(B + 3yC) + 2x^2\,(1 + 4y^2 + 9y^4).

    Minimum 0 at (3, 0.5); saddles at (0, 1) (exact) and near (0.1005, -2.6445).  View [-4.5, 4.5]² and
    start (3, 4) are Tiao's (the classic animations); the start is inside the view but high up a
    very steep wall (f ≈ 3.9e4), so steps must be small.
    """

    def f(x, y):
        y2 = y * y
        a = 1.5 - x + x * y
        b = 2.25 - x + x * y2
        c = 2.625 - x + x * y2 * y
        return a * a + b * b + c * c

    def grad(x, y):
        y2 = y * y
        y3 = y2 * y
        a = 1.5 - x + x * y
        b = 2.25 - x + x * y2
        c = 2.625 - x + x * y3
        gx = 2.0 * (a * (y - 1.0) + b * (y2 - 1.0) + c * (y3 - 1.0))
        gy = 2.0 * x * (a + 2.0 * y * b + 3.0 * y2 * c)
        return gx, gy

    def hessian(x, y):
        y2 = y * y
        y3 = y2 * y
        a = 1.5 - x + x * y
        b = 2.25 - x + x * y2
        c = 2.625 - x + x * y3
        da, db, dc = y - 1.0, y2 - 1.0, y3 - 1.0  # d(A, B, C)/dx
        hxx = 2.0 * (da * da + db * db + dc * dc)
        hxy = 2.0 * (a + 2.0 * y * b + 3.0 * y2 * c) + 2.0 * x * (da + 2.0 * y * db + 3.0 * y2 * dc)
        hyy = 4.0 * x * (b + 3.0 * y * c) + 2.0 * x * x * (1.0 + 4.0 * y2 + 9.0 * y2 * y2)
        return hxx, hxy, hyy

    return Surface(
        name="beale",
        title="Beale function",
        latex=r"f(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2",
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-4.5, 4.5), (-4.5, 4.5)),
        start=(3.0, 4.0),
        minima=(Minimum((3.0, 0.5), 0.0),),
        log_contours=True,
        stationary=(((0.0, 1.0), "saddle"), ((0.10053793732415836, -2.644513585023125), "saddle")),
        description=(
            "A flat basin around the minimum at (3, 0.5) walled by very steep ridges in the corners. "
            "From the classic start (3, 4) the first gradients are huge: a good test of adaptive step "
            "sizes, and of how small a learning rate plain gradient descent needs."
        ),
    )


# --------------------------------------------------------------------------- several minima


@register("himmelblau", "Himmelblau function")
def himmelblau() -> Surface:
    r"""Himmelblau's function: four global minima around one local maximum.

    .. math::
        u = x^2 + y - 11,\ v = x + y^2 - 7,\qquad f = u^2 + v^2,\qquad
        \nabla f = (4xu + 2v,\ 2u + 4yv),

        H = \begin{pmatrix} 12x^2 + 4y - 42 & 4(x + y) \\ 4(x + y) & 4x + 12y^2 - 26 \end{pmatrix}.

    The four minima (value 0), the maximum 181.6165 and the four saddles are the SPEC's rounded
    values refined with mpmath.  Start (0, 0): inside the ring of saddles, on the flank of the
    central hill (f = 170 against 181.6 at the top), where the descent direction (14, 22) heads
    for the minimum at (3, 2).  Small steps walk there; heavy-ball momentum (lr 0.01) carries the
    point over a saddle into the basin of (3.58, -1.85): which basin you end in is the lesson.
    """

    def f(x, y):
        u = x * x + y - 11.0
        v = x + y * y - 7.0
        return u * u + v * v

    def grad(x, y):
        u = x * x + y - 11.0
        v = x + y * y - 7.0
        return 4.0 * x * u + 2.0 * v, 2.0 * u + 4.0 * y * v

    def hessian(x, y):
        return 12.0 * x * x + 4.0 * y - 42.0, 4.0 * (x + y), 4.0 * x + 12.0 * y * y - 26.0

    return Surface(
        name="himmelblau",
        title="Himmelblau function",
        latex=r"f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2",
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-5.0, 5.0), (-5.0, 5.0)),
        start=(0.0, 0.0),
        minima=(
            Minimum((3.0, 2.0), 0.0),
            Minimum((-2.805118086952745, 3.131312518250573), 0.0),
            Minimum((-3.779310253377747, -3.2831859912861696), 0.0),
            Minimum((3.5844283403304917, -1.8481265269644036), 0.0),
        ),
        stationary=(
            ((-0.2708445906673476, -0.9230385564799815), "local maximum"),
            ((3.385154183607021, 0.07385187983774928), "saddle"),
            ((0.08667750455539636, 2.884254701174776), "saddle"),
            ((-3.0730257507643897, -0.08135304428796751), "saddle"),
            ((-0.12796134673068008, -1.9537149802445763), "saddle"),
        ),
        description=(
            "Four equally good minima (all 0) around a hill with its top at (-0.27, -0.92). Which "
            "minimum an optimizer reaches depends on where it starts and on how much momentum it "
            "carries over the saddles between the basins."
        ),
    )


@register(
    "rastrigin",
    "Rastrigin function",
    params=(
        ParamSpec(
            "A", 10.0, "height of the ripples (0 gives a plain bowl)", low=0.0, high=1000.0, ui_high=40.0,
            batchable=False,
        ),
    ),
)
def rastrigin(A: float) -> Surface:
    r"""Rastrigin's function: a bowl covered in a lattice of ripples.

    .. math::
        f = 2A + x^2 - A\cos 2\pi x + y^2 - A\cos 2\pi y,\qquad
        \nabla f = (2x + 2\pi A \sin 2\pi x,\ \ldots),\qquad
        H = \mathrm{diag}(2 + 4\pi^2 A\cos 2\pi x,\ \ldots).

    Global minimum 0 at the origin; a local minimum near every integer point.  View [-4.5, 4.5]²
    and start (-2, 3.5) are pytorch-optimizer's.
    """
    k1 = TWO_PI * A
    k2 = TWO_PI * TWO_PI * A

    def f(x, y):
        return 2.0 * A + x * x + y * y - A * (np.cos(TWO_PI * x) + np.cos(TWO_PI * y))

    def grad(x, y):
        return 2.0 * x + k1 * np.sin(TWO_PI * x), 2.0 * y + k1 * np.sin(TWO_PI * y)

    def hessian(x, y):
        return 2.0 + k2 * np.cos(TWO_PI * x), _full(x, 0.0), 2.0 + k2 * np.cos(TWO_PI * y)

    if A == 0:
        latex = "f(x, y) = x^2 + y^2"
    else:
        latex = (
            f"f(x, y) = {_num(2 * A)} + x^2 - {_num(A)}\\cos(2\\pi x) + y^2 - {_num(A)}\\cos(2\\pi y)"
        )
    return Surface(
        name="rastrigin",
        quadratic=A == 0,  # the ripples gone, x² + y² is left
        title="Rastrigin function",
        latex=latex,
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-4.5, 4.5), (-4.5, 4.5)),
        start=(-2.0, 3.5),
        minima=(Minimum((0.0, 0.0), 0.0),),
        params={"A": A},
        description=(
            "A bowl covered in ripples with a local minimum near every integer point: gradient descent "
            "stops in the nearest dip, while momentum or large steps can roll over several ripples "
            "toward the global minimum at (0, 0)."
        ),
    )


# Ackley's constants (a, b, c) = (20, 0.2, 2π), and the radius below which we are at the cone's tip.
_ACKLEY_A, _ACKLEY_B, _ACKLEY_C = 20.0, 0.2, TWO_PI
_ACKLEY_TIP = 1e-300


@register("ackley", "Ackley function")
def ackley() -> Surface:
    r"""Ackley's function (a, b, c) = (20, 0.2, 2π) in 2D.

    With :math:`\rho = \sqrt{x^2 + y^2}`, :math:`r = \rho/\sqrt2` and
    :math:`E = e^{(\cos cx + \cos cy)/2}`:

    .. math::
        f = a\,(1 - e^{-br}) + e - E,\qquad
        \partial_x f = \frac{k}{\sqrt2}\,\frac{x}{\rho} + \frac{c}{2} E \sin cx,\quad k = ab\,e^{-br},

        \partial_{xx} f = -\frac{bk}{2}\frac{x^2}{\rho^2} + \frac{k}{\sqrt2\,\rho}\frac{y^2}{\rho^2}
            + \frac{c^2}{2} E\,(\cos cx - \tfrac12 \sin^2 cx),\qquad
        \partial_{xy} f = -\Bigl(\frac{bk}{2} + \frac{k}{\sqrt2\,\rho}\Bigr)\frac{xy}{\rho^2}
            - \frac{c^2}{4} E \sin cx \sin cy.

    The first term is a cone with its tip at the origin: there f is not differentiable.  We use
    the subgradient 0 (the origin is the minimum) and drop the cone's infinite curvature, so the
    Hessian at the tip is the finite Hessian of the smooth part.  "At the tip" means ρ <= 1e-300,
    below which the cone's curvature ~1/ρ would overflow; ``ρ`` is computed with ``hypot`` and
    divided out as ``x/ρ``, so nothing overflows or underflows near the tip either.

    View ±5 instead of the usual ±32.768, where the dips are too small to see at plot resolution.
    Start (-3.3, 3.7): in the outer ring of dips; GD, momentum and Adam at everyday learning rates
    all settle in the dip near (-3, 4), and only large steps (SGD lr 0.1) ride the funnel inward.
    """
    a, b, c = _ACKLEY_A, _ACKLEY_B, _ACKLEY_C
    inv_sqrt2 = 1.0 / math.sqrt(2.0)

    def _polar(x, y):
        """rho, the unit direction (x/rho, y/rho) (0 at the tip), and 1/rho (0 at the tip)."""
        rho = np.hypot(x, y)
        away = rho > _ACKLEY_TIP
        inv_rho = np.divide(1.0, rho, out=np.zeros_like(rho), where=away)
        return rho, x * inv_rho, y * inv_rho, inv_rho

    def f(x, y):
        rho = np.hypot(x, y)
        e_smooth = np.exp(0.5 * (np.cos(c * x) + np.cos(c * y)))
        return -a * np.expm1(-b * inv_sqrt2 * rho) + (math.e - e_smooth)

    def grad(x, y):
        rho, ux, uy, _ = _polar(x, y)
        k = (a * b * inv_sqrt2) * np.exp(-b * inv_sqrt2 * rho)
        e_half_c = (0.5 * c) * np.exp(0.5 * (np.cos(c * x) + np.cos(c * y)))
        return k * ux + e_half_c * np.sin(c * x), k * uy + e_half_c * np.sin(c * y)

    def hessian(x, y):
        rho, ux, uy, inv_rho = _polar(x, y)
        k = (a * b) * np.exp(-b * inv_sqrt2 * rho)
        radial = -0.5 * b * k  # cone curvature along the radius
        tangential = k * inv_sqrt2 * inv_rho  # cone curvature around it (infinite at the tip: dropped)
        sx, cx = np.sin(c * x), np.cos(c * x)
        sy, cy = np.sin(c * y), np.cos(c * y)
        e = np.exp(0.5 * (cx + cy))
        half_c2_e = 0.5 * c * c * e
        hxx = radial * ux * ux + tangential * uy * uy + half_c2_e * (cx - 0.5 * sx * sx)
        hyy = radial * uy * uy + tangential * ux * ux + half_c2_e * (cy - 0.5 * sy * sy)
        hxy = (radial - tangential) * ux * uy - 0.5 * half_c2_e * sx * sy
        return hxx, hxy, hyy

    return Surface(
        name="ackley",
        title="Ackley function",
        latex=(
            r"f(x, y) = -20\,e^{-0.2\sqrt{(x^2 + y^2)/2}} - e^{(\cos 2\pi x + \cos 2\pi y)/2} + 20 + e"
        ),
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-5.0, 5.0), (-5.0, 5.0)),
        start=(-3.3, 3.7),
        minima=(Minimum((0.0, 0.0), 0.0),),
        description=(
            "An egg-crate of small dips on a wide funnel with a sharp tip at (0, 0). The usual domain "
            "is ±32.8, but there the dips are too small to see; at ±5 you can watch an optimizer get "
            "stuck in a dip or ride the funnel down to the tip."
        ),
    )


@register("booth", "Booth function")
def booth() -> Surface:
    r"""Booth's function, a tilted quadratic bowl.

    .. math::
        f = (x + 2y - 7)^2 + (2x + y - 5)^2,\qquad \nabla f = (10x + 8y - 34,\ 8x + 10y - 38),\qquad
        H = \begin{pmatrix} 10 & 8 \\ 8 & 10 \end{pmatrix}.

    Minimum 0 at (1, 3).  Eigenvalues 18 (along (1, 1)) and 2 (along (1, -1)), condition number 9;
    GD is stable for lr < 1/9.  Start (-8, 7): offset (-9, 4) from the minimum has a component
    along both eigenvectors, so the run shows both the fast and the slow direction.
    """

    def f(x, y):
        p = x + 2.0 * y - 7.0
        q = 2.0 * x + y - 5.0
        return p * p + q * q

    def grad(x, y):
        return 10.0 * x + 8.0 * y - 34.0, 8.0 * x + 10.0 * y - 38.0

    def hessian(x, y):
        return _full(x, 10.0), _full(x, 8.0), _full(x, 10.0)

    return Surface(
        name="booth",
        quadratic=True,
        title="Booth function",
        latex=r"f(x, y) = (x + 2y - 7)^2 + (2x + y - 5)^2",
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-10.0, 10.0), (-10.0, 10.0)),
        start=(-8.0, 7.0),
        minima=(Minimum((1.0, 3.0), 0.0),),
        description=(
            "A tilted quadratic bowl with its minimum at (1, 3): Hessian eigenvalues 18 and 2, so "
            "gradient descent is stable for lr < 1/9 and moves 9 times slower along the valley."
        ),
    )


@register("goldstein_price", "Goldstein-Price function")
def goldstein_price() -> Surface:
    r"""The Goldstein-Price function, written in the variables s = x + y and v = 2x - 3y.

    Both factors of the usual formula depend on one variable each:

    .. math::
        F(s) = 1 + (s+1)^2 (3s^2 - 14s + 19) = 3s^4 - 8s^3 - 6s^2 + 24s + 20,

        G(v) = 30 + v^2 (3v^2 - 16v + 18) = 3v^4 - 16v^3 + 18v^2 + 30,\qquad f = F(s)\,G(v),

        F' = 12(s-2)(s-1)(s+1),\quad F'' = 36s^2 - 48s - 12,\quad
        G' = 12v(v-1)(v-3),\quad G'' = 36v^2 - 96v + 36,

        \nabla f = (F'G + 2FG',\ F'G - 3FG'),\quad
        H = F''G\,\mathbf 1\mathbf 1^\top + F'G'\begin{pmatrix}4 & -1\\-1 & -6\end{pmatrix}
            + FG''\begin{pmatrix}4 & -6\\-6 & 9\end{pmatrix}.

    Since F >= 1 and G >= 3, the stationary points are exactly the 9 pairs s in {-1, 1, 2},
    v in {0, 1, 3}, at x = (3s + v)/5, y = (2s - v)/5; minima where F'' > 0 and G'' > 0
    (s in {-1, 2}, v in {0, 3}): 3 at (0, -1), 30 at (-0.6, -0.4), 84 at (1.8, 0.2),
    840 at (1.2, 0.8).  View [-2, 2]² (SFU).  Start (-1.5, 0.5): on the rim (f ≈ 3083), from where
    plain descent slides into the local minimum 30 at (-0.6, -0.4) while heavy-ball momentum
    (lr 1e-5) or Adam (lr 0.1) reaches the global minimum 3.
    """

    def _factors(x, y):
        s = x + y
        v = 2.0 * x - 3.0 * y
        s2, v2 = s * s, v * v
        big_f = ((3.0 * s - 8.0) * s - 6.0) * s2 + 24.0 * s + 20.0
        big_g = ((3.0 * v - 16.0) * v + 18.0) * v2 + 30.0
        return s, v, big_f, big_g

    def f(x, y):
        _, _, big_f, big_g = _factors(x, y)
        return big_f * big_g

    def grad(x, y):
        s, v, big_f, big_g = _factors(x, y)
        df = 12.0 * (s - 2.0) * (s * s - 1.0)
        dg = 12.0 * v * (v - 1.0) * (v - 3.0)
        a = df * big_g
        b = big_f * dg
        return a + 2.0 * b, a - 3.0 * b

    def hessian(x, y):
        s, v, big_f, big_g = _factors(x, y)
        df = 12.0 * (s - 2.0) * (s * s - 1.0)
        dg = 12.0 * v * (v - 1.0) * (v - 3.0)
        ss = (36.0 * s - 48.0) * s - 12.0
        vv = (36.0 * v - 96.0) * v + 36.0
        a = ss * big_g  # F''G
        m = df * dg  # F'G'
        b = big_f * vv  # FG''
        return a + 4.0 * m + 4.0 * b, a - m - 6.0 * b, a - 6.0 * m + 9.0 * b

    return Surface(
        name="goldstein_price",
        title="Goldstein-Price function",
        latex=(
            r"f(x, y) = \bigl[1 + (x + y + 1)^2 (19 - 14x + 3x^2 - 14y + 6xy + 3y^2)\bigr]"
            r"\bigl[30 + (2x - 3y)^2 (18 - 32x + 12x^2 + 48y - 36xy + 27y^2)\bigr]"
        ),
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-2.0, 2.0), (-2.0, 2.0)),
        start=(-1.5, 0.5),
        minima=(
            Minimum((0.0, -1.0), 3.0),
            Minimum((-0.6, -0.4), 30.0),
            Minimum((1.8, 0.2), 84.0),
            Minimum((1.2, 0.8), 840.0),
        ),
        log_contours=True,
        stationary=(
            ((0.8, 0.2), "local maximum"),
            ((-0.4, -0.6), "saddle"),
            ((1.2, -0.2), "saddle"),
            ((1.4, 0.6), "saddle"),
            ((0.6, 0.4), "saddle"),
        ),
        description=(
            "Values from 3 to a million in a small square: the global minimum 3 at (0, -1) sits next to "
            "a local minimum 30 at (-0.6, -0.4), with two more (84 and 840) further away. Log-spaced "
            "contours make the landscape readable; learning rates must be small."
        ),
    )


@register("six_hump_camel", "Six-hump camel")
def six_hump_camel() -> Surface:
    r"""The six-hump camel function.

    .. math::
        f = \bigl(4 - 2.1x^2 + \tfrac{x^4}{3}\bigr)x^2 + xy + (-4 + 4y^2)\,y^2,\qquad
        \nabla f = (8x - 8.4x^3 + 2x^5 + y,\ x - 8y + 16y^3),

        H = \begin{pmatrix} 8 - 25.2x^2 + 10x^4 & 1 \\ 1 & -8 + 48y^2 \end{pmatrix}.

    Six local minima, two of them global (-1.0316 at ±(0.0898, -0.7127)).  View x in [-2, 2],
    y in [-1.2, 1.2] instead of SFU's [-3, 3] x [-2, 2]: that still holds all six minima, while the
    wider box is dominated by the x^6 and y^4 walls (f up to 163, against 8.7 here), which flatten
    the humps into one colour.  Start (-1.9, -1.1): plain descent ends in the highest pocket (2.10), while
    heavy-ball momentum (lr 0.01) rolls on into a global minimum.
    """

    def f(x, y):
        x2 = x * x
        y2 = y * y
        return ((x2 / 3.0 - 2.1) * x2 + 4.0) * x2 + x * y + (4.0 * y2 - 4.0) * y2

    def grad(x, y):
        x2 = x * x
        return ((2.0 * x2 - 8.4) * x2 + 8.0) * x + y, x + (16.0 * y * y - 8.0) * y

    def hessian(x, y):
        x2 = x * x
        return (10.0 * x2 - 25.2) * x2 + 8.0, _full(x, 1.0), 48.0 * y * y - 8.0

    g_val, l1_val, l2_val = -1.0316284534898774, -0.21546382438371764, 2.1042503103112584
    return Surface(
        name="six_hump_camel",
        title="Six-hump camel",
        latex=r"f(x, y) = \left(4 - 2.1x^2 + \frac{x^4}{3}\right)x^2 + xy + (-4 + 4y^2)\,y^2",
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-2.0, 2.0), (-1.2, 1.2)),
        start=(-1.9, -1.1),
        minima=(
            Minimum((0.08984201310031806, -0.7126564030207396), g_val),
            Minimum((-0.08984201310031806, 0.7126564030207396), g_val),
            Minimum((-1.703606714969981, 0.7960835686726251), l1_val),
            Minimum((1.703606714969981, -0.7960835686726251), l1_val),
            Minimum((-1.6071047529201972, -0.5686514548841314), l2_val),
            Minimum((1.6071047529201972, 0.5686514548841314), l2_val),
        ),
        stationary=(
            ((0.0, 0.0), "saddle"),
            ((-1.2302298765166526, -0.16233458445899496), "local maximum"),
            ((1.2302298765166526, 0.16233458445899496), "local maximum"),
        ),
        description=(
            "Six valleys, two of them the global minima -1.0316 at ±(0.09, -0.71), point-symmetric "
            "about the origin. The view is narrower than the usual [-3, 3] x [-2, 2] so the humps are "
            "not drowned by the steep outer walls."
        ),
    )


@register("three_hump_camel", "Three-hump camel")
def three_hump_camel() -> Surface:
    r"""The three-hump camel function.

    .. math::
        f = 2x^2 - 1.05x^4 + \tfrac{x^6}{6} + xy + y^2,\qquad
        \nabla f = (4x - 4.2x^3 + x^5 + y,\ x + 2y),\qquad
        H = \begin{pmatrix} 4 - 12.6x^2 + 5x^4 & 1 \\ 1 & 2 \end{pmatrix}.

    Global minimum 0 at the origin, local minima 0.2986 at ±(1.7476, -0.8738), saddles between.
    View [-2.5, 2.5]² rather than SFU's [-5, 5]² (where x^6/6 reaches 2600 and hides the humps);
    start (-2.2, 2): above the left local minimum, where small steps stop; larger ones (SGD lr 0.1,
    Adam lr 0.3) hop over the saddle to the global minimum.
    """

    def f(x, y):
        x2 = x * x
        return ((x2 / 6.0 - 1.05) * x2 + 2.0) * x2 + x * y + y * y

    def grad(x, y):
        x2 = x * x
        return ((x2 - 4.2) * x2 + 4.0) * x + y, x + 2.0 * y

    def hessian(x, y):
        x2 = x * x
        return (5.0 * x2 - 12.6) * x2 + 4.0, _full(x, 1.0), _full(x, 2.0)

    local_val = 0.2986384422368598
    return Surface(
        name="three_hump_camel",
        title="Three-hump camel",
        latex=r"f(x, y) = 2x^2 - 1.05x^4 + \frac{x^6}{6} + xy + y^2",
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-2.5, 2.5), (-2.5, 2.5)),
        start=(-2.2, 2.0),
        minima=(
            Minimum((0.0, 0.0), 0.0),
            Minimum((-1.7475523458302888, 0.8737761729151444), local_val),
            Minimum((1.7475523458302888, -0.8737761729151444), local_val),
        ),
        stationary=(
            ((-1.07054229182366, 0.53527114591183), "saddle"),
            ((1.07054229182366, -0.53527114591183), "saddle"),
        ),
        description=(
            "A valley with the global minimum at (0, 0) and two shallow side pockets (0.30) at "
            "±(1.75, -0.87): from the start, small steps settle in the left pocket; larger ones hop "
            "over the saddle."
        ),
    )


@register("matyas", "Matyas function")
def matyas() -> Surface:
    r"""Matyas' function, a quadratic valley along the diagonal.

    .. math::
        f = 0.26\,(x^2 + y^2) - 0.48\,xy,\qquad \nabla f = (0.52x - 0.48y,\ 0.52y - 0.48x),\qquad
        H = \begin{pmatrix} 0.52 & -0.48 \\ -0.48 & 0.52 \end{pmatrix}.

    Eigenvalues 0.04 along (1, 1) and 1 along (1, -1): condition number 25.  View [-10, 10]² (SFU);
    start (-8, -4): far down the slow diagonal and a little off it, so the crawl is visible.
    """

    def f(x, y):
        return 0.26 * (x * x + y * y) - 0.48 * x * y

    def grad(x, y):
        return 0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x

    def hessian(x, y):
        return _full(x, 0.52), _full(x, -0.48), _full(x, 0.52)

    return Surface(
        name="matyas",
        quadratic=True,
        title="Matyas function",
        latex=r"f(x, y) = 0.26\,(x^2 + y^2) - 0.48\,xy",
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-10.0, 10.0), (-10.0, 10.0)),
        start=(-8.0, -4.0),
        minima=(Minimum((0.0, 0.0), 0.0),),
        description=(
            "A long, almost flat diagonal valley (Hessian eigenvalues 0.04 and 1, κ = 25): the descent "
            "drops quickly into the valley, then crawls along it to (0, 0)."
        ),
    )


@register("levy13", "Lévy function N.13")
def levy13() -> Surface:
    r"""Lévy function N.13.

    .. math::
        f = \sin^2 3\pi x + (x-1)^2 (1 + \sin^2 3\pi y) + (y-1)^2 (1 + \sin^2 2\pi y),

        \partial_x f = 3\pi \sin 6\pi x + 2(x-1)(1 + \sin^2 3\pi y),

        \partial_y f = 3\pi (x-1)^2 \sin 6\pi y + 2(y-1)(1 + \sin^2 2\pi y) + 2\pi (y-1)^2 \sin 4\pi y,

        f_{xx} = 18\pi^2 \cos 6\pi x + 2(1 + \sin^2 3\pi y),\quad f_{xy} = 6\pi (x-1) \sin 6\pi y,

        f_{yy} = 18\pi^2 (x-1)^2 \cos 6\pi y + 2(1 + \sin^2 2\pi y) + 8\pi (y-1) \sin 4\pi y
            + 8\pi^2 (y-1)^2 \cos 4\pi y.

    Minimum 0 at (1, 1).  The ripples have period 1/3, so SFU's [-10, 10]² shows 60 of them per
    axis, more than a 200-point contour grid can draw; the view [-2, 4]² (centred on the minimum)
    shows 18.  Start (-1.5, 3.2): several ripples away in both directions.
    """
    three_pi = 3.0 * PI

    def _y_harmonics(y):
        """sin² 3πy, sin 6πy, cos 6πy, sin² 2πy, sin 4πy, cos 4πy from one sin/cos pair of πy.

        Multiple-angle formulas (sin 3t = s(3 - 4s²), cos 3t = c(1 - 4s²), sin 2t = 2sc,
        cos 2t = 1 - 2s²) replace six transcendental calls by two: Levy's gradient is evaluated on
        10^5 points per step and the trigonometric calls dominate its cost.
        """
        s, c = np.sin(PI * y), np.cos(PI * y)
        s2 = s * s
        sin3, cos3 = s * (3.0 - 4.0 * s2), c * (1.0 - 4.0 * s2)
        sin2, cos2 = 2.0 * s * c, 1.0 - 2.0 * s2
        sq3, sq2 = sin3 * sin3, sin2 * sin2
        return sq3, 2.0 * sin3 * cos3, 1.0 - 2.0 * sq3, sq2, 2.0 * sin2 * cos2, 1.0 - 2.0 * sq2

    def f(x, y):
        s3x = np.sin(three_pi * x)
        sq3y, _, _, sq2y, _, _ = _y_harmonics(y)
        dx, dy = x - 1.0, y - 1.0
        return s3x * s3x + dx * dx * (1.0 + sq3y) + dy * dy * (1.0 + sq2y)

    def grad(x, y):
        sq3y, sin6y, _, sq2y, sin4y, _ = _y_harmonics(y)
        dx, dy = x - 1.0, y - 1.0
        gx = three_pi * np.sin(6.0 * PI * x) + 2.0 * dx * (1.0 + sq3y)
        gy = three_pi * dx * dx * sin6y + 2.0 * dy * (1.0 + sq2y) + (2.0 * PI) * dy * dy * sin4y
        return gx, gy

    def hessian(x, y):
        sq3y, sin6y, cos6y, sq2y, sin4y, cos4y = _y_harmonics(y)
        dx, dy = x - 1.0, y - 1.0
        hxx = (18.0 * PI * PI) * np.cos(6.0 * PI * x) + 2.0 * (1.0 + sq3y)
        hxy = (6.0 * PI) * dx * sin6y
        hyy = (
            (18.0 * PI * PI) * dx * dx * cos6y
            + 2.0 * (1.0 + sq2y)
            + (8.0 * PI) * dy * sin4y
            + (8.0 * PI * PI) * dy * dy * cos4y
        )
        return hxx, hxy, hyy

    return Surface(
        name="levy13",
        title="Lévy function N.13",
        latex=r"f(x, y) = \sin^2 3\pi x + (x-1)^2 (1 + \sin^2 3\pi y) + (y-1)^2 (1 + \sin^2 2\pi y)",
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-2.0, 4.0), (-2.0, 4.0)),
        start=(-1.5, 3.2),
        minima=(Minimum((1.0, 1.0), 0.0),),
        description=(
            "Fine ripples (period 1/3) on a bowl centred at (1, 1). The view is zoomed in from the "
            "usual ±10 so the ripples can be seen; local minima trap small steps everywhere."
        ),
    )


@register("styblinski_tang", "Styblinski-Tang function")
def styblinski_tang() -> Surface:
    r"""The Styblinski-Tang function in 2D.

    .. math::
        f = \tfrac12\,(x^4 - 16x^2 + 5x + y^4 - 16y^2 + 5y),\qquad
        \nabla f = (2x^3 - 16x + 2.5,\ 2y^3 - 16y + 2.5),\qquad
        H = \mathrm{diag}(6x^2 - 16,\ 6y^2 - 16).

    Each coordinate is the same double well, with minima at the roots -2.903534 (deeper) and
    2.746803 of 2t^3 - 16t + 2.5, so there are four minima: -78.3323 (global, both deeper roots),
    -64.1956 (twice) and -50.0589.  View [-5, 5]² (SFU).  Start (3.5, 4.5): above the shallowest
    minimum, so plain descent lands in the worst of the four.
    """

    def f(x, y):
        x2 = x * x
        y2 = y * y
        return 0.5 * ((x2 - 16.0) * x2 + 5.0 * x + (y2 - 16.0) * y2 + 5.0 * y)

    def grad(x, y):
        return (2.0 * x * x - 16.0) * x + 2.5, (2.0 * y * y - 16.0) * y + 2.5

    def hessian(x, y):
        return 6.0 * x * x - 16.0, _full(x, 0.0), 6.0 * y * y - 16.0

    deep, shallow, mid = -2.903534027771177, 2.746802770990837, 0.1567312567803401
    return Surface(
        name="styblinski_tang",
        title="Styblinski-Tang function",
        latex=r"f(x, y) = \frac{1}{2}\left(x^4 - 16x^2 + 5x + y^4 - 16y^2 + 5y\right)",
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-5.0, 5.0), (-5.0, 5.0)),
        start=(3.5, 4.5),
        minima=(
            Minimum((deep, deep), -78.33233140754282),
            Minimum((deep, shallow), -64.19561235905536),
            Minimum((shallow, deep), -64.19561235905536),
            Minimum((shallow, shallow), -50.05889331056788),
        ),
        stationary=(
            ((mid, mid), "local maximum"),
            ((deep, mid), "saddle"),
            ((mid, deep), "saddle"),
            ((shallow, mid), "saddle"),
            ((mid, shallow), "saddle"),
        ),
        description=(
            "Four basins, one per corner: the deepest (-78.33) at (-2.90, -2.90), the shallowest "
            "(-50.06) at (2.75, 2.75) right below the start. Which one an optimizer reaches depends "
            "on whether it can cross the ridge through (0.16, 0.16)."
        ),
    )


# --------------------------------------------------------------------------- saddles


@register("saddle", "Saddle x² − y²")
def saddle() -> Surface:
    r"""The plain saddle.

    .. math:: f = x^2 - y^2,\qquad \nabla f = (2x,\ -2y),\qquad H = \mathrm{diag}(2,\ -2).

    Unbounded below, no minimum; a saddle at the origin whose stable manifold is the x axis.
    Start (-1.9, 0.001): on the far left, a hair off the stable manifold, as in the classic
    "escaping the saddle" pictures.  Gradient descent slides toward the saddle and the y offset
    grows by (1 + 2 lr) per step, so methods that amplify small gradients escape first.
    """

    def f(x, y):
        return x * x - y * y

    def grad(x, y):
        return 2.0 * x, -2.0 * y

    def hessian(x, y):
        return _full(x, 2.0), _full(x, 0.0), _full(x, -2.0)

    return Surface(
        name="saddle",
        quadratic=True,  # x² − y²: quadratic, but indefinite (no λ/κ theory)
        title="Saddle x² − y²",
        latex=r"f(x, y) = x^2 - y^2",
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-2.0, 2.0), (-2.0, 2.0)),
        start=(-1.9, 0.001),
        stationary=(((0.0, 0.0), "saddle"),),
        description=(
            "Downhill along y, uphill along x, with a saddle at (0, 0). Starting a hair off the x axis, "
            "gradient descent first slides toward the saddle and stalls there before it escapes; "
            "compare how long each optimizer lingers. There is no minimum: the loss falls forever."
        ),
    )


@register("monkey_saddle", "Monkey saddle x³ − 3xy²")
def monkey_saddle() -> Surface:
    r"""The monkey saddle: three valleys (for the legs and the tail) meeting at a flat point.

    .. math:: f = x^3 - 3xy^2,\qquad \nabla f = (3x^2 - 3y^2,\ -6xy),\qquad
        H = \begin{pmatrix} 6x & -6y \\ -6y & -6x \end{pmatrix}.

    In polar form f = r^3 cos 3θ: valleys at 60°, 180° and 300°, ridges between.  The origin is a
    degenerate stationary point (H = 0), so Newton's method is undefined there.  Start (1.5, 0.001):
    a hair off the ridge along +x, whose gradient points back to the origin.  Gradient descent
    slows down as the gradient vanishes quadratically, lingers near the flat point and then turns
    into the valley at 60°; heavy-ball momentum shoots through it into the valley at 180°, and Adam
    turns off early.
    """

    def f(x, y):
        return x * (x * x - 3.0 * y * y)

    def grad(x, y):
        return 3.0 * (x * x - y * y), -6.0 * x * y

    def hessian(x, y):
        return 6.0 * x, -6.0 * y, -6.0 * x

    return Surface(
        name="monkey_saddle",
        title="Monkey saddle x³ − 3xy²",
        latex=r"f(x, y) = x^3 - 3xy^2",
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-2.0, 2.0), (-2.0, 2.0)),
        start=(1.5, 0.001),
        stationary=(((0.0, 0.0), "degenerate saddle"),),
        description=(
            "Three valleys meet at a point where the surface is flat to second order: the gradient "
            "and the curvature both vanish at (0, 0), so every method slows down there. No minimum."
        ),
    )
