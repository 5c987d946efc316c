"""Compile custom formulas in separate processes that can be stopped, whatever SymPy does.

SymPy folds exact arithmetic eagerly, and some of it (a big integer power) is a single C call that
holds the interpreter lock: no thread deadline can interrupt it, and while it runs every session
of the server waits.  So the symbolic work (:mod:`surfaces.symbolic`) runs in a small pool of worker
processes, each a ``python`` running :func:`main`, that talk to the server over
their standard input and output, one JSON line per job and per answer.

What bounds a job, in the worker:

- **CPU time**, not wall time: ``setitimer(ITIMER_PROF)`` ends the process once the job has used
  its CPU seconds (the kernel delivers SIGPROF even inside a C call; its default action is to
  terminate), with ``RLIMIT_CPU`` behind it.  A busy server slows a job down in wall time but does
  not make it use more CPU, so a refusal for time is the formula's own and may be remembered.
- **Memory**: ``RLIMIT_AS`` caps the worker's address space (:data:`WORKER_MEMORY_BYTES`).

In the server, :class:`CompilePool` keeps up to :data:`POOL_SIZE` workers alive (SymPy is imported
once per worker, not per job), hands each job to a free one, and waits on the pipe, which releases
the interpreter lock: other sessions run meanwhile.  A worker that dies is replaced; a job that
waits too long for a free worker, or for an answer in wall time, is refused as *busy* (a refusal
that depends on load and so is never remembered).
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

POOL_SIZE = 2
WORKER_MEMORY_BYTES = 1 << 30  # 1 GiB of address space; SymPy + NumPy start at about 0.2 GiB
WAIT_FOR_WORKER_SECONDS = 20.0  # queueing behind other sessions' formulas
WALL_SLACK_SECONDS = 20.0  # wall time allowed beyond the CPU deadline (start-up, a loaded machine)
_PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)


@dataclass(frozen=True)
class Refusal:
    """A job that produced no surface: the message, the column it blames, and whether to remember it."""

    message: str
    column: int | None = None
    definite: bool = True
    kind: str = "formula"  # what refusal.Refusal calls its kind (the page's text for it)
    fields: dict = field(default_factory=dict)


# ----------------------------------------------------------------------------------------------------
# The server's side.


class _Worker:
    """One worker process and the bytes it has sent that are not yet a whole line."""

    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PROJECT_ROOT, env.get("PYTHONPATH")]))
        # one BLAS thread: the worker only evaluates three probe points, and threads reserve memory
        env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from surfaces.compile_worker import main; main()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=_PROJECT_ROOT,
        )
        self.buffer = b""

    def ask(self, job: dict, wall_seconds: float) -> dict | None:
        """Send ``job``; its answer, or None if the worker died or missed the wall deadline (it is then killed)."""
        try:
            self.process.stdin.write(json.dumps(job).encode() + b"\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            self.kill()
            return None
        deadline = time.monotonic() + wall_seconds
        fd = self.process.stdout.fileno()
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                return None
            ready, _, _ = select.select([fd], [], [], left)  # releases the GIL while it waits
            if not ready:
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:  # end of file: the worker is gone
                self.process.wait()
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return json.loads(line)

    def alive(self) -> bool:
        return self.process.poll() is None

    def killed_for_cpu_time(self) -> bool:
        return self.process.returncode in (-signal.SIGPROF, -signal.SIGXCPU)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


class CompilePool:
    """Up to ``size`` worker processes; :meth:`compile` runs one job on a free one."""

    def __init__(self, size: int = POOL_SIZE) -> None:
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        atexit.register(self.close)

    def compile(self, text: str, cpu_seconds: float) -> dict | Refusal:
        """The worker's answer for ``text`` (a dict of sources) or a :class:`Refusal`."""
        if not self._slots.acquire(timeout=WAIT_FOR_WORKER_SECONDS):
            return Refusal("the server is busy compiling other formulas; try again in a moment", definite=False,
                           kind="busy")
        try:
            worker = self._take()
            answer = worker.ask({"text": text, "cpu_seconds": cpu_seconds}, cpu_seconds + WALL_SLACK_SECONDS)
            if answer is None:
                self._forget(worker)
                if worker.killed_for_cpu_time():
                    return Refusal(f"the formula took too long to differentiate (over {cpu_seconds:g} s "
                                   "of computing time); simplify it", kind="too_slow",
                                   fields={"seconds": f"{cpu_seconds:g}"})
                return Refusal("the formula could not be compiled in time (the server may be busy); "
                               "try again in a moment", definite=False, kind="busy")
            self._give_back(worker)
            if "error" in answer:
                return Refusal(answer["error"], answer.get("column"), definite=True,
                               kind=answer.get("kind", "formula"), fields=answer.get("fields", {}))
            return answer["ok"]
        finally:
            self._slots.release()

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    return worker
                self._all.remove(worker)
            worker = _Worker()
            self._all.append(worker)
            return worker

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)

    def _forget(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)

    def close(self) -> None:
        """Stop every worker (at exit, and in tests)."""
        with self._lock:
            workers, self._all, self._idle = self._all, [], []
        for worker in workers:
            worker.kill()

    def worker_pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._all if w.alive()]


# ----------------------------------------------------------------------------------------------------
# The worker's side: the process running main().


def _limit_memory() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))
    except (ImportError, ValueError, OSError):  # not on this platform: the CPU deadline still holds
        pass


def _arm_cpu_deadline(seconds: float) -> None:
    """End this process once it has used ``seconds`` more CPU time (SIGPROF's default action)."""
    signal.signal(signal.SIGPROF, signal.SIG_DFL)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        import resource

        used = resource.getrusage(resource.RUSAGE_SELF)
        soft = int(used.ru_utime + used.ru_stime + seconds) + 2  # whole seconds; the timer is the precise one
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        resource.setrlimit(resource.RLIMIT_CPU, (soft if hard < 0 else min(soft, hard), hard))
    except (ImportError, ValueError, OSError):
        pass


def _disarm_cpu_deadline() -> None:
    signal.setitimer(signal.ITIMER_PROF, 0)


def _answer(text: str) -> dict:
    from surfaces.expression import ExpressionError
    from surfaces.symbolic import build_sources

    try:
        return {"ok": build_sources(text)}
    except ExpressionError as exc:
        fields = {k: v for k, v in exc.fields.items() if k != "column"}
        return {"error": str(exc), "column": exc.column, "kind": exc.kind, "fields": fields}
    except RecursionError:
        return {"error": "the formula is too complex to differentiate; simplify it", "kind": "too_complex"}
    except MemoryError:
        return {"error": "the formula needs too much memory to differentiate; simplify it", "kind": "too_complex"}
    except Exception as exc:  # SymPy failing on a formula we accepted: report, don't crash the page
        return {"error": f"the formula could not be differentiated ({type(exc).__name__})",
                "kind": "not_differentiable"}


def main() -> None:
    # Answers go to the real standard output; anything SymPy or NumPy might print goes to stderr.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    _limit_memory()
    import sympy  # noqa: F401  (once per worker, before any job's clock starts)

    import surfaces.symbolic  # noqa: F401

    for line in sys.stdin:
        job = json.loads(line)
        _arm_cpu_deadline(float(job["cpu_seconds"]))
        answer = _answer(str(job["text"]))
        _disarm_cpu_deadline()
        answers.write(json.dumps(answer) + "\n")
        answers.flush()
