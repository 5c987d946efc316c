"""L-BFGS: a quasi-Newton method that evaluates f and ∇f as often as one step needs (torch.optim.LBFGS)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from optimizers.base import Optimizer, register
from optimizers.exact import fma_float
from paramspec import ParamSpec

# One run is stepped at a time on Python floats: θ and every direction are 2-tuples (a NumPy call on two
# numbers costs a hundred times the arithmetic).  Python floats round as IEEE doubles, like torch's
# float64 tensors; only a division by zero raises instead of giving inf or NaN, hence _div.
Vector = tuple[float, float]


class RunState(NamedTuple):
    """What one run keeps between steps (torch keeps the same in ``optimizer.state``)."""

    n_iter: int = 0  # iterations over all steps so far
    d: Vector | None = None  # the last direction
    t: float = 0.0  # the last step length
    old_dirs: tuple = ()  # y_i = ∇f_{i+1} − ∇f_i, oldest first
    old_stps: tuple = ()  # s_i = t_i d_i
    ro: tuple = ()  # 1/(y_iᵀs_i)
    H_diag: float = 1.0  # γ = yᵀs/yᵀy: the scale of the initial inverse Hessian
    prev_flat_grad: Vector | None = None
    prev_loss: float = 0.0


class LBFGSState(NamedTuple):
    runs: tuple[RunState, ...]  # one per run of the batch


def _max(a, b):
    """Python's ``max(a, b)`` (keeps ``a`` unless ``b > a``, which decides what a NaN does)."""
    return b if b > a else a


def _min(a, b):
    return b if b < a else a


def _dot(a: Vector, b: Vector) -> float:
    return a[0] * b[0] + a[1] * b[1]  # torch's dot of two 2-vectors rounds exactly so (checked)


def _div(a: float, b: float) -> float:
    """``a / b`` with IEEE's answer (±inf or NaN) where Python would raise ZeroDivisionError."""
    if b == 0:
        return math.nan if a == 0 or a != a else math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def _abs_max(v: Vector) -> float:
    """torch's ``v.abs().max()``: NaN if either is NaN."""
    a, b = abs(v[0]), abs(v[1])
    return a + b if a != a or b != b else (a if a >= b else b)


def _axpy(v: Vector, alpha: float, w: Vector) -> Vector:
    """torch's ``w.add_(v, alpha=alpha)``: one fused multiply-add per coordinate."""
    return fma_float(v[0], alpha, w[0]), fma_float(v[1], alpha, w[1])


def _scale(v: Vector, a: float) -> Vector:
    return v[0] * a, v[1] * a


def _cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds=None):
    """The minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to ``bounds``."""
    if bounds is not None:
        xmin_bound, xmax_bound = bounds
    else:
        xmin_bound, xmax_bound = (x1, x2) if x1 <= x2 else (x2, x1)
    d1 = g1 + g2 - _div(3 * (f1 - f2), x1 - x2)
    d2_square = d1 * d1 - g1 * g2
    if d2_square >= 0:
        d2 = math.sqrt(d2_square)
        if x1 <= x2:
            min_pos = x2 - (x2 - x1) * _div(g2 + d2 - d1, g2 - g1 + 2 * d2)
        else:
            min_pos = x1 - (x1 - x2) * _div(g1 + d2 - d1, g1 - g2 + 2 * d2)
        return _min(_max(min_pos, xmin_bound), xmax_bound)
    return (xmin_bound + xmax_bound) / 2.0


def _strong_wolfe(evaluate, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25,
                  dot=_dot, abs_max=_abs_max):
    """torch's line search: bracket a step length t satisfying the strong Wolfe conditions, then zoom.

    ``evaluate(t)`` is (f, ∇f) at θ + t·d.  Returns (f, ∇f, t, evaluations).  ``dot`` and ``abs_max``
    are the only operations on vectors: the 2-tuples' here, NumPy's for a network's flat parameters
    (learn/full_batch.py).
    """
    d_norm = abs_max(d)
    f_new, g_new = evaluate(t)
    ls_func_evals = 1
    gtd_new = dot(g_new, d)
    t_prev, f_prev, g_prev, gtd_prev = 0.0, f, g, gtd
    done = False
    ls_iter = 0
    bracket_gtd = None
    while ls_iter < max_ls:
        if f_new > (f + c1 * t * gtd) or (ls_iter > 1 and f_new >= f_prev):
            bracket, bracket_f, bracket_g = [t_prev, t], [f_prev, f_new], [g_prev, g_new]
            bracket_gtd = [gtd_prev, gtd_new]
            break
        if abs(gtd_new) <= -c2 * gtd:
            bracket, bracket_f, bracket_g = [t], [f_new], [g_new]
            done = True
            break
        if gtd_new >= 0:
            bracket, bracket_f, bracket_g = [t_prev, t], [f_prev, f_new], [g_prev, g_new]
            bracket_gtd = [gtd_prev, gtd_new]
            break
        # extrapolate
        min_step = t + 0.01 * (t - t_prev)
        max_step = t * 10
        tmp = t
        t = _cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, bounds=(min_step, max_step))
        t_prev, f_prev, g_prev, gtd_prev = tmp, f_new, g_new, gtd_new
        f_new, g_new = evaluate(t)
        ls_func_evals += 1
        gtd_new = dot(g_new, d)
        ls_iter += 1
    if ls_iter == max_ls:
        bracket, bracket_f, bracket_g = [0.0, t], [f, f_new], [g, g_new]

    # zoom until a point satisfies the conditions or the bracket is too small
    insuf_progress = False
    low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
    while not done and ls_iter < max_ls:
        if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change:
            break
        t = _cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1])
        # a point too close to an end of the bracket makes little progress: move it inwards
        top, bottom = _max(bracket[0], bracket[1]), _min(bracket[0], bracket[1])
        eps = 0.1 * (top - bottom)
        if _min(top - t, t - bottom) < eps:
            if insuf_progress or t >= top or t <= bottom:
                t = top - eps if abs(t - top) < abs(t - bottom) else bottom + eps
                insuf_progress = False
            else:
                insuf_progress = True
        else:
            insuf_progress = False
        f_new, g_new = evaluate(t)
        ls_func_evals += 1
        gtd_new = dot(g_new, d)
        ls_iter += 1
        if f_new > (f + c1 * t * gtd) or f_new >= bracket_f[low_pos]:
            bracket[high_pos], bracket_f[high_pos], bracket_g[high_pos] = t, f_new, g_new
            bracket_gtd[high_pos] = gtd_new
            low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True
            elif gtd_new * (bracket[high_pos] - bracket[low_pos]) >= 0:
                bracket[high_pos], bracket_f[high_pos] = bracket[low_pos], bracket_f[low_pos]
                bracket_g[high_pos], bracket_gtd[high_pos] = bracket_g[low_pos], bracket_gtd[low_pos]
            bracket[low_pos], bracket_f[low_pos], bracket_g[low_pos] = t, f_new, g_new
            bracket_gtd[low_pos] = gtd_new
    return bracket_f[low_pos], bracket_g[low_pos], bracket[low_pos], ls_func_evals


@register
class LBFGS(Optimizer):
    """L-BFGS: a direction from the last ``history_size`` changes of position and gradient (an
    approximation of H⁻¹g built without any Hessian), walked with a fixed step γ or a strong-Wolfe
    line search.

    One step is up to ``max_iter`` iterations and ``max_eval`` evaluations of f and ∇f, so it costs
    many gradient steps of the other methods: the run's cost is its number of evaluations.  Each run
    of a batch is stepped on its own (its iterations and evaluations differ), one at a time.
    """

    name = "lbfgs"
    title = "L-BFGS"
    evaluates = True
    # its step needs a closure, not one mini-batch gradient: Train runs it on the full batch (learn/full_batch.py)
    trains_network = False
    specs = (
        ParamSpec("lr", 1.0, "γ: the step length tried along each direction", low=0.0, low_open=True, log=True,
                  ui_low=1e-3, ui_high=10.0),
        ParamSpec("max_iter", 20, "iterations per step at most", kind="int", low=1, high=1000, ui_high=100,
                  batchable=False),
        ParamSpec("max_eval", 0, "evaluations of f and ∇f per step at most (0: max_iter·5/4, torch's None)",
                  kind="int", low=0, high=10000, ui_high=200, batchable=False),
        ParamSpec("tolerance_grad", 1e-7, "stop when every |∂f/∂θᵢ| is at most this", low=0.0, log=True,
                  ui_low=1e-12, ui_high=1.0),
        ParamSpec("tolerance_change", 1e-9, "stop when f or θ changes less than this", low=0.0, log=True,
                  ui_low=1e-12, ui_high=1.0),
        ParamSpec("history_size", 100, "how many (s, y) pairs the inverse-Hessian estimate keeps", kind="int",
                  low=1, high=1000, ui_high=100, batchable=False),
        ParamSpec("line_search_fn", "none", "'strong_wolfe': search the step length; 'none': step γ",
                  kind="choice", choices=("none", "strong_wolfe"), batchable=False),
    )
    latex = (
        r"q = -g_k;\ \ \text{for } i = k-1, \dots, k-m:\ \ a_i = \rho_i\, s_i^\top q,\ \ q \mathrel{-}= a_i y_i\\"
        r"r = \gamma_k q,\ \ \gamma_k = \frac{s_{k-1}^\top y_{k-1}}{y_{k-1}^\top y_{k-1}};\ \ "
        r"\text{for } i = k-m, \dots, k-1:\ \ r \mathrel{+}= (a_i - \rho_i\, y_i^\top r)\, s_i\\"
        r"\theta_{k+1} = \theta_k + t_k\, r,\qquad t_k = \gamma\ \text{or strong Wolfe};\qquad"
        r" s_k = t_k r,\ \ y_k = g_{k+1} - g_k,\ \ \rho_k = \frac{1}{y_k^\top s_k}"
    )
    convention = (
        "torch.optim.LBFGS: one step() is up to max_iter = 20 iterations and max_eval = 25 evaluations of "
        "f and ∇f (the closure); the first direction is −g with t = min(1, 1/‖g‖₁)·γ; a pair (s, y) is kept "
        "only when yᵀs > 1e-10; line_search_fn None (a fixed step γ) or 'strong_wolfe'."
    )

    def __init__(self, **hyperparameters):
        # torch spells "no line search" and "the default evaluation budget" as None
        if hyperparameters.get("line_search_fn", "none") is None:
            hyperparameters["line_search_fn"] = "none"
        if "max_eval" in hyperparameters and hyperparameters["max_eval"] is None:
            hyperparameters["max_eval"] = 0
        super().__init__(**hyperparameters)

    def init(self, xy):
        return LBFGSState(tuple(RunState() for _ in range(len(xy))))

    def step(self, xy, g, state, lr, t, oracle=None):
        """One torch ``LBFGS.step(closure)`` for every run; ``oracle(points, rows)`` gives (f, ∇f)."""
        new_xy = np.array(xy, dtype=float)
        runs = []
        for i, run in enumerate(state.runs):
            def closure(point: Vector, i=i) -> tuple[float, Vector]:
                f, grad = oracle(np.array([point]), [i])
                return float(f[0]), (float(grad[0, 0]), float(grad[0, 1]))

            x, run = self._step_run((float(xy[i, 0]), float(xy[i, 1])), run, closure, float(_row(lr, i)),
                                    {k: _row(v, i) for k, v in self.h.items()})
            new_xy[i] = x
            runs.append(run)
        return new_xy, LBFGSState(tuple(runs))

    @staticmethod
    def _step_run(x, s: RunState, closure, lr, h):
        """torch's LBFGS.step on one run, line for line (``x`` is θ, a 2-tuple of floats)."""
        max_iter, tolerance_grad, tolerance_change = h["max_iter"], h["tolerance_grad"], h["tolerance_change"]
        max_eval = h["max_eval"] or max_iter * 5 // 4
        history_size = h["history_size"]
        loss, flat_grad = closure(x)
        current_evals = 1
        if _abs_max(flat_grad) <= tolerance_grad:
            return x, s
        d, t, H_diag = s.d, s.t, s.H_diag
        old_dirs, old_stps, ro = list(s.old_dirs), list(s.old_stps), list(s.ro)
        prev_flat_grad, prev_loss, total_iter = s.prev_flat_grad, s.prev_loss, s.n_iter
        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            total_iter += 1
            if total_iter == 1:
                d = (-flat_grad[0], -flat_grad[1])
                old_dirs, old_stps, ro, H_diag = [], [], [], 1.0
            else:
                y = (flat_grad[0] - prev_flat_grad[0], flat_grad[1] - prev_flat_grad[1])
                step = _scale(d, t)
                ys = _dot(y, step)
                if ys > 1e-10:
                    if len(old_dirs) == history_size:  # forget the oldest pair
                        old_dirs.pop(0)
                        old_stps.pop(0)
                        ro.pop(0)
                    old_dirs.append(y)
                    old_stps.append(step)
                    ro.append(1.0 / ys)
                    H_diag = _div(ys, _dot(y, y))
                # the two-loop recursion: r ≈ -H⁻¹g
                al = [0.0] * len(old_dirs)
                q = (-flat_grad[0], -flat_grad[1])
                for i in range(len(old_dirs) - 1, -1, -1):
                    al[i] = _dot(old_stps[i], q) * ro[i]
                    q = _axpy(old_dirs[i], -al[i], q)
                r = _scale(q, H_diag)
                for i in range(len(old_dirs)):
                    be_i = _dot(old_dirs[i], r) * ro[i]
                    r = _axpy(old_stps[i], al[i] - be_i, r)
                d = r
            prev_flat_grad = flat_grad
            prev_loss = loss
            if total_iter == 1:
                t = _min(1.0, _div(1.0, abs(flat_grad[0]) + abs(flat_grad[1]))) * lr
            else:
                t = lr
            gtd = _dot(flat_grad, d)
            if gtd > -tolerance_change:  # not a descent direction any more
                break
            ls_func_evals = 0
            if h["line_search_fn"] == "strong_wolfe":
                start = x

                def evaluate(step_length, start=start, d=d):
                    return closure(_axpy(d, step_length, start))

                loss, flat_grad, t, ls_func_evals = _strong_wolfe(evaluate, t, d, loss, flat_grad, gtd,
                                                                  max_ls=max_eval - current_evals)
                x = _axpy(d, t, x)
                opt_cond = _abs_max(flat_grad) <= tolerance_grad
            else:
                x = _axpy(d, t, x)
                if n_iter != max_iter:  # torch skips the evaluation after the last iteration
                    loss, flat_grad = closure(x)
                    opt_cond = _abs_max(flat_grad) <= tolerance_grad
                    ls_func_evals = 1
            current_evals += ls_func_evals
            if n_iter == max_iter or current_evals >= max_eval or opt_cond:
                break
            if _abs_max(_scale(d, t)) <= tolerance_change or abs(loss - prev_loss) < tolerance_change:
                break
        return x, RunState(total_iter, d, t, tuple(old_dirs), tuple(old_stps), tuple(ro), H_diag,
                           prev_flat_grad, prev_loss)


def _row(value, i):
    """Run i's value of a hyperparameter or learning rate (a scalar, or a (B, 1) column)."""
    return value[i, 0].item() if isinstance(value, np.ndarray) and value.ndim else value
