"""No formula can hold the server: SymPy runs in worker processes bounded in CPU time and memory.

The families below are the ones that froze a server before the worker existed: SymPy folds an
x-free exponent into an exact integer power, one C call that holds the interpreter lock.  Each is
spelled several ways, since the text-level check sees only sub-expressions without x and y.
"""

from __future__ import annotations

import threading
import time

import pytest

from surfaces import ExpressionError, expression, from_expression
from surfaces.compile_worker import CompilePool, Refusal

# Each must be refused (or accepted) fast: the fold is refused before SymPy computes it.
HUGE_FOLDED_POWERS = [
    "3**(0*x+30000000)",
    "9**(0*x+999999999999999)",
    "9**(x-x+999999999999999)",
    "2**(x/x*99999999)",
    "7**(y**0*123456789)",
    "(x**0+1)**(y-y+10**15)",
    "((x**0+1)**100)**100",
    "((((x-x+2)**100)**100)**100)**100",
    "(y/y*3)**(x-x+50000)",
    "(1/(x**0*3))**(x*0+10**9)",  # a rational base
    "(x**0*10**15)**(y*0+100)**1",
    "exp(x) + 3**(0*x+30000000)",
    "x^2 + 3^(0*x+30000000)",
]


@pytest.mark.parametrize("text", HUGE_FOLDED_POWERS)
def test_huge_folded_powers_are_refused_fast(text):
    expression._CACHE.clear()
    start = time.perf_counter()
    with pytest.raises(ExpressionError, match="too large|too long"):
        from_expression(text)
    assert time.perf_counter() - start < 2.0


def test_small_folded_powers_still_work():
    assert from_expression("(x-x+9)**100 + x**2").grad([1.0, 2.0]).tolist() == [2.0, 0.0]
    assert from_expression("2**(x-x+0.5)").f([0.0, 0.0]) == pytest.approx(2**0.5)


def test_cpu_deadline_kills_the_worker_and_a_new_one_takes_over():
    pool = CompilePool(size=1)
    try:
        heavy = "*".join(f"sin(x*y+{k})" for k in range(1, 13))  # about 0.5 s of SymPy
        start = time.perf_counter()
        answer = pool.compile(heavy, cpu_seconds=0.05)
        assert isinstance(answer, Refusal) and answer.definite and "too long" in answer.message
        assert time.perf_counter() - start < 5.0
        assert pool.worker_pids() == []  # the worker that ran over was killed
        again = pool.compile("x**2 + y**2", cpu_seconds=3.0)
        assert isinstance(again, dict) and again["canonical"] == "x**2 + y**2"
    finally:
        pool.close()


def test_worker_has_a_memory_limit():
    pool = CompilePool(size=1)
    try:
        pool.compile("x**2", cpu_seconds=3.0)
        (pid,) = pool.worker_pids()
        with open(f"/proc/{pid}/limits") as limits:
            line = next(row for row in limits if row.startswith("Max address space"))
        assert line.split()[3] == str(1 << 30)
    finally:
        pool.close()


def test_other_threads_keep_running_while_a_formula_compiles():
    """The server waits for the worker on a pipe, which releases the interpreter lock."""
    expression._CACHE.clear()
    heavy = "*".join(f"sin(x*y+{k})" for k in range(1, 13))
    from_expression("x**2")  # the worker is started, SymPy imported
    gaps: list[float] = []
    done = threading.Event()

    def ticker():
        last = time.perf_counter()
        while not done.is_set():
            time.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        from_expression(heavy)
        for text in HUGE_FOLDED_POWERS[:3]:
            with pytest.raises(ExpressionError):
                from_expression(text)
    finally:
        done.set()
        thread.join()
    assert max(gaps) < 0.5


def test_busy_refusals_are_not_remembered(monkeypatch):
    expression._CACHE.clear()
    real = expression._POOL.compile
    calls = []

    def busy_once(text, cpu_seconds):
        calls.append(text)
        if len(calls) == 1:
            return Refusal("the server is busy", definite=False)
        return real(text, cpu_seconds)

    monkeypatch.setattr(expression._POOL, "compile", busy_once)
    with pytest.raises(ExpressionError, match="busy"):
        from_expression("x**2 + 2*y**2")
    assert from_expression("x**2 + 2*y**2").grad([1.0, 1.0]).tolist() == [2.0, 4.0]


def test_definite_refusals_are_remembered(monkeypatch):
    expression._CACHE.clear()
    with pytest.raises(ExpressionError):
        from_expression("3**(0*x+30000000)")
    monkeypatch.setattr(expression._POOL, "compile", lambda *a: pytest.fail("asked the worker again"))
    with pytest.raises(ExpressionError, match="too large"):
        from_expression("3**(0*x+30000000)")


@pytest.mark.parametrize(
    "code",
    [
        "import os",
        "def f(x, y):\n    return [__import__('os').system('true')]",
        "def f(x, y):\n    return [x.__class__]",
        "def f(x, y):\n    return [open('/etc/passwd')]",
        "def f(x, y):\n    return ['text']",
        "def f(x, y):\n    return [(lambda: 1)()]",
        "def f(x, y):\n    return [x]\ndef g(x, y):\n    return [y]",
        "@sin\ndef f(x, y):\n    return [x]",
        "def f(x, y):\n    return [" + "9" * 5000 + "]",
    ],
)
def test_generated_code_is_checked_before_it_is_compiled(code):
    with pytest.raises(ExpressionError, match="NumPy"):
        expression._load_generated(code)


def test_four_formulas_at_once_all_compile():
    """Four sessions opening four different formulas together: each gets its surface."""
    expression._CACHE.clear()
    texts = [f"sin({k}*x)*cos(y) + 0.1*(x**2 + y**2) + tanh(x*y/{k})" for k in range(1, 5)]
    results: dict[str, object] = {}

    def open_one(text):
        try:
            results[text] = from_expression(text).title
        except ExpressionError as exc:
            results[text] = exc

    threads = [threading.Thread(target=open_one, args=(text,)) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(results[text], str) for text in texts), results
