"""Surfaces designed for Descent Lab, each built to teach one lesson.

* ``plateau``: a nearly flat plateau around a bowl.  Gradients on the plateau are tiny, so plain
  SGD crawls while methods that normalise the gradient's scale (Adam, RMSprop) move at full speed.
* ``cliff``: a gentle valley interrupted by a cliff, the 2D picture of an RNN's exploding-gradient
  cliff (Pascanu, Mikolov & Bengio, 2013).  Unclipped SGD is launched far away when it steps on the
  cliff face; clipping the gradient's norm keeps the step sane.

Both are smooth, with exact closed-form derivatives and a minimum known exactly by construction.
"""

from __future__ import annotations

import numpy as np

from paramspec import ParamSpec
from surfaces.base import Minimum, Surface, register


def _num(v: float) -> str:
    """A number for a LaTeX formula: 4 significant digits, no trailing zeros."""
    return f"{v:.4g}"


# --------------------------------------------------------------------------- plateau

_PLATEAU_WIDTH = 1.0  # radius scale w of the bowl; the plateau starts around r = 2.5 w


@register(
    "plateau",
    "Plateau around a bowl",
    params=(
        ParamSpec(
            "eps", 2e-3, "slope of the plateau: its gradient is 2·eps·r (smaller = flatter)",
            low=0.0, low_open=True, high=0.1, log=True, ui_low=1e-5, ui_high=0.1, batchable=False,
        ),
    ),
)
def plateau(eps: float) -> Surface:
    r"""A Gaussian well in a wide, almost flat plateau.

    With :math:`s = x^2 + y^2` and the bowl width :math:`w = 1`:

    .. math::
        f = \varepsilon s + 1 - e^{-s/(2w^2)},\qquad
        \nabla f = 2\varphi'(s)\,(x, y),\quad \varphi'(s) = \varepsilon + \frac{e^{-s/(2w^2)}}{2w^2},

        H = 2\varphi'(s)\,I + 4\varphi''(s)\,(x, y)(x, y)^\top,\quad
        \varphi''(s) = -\frac{e^{-s/(2w^2)}}{4w^4}.

    Design: near the origin the Gaussian makes a round bowl (f from 0 to about 1, curvature
    2ε + 1/w² ≈ 1, so GD is stable up to lr ≈ 2).  Beyond r ≈ 2.5 the Gaussian has flattened out
    and only the faint tilt ε s remains: f ≈ 1 + ε r² and |∇f| ≈ 2εr, about 0.02 at the start for
    the default ε = 0.002, a thirtieth of the 0.6 on the bowl's flanks.  A gradient step there moves
    lr·2εr, so SGD crawls; Adam and RMSprop divide by the gradient's running scale and move about
    lr per step whatever that scale is, reaching the bowl many times sooner (and, being
    per-coordinate, along a bent path).  The tilt keeps the plateau from being perfectly flat, so
    SGD does move, slowly, instead of stalling on rounding noise.

    Minimum: f is a function of s alone with φ'(s) > 0, so f increases strictly with the radius:
    the only stationary point is the global minimum 0 at (0, 0).

    View [-6, 6]²: mostly plateau, with the bowl (r < 2.5) in the middle.  Start (-4.5, 3.5),
    r ≈ 5.7: far out on the plateau and off the diagonal, so the bent per-coordinate path of Adam
    is easy to tell from SGD's straight radial one.
    """
    inv_2w2 = 1.0 / (2.0 * _PLATEAU_WIDTH**2)

    def f(x, y):
        s = x * x + y * y
        return eps * s - np.expm1(-s * inv_2w2)

    def grad(x, y):
        g = np.exp(-(x * x + y * y) * inv_2w2)
        slope = 2.0 * eps + (2.0 * inv_2w2) * g  # 2 φ'(s)
        return slope * x, slope * y

    def hessian(x, y):
        g = np.exp(-(x * x + y * y) * inv_2w2)
        slope = 2.0 * eps + (2.0 * inv_2w2) * g  # 2 φ'(s)
        bend = -(4.0 * inv_2w2 * inv_2w2) * g  # 4 φ''(s)
        return slope + bend * x * x, bend * x * y, slope + bend * y * y

    return Surface(
        name="plateau",
        title="Plateau around a bowl",
        latex=rf"f(x, y) = {_num(eps)}\,(x^2 + y^2) + 1 - e^{{-(x^2 + y^2)/2}}",
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-6.0, 6.0), (-6.0, 6.0)),
        start=(-4.5, 3.5),
        minima=(Minimum((0.0, 0.0), 0.0),),
        params={"eps": eps},
        description=(
            "A round bowl in the middle of a wide plateau whose slope is almost zero. Plain SGD takes "
            "tiny steps on the plateau because the gradient is tiny; Adam and RMSprop rescale the "
            "gradient and cross it quickly. Make eps smaller to make the plateau flatter."
        ),
    )


# --------------------------------------------------------------------------- cliff

# Geometry of the cliff surface (see the docstring of `cliff`).
_CLIFF_MIN_X = 2.0  # the minimum is at (2, 0)
_CLIFF_TOP, _CLIFF_FOOT = -1.3, -0.7  # the cliff face spans x in [-1.3, -0.7]
_CLIFF_EDGE = 0.002  # radius δ of the rounded top and bottom edges
_CLIFF_ALPHA, _CLIFF_BETA = 0.1, 1.0  # valley curvature along / across
_CLIFF_NOTCH = 0.02  # valley level L below which the cliff term fades out (only near the minimum)


def _edge(t):
    """softplus(t) = log(1 + e^t), its slope σ(t) = 1/(1 + e^-t) and σ'(t) = σ(1 - σ), for any t.

    All three come from one exponential u = e^{-|t|} <= 1 (so nothing overflows):
    softplus = max(t, 0) + log1p(u), σ = 1/(1 + u) for t >= 0 and u/(1 + u) below, σ' = u/(1 + u)².
    """
    u = np.exp(-np.abs(t))
    inv = 1.0 / (1.0 + u)
    softplus = np.maximum(t, 0.0) + np.log1p(u)
    sigma = np.where(t >= 0.0, inv, u * inv)
    return softplus, sigma, u * inv * inv


@register(
    "cliff",
    "Valley with a cliff",
    params=(
        ParamSpec(
            "steepness", 100.0, "slope K of the cliff face (0 removes the cliff)", low=0.0, high=1000.0,
            ui_high=300.0, batchable=False,
        ),
    ),
)
def cliff(steepness: float) -> Surface:
    r"""A gentle valley that drops down a cliff on the way to its minimum.

    Pieces (m = 2, face from a = -1.3 to b = -0.7, edge radius δ = 0.002, α = 0.1, β = 1, L = 0.02,
    K = ``steepness``, softplus :math:`\mathrm{sp}(t) = \log(1 + e^t)`, logistic σ = sp'):

    .. math::
        q = \tfrac12\bigl(\alpha (x - m)^2 + \beta y^2\bigr)
            \quad\text{(the valley: gentle along x, steeper across)},

        R(x) = K\delta\,\Bigl[\mathrm{sp}\bigl(\tfrac{b - x}{\delta}\bigr)
                              - \mathrm{sp}\bigl(\tfrac{a - x}{\delta}\bigr)\Bigr]
            \quad\text{(a ramp: } K(b - a) \text{ before } a,\
            \text{ slope } -K \text{ on the face, 0 after } b),

        G(q) = 1 - e^{-q/L}\quad\text{(0 at the minimum, 1 away from it)},\qquad
        f = q + R(x)\,G(q).

    Design.  On the upper terrace (x < a) f is the valley raised by K(b - a) = 60 (default K), after
    the face it is the valley itself, and on the face the slope is K = 100, against about 0.35 on
    the terrace.  The face is wide (0.6) and its edges are sharp (0.002): a descent creeping along
    the terrace in steps of lr·0.35 can neither jump over the face nor, except by bad luck, land on
    the rounded edge (where the slope is in between); it lands on the face, where the next step is
    lr·K, 10 for lr = 0.1.  That step throws unclipped SGD far past the minimum and out of the
    view, and the gentle valley takes hundreds of steps to bring it back; momentum is thrown too.
    With the gradient clipped to norm 1, SGD walks down the face in steps of lr and carries on.
    This is the 2D picture of the exploding-gradient cliffs of recurrent networks (Pascanu,
    Mikolov & Bengio, 2013) that motivated gradient clipping.

    View x in [-4, 4], y in [-2.5, 2.5]: the terrace, the cliff and the minimum's basin.  Start
    (-3.5, 1): on the terrace and off the valley floor, so the path first curves into the valley
    and then runs along it to the edge.

    Minimum, exactly: R >= 0 and G >= 0, so f >= q >= 0, and f = 0 only where q = 0: the unique
    global minimum is 0 at (m, 0) = (2, 0).  G is the notch that makes this exact: without it the
    ramp's exponentially small tail would tilt the valley floor and move the minimum by an unknown
    tiny amount.  Along the face q >= α(m - b)²/2 = 0.36, so G = 1 - e^{-18} there: the notch never
    touches the cliff.  No other stationary point: ∂f/∂y = βy(1 + RG') vanishes only at y = 0, and
    there ∂f/∂x = α(x - m)(1 + RG') + R'G is < 0 for x < m (R' <= 0), while beyond m the ramp's
    tail is ~e^{-1350} and cannot balance the valley's slope.

    Derivatives, with :math:`q_x = \alpha(x - m)`, :math:`q_y = \beta y`,
    :math:`R' = -K[\sigma(t_b) - \sigma(t_a)]`, :math:`R'' = \frac{K}{\delta}[\sigma'(t_b) - \sigma'(t_a)]`
    (:math:`t_a = (a - x)/\delta`, :math:`t_b = (b - x)/\delta`, :math:`\sigma' = \sigma(1 - \sigma)`),
    :math:`G' = e^{-q/L}/L`, :math:`G'' = -G'/L` and :math:`k = 1 + RG'`:

    .. math::
        \nabla f = \bigl(k\,q_x + R'G,\ k\,q_y\bigr),\qquad
        f_{xx} = k\alpha + 2R'G'q_x + RG''q_x^2 + R''G,

        f_{xy} = q_y\,(R'G' + RG''q_x),\qquad f_{yy} = k\beta + RG''q_y^2.
    """
    m, a, b, delta = _CLIFF_MIN_X, _CLIFF_TOP, _CLIFF_FOOT, _CLIFF_EDGE
    alpha, beta, inv_notch = _CLIFF_ALPHA, _CLIFF_BETA, 1.0 / _CLIFF_NOTCH
    k_slope = steepness
    inv_delta = 1.0 / delta

    def _valley(x, y):
        """q, q_x, q_y."""
        qx = alpha * (x - m)
        qy = beta * y
        return 0.5 * (qx * (x - m) + qy * y), qx, qy

    def _ramp(x):
        """R, R' and R'' (the softplus ramp and its slopes)."""
        sp_a, sig_a, dsig_a = _edge((a - x) * inv_delta)
        sp_b, sig_b, dsig_b = _edge((b - x) * inv_delta)
        r = (k_slope * delta) * (sp_b - sp_a)
        return r, -k_slope * (sig_b - sig_a), (k_slope * inv_delta) * (dsig_b - dsig_a)

    def f(x, y):
        q, _, _ = _valley(x, y)
        r, _, _ = _ramp(x)
        return q - r * np.expm1(-q * inv_notch)

    def grad(x, y):
        q, qx, qy = _valley(x, y)
        r, dr, _ = _ramp(x)
        e = np.exp(-q * inv_notch)
        k = 1.0 + (r * inv_notch) * e  # 1 + R G'
        return k * qx + dr * (1.0 - e), k * qy

    def hessian(x, y):
        q, qx, qy = _valley(x, y)
        r, dr, ddr = _ramp(x)
        e = np.exp(-q * inv_notch)
        g = 1.0 - e
        dg = e * inv_notch
        ddg = -dg * inv_notch
        k = 1.0 + r * dg
        hxx = k * alpha + 2.0 * dr * dg * qx + r * ddg * qx * qx + ddr * g
        hxy = qy * (dr * dg + r * ddg * qx)
        hyy = k * beta + r * ddg * qy * qy
        return hxx, hxy, hyy

    return Surface(
        name="cliff",
        quadratic=steepness == 0,  # without its cliff the surface is the valley q itself
        title="Valley with a cliff",
        latex=(
            r"f = q + R(x)\,\bigl(1 - e^{-q/0.02}\bigr),\quad q = 0.05\,(x - 2)^2 + 0.5\,y^2,\quad "
            rf"R(x) = {_num(k_slope * delta)}\left[\log\left(1 + e^{{-{_num(inv_delta)}(x + 0.7)}}\right)"
            rf" - \log\left(1 + e^{{-{_num(inv_delta)}(x + 1.3)}}\right)\right]"
        ),
        f_xy=f,
        grad_xy=grad,
        hessian_xy=hessian,
        bounds=((-4.0, 4.0), (-2.5, 2.5)),
        start=(-3.5, 1.0),
        minima=(Minimum((m, 0.0), 0.0),),
        log_contours=True,
        params={"steepness": steepness},
        description=(
            f"A gentle valley that drops down a cliff (slope {_num(k_slope)}) between x = -1.3 and "
            "x = -0.7 before reaching its minimum at (2, 0). An unclipped SGD step on the cliff face "
            "launches the point far away, like an exploding gradient in a recurrent network; clip the "
            "gradient norm and it walks down calmly. Set the steepness to 0 to remove the cliff."
        ),
    )
