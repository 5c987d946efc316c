"""A classroom at once: N concurrent sessions changing controls on one Descent Lab server.

Streamlit reruns a page over a websocket, so plain HTTP load tools never exercise a rerun.  Two
drivers, both real sessions on the real server:

* ``--mode protocol`` (default): a small client of Streamlit's own websocket protocol (the
  ``BackMsg``/``ForwardMsg`` protobufs the browser exchanges).  Each session opens the page, then
  changes a control the way a student does (the steps slider, a learning-rate slider, now and then
  the surface) and waits for ``script_finished``.  This measures the server: what 30 students on
  30 laptops cost it, without 30 renderers competing with it for this machine's cores.
* ``--mode browser``: N Playwright contexts in one headless Chromium (Debian's, never downloaded),
  pressing arrow keys on the steps slider and waiting until the script is not running, the URL
  carries the new value and the page has painted.  End to end, but the browsers share the
  server's CPU, so at large N it measures this machine more than the server.

Besides latency (median, p95) and errors at each N, it reports server memory (VmRSS of the server
process from /proc before and after the sessions open), whether a preset opened by many sessions
at once is computed once (the server is started by this script with the engine instrumented: every
``optimizers.run`` prints a line, counted here), whether sessions leak state into each other (each
session sets its own values and must see exactly those in its own URL), and how a long computation
in one session affects another session's reruns.  ``--formulas`` runs only :func:`formulas_check`: four
sessions open four different custom formulas at once (compiled by SymPy in the worker pool) while a
fifth session keeps moving the steps slider; do all four get their surfaces, and how long do the
fifth's reruns take meanwhile?

    .venv/bin/python benchmarks/load.py                         # protocol, N = 1, 10, 30
    .venv/bin/python benchmarks/load.py --mode browser --sessions 1,10
    .venv/bin/python benchmarks/load.py --json benchmarks/out/load.json
    .venv/bin/python benchmarks/load.py --formulas              # 4 new formulas at once + a 5th session's reruns
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import math
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode

ROOT = Path(__file__).resolve().parents[1]
ENGINE_LINE = "LOADTEST engine.run"
CHROMIUM = os.environ.get("DESCENT_LAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


# ------------------------------------------------------------------------------ the server under test


def serve(port: int) -> None:
    """Run ``streamlit run app.py`` in this process with ``optimizers.run`` counting its calls."""
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import optimizers
    import optimizers.engine as engine

    real_run = engine.run

    def counted_run(*args, **kwargs):
        print(ENGINE_LINE, flush=True)
        return real_run(*args, **kwargs)

    engine.run = optimizers.run = counted_run  # pages import these names at run time, after this
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
                "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    cli.main()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The instrumented server as a child process: its URL, RSS and engine-run count."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, __file__, "--serve", str(self.port)], cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.engine_runs = 0
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited:\n" + "\n".join(self.log))
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not become healthy")

    def _read(self):
        for line in self.proc.stdout:
            if line.startswith(ENGINE_LINE):
                self.engine_runs += 1
            else:
                self.log.append(line.rstrip())

    def rss_mb(self) -> float:
        return _rss_mb(self.proc.pid)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def metrics(self) -> str:
        with urllib.request.urlopen(self.url + "/_stcore/metrics", timeout=10) as r:
            return r.read().decode()

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


# ------------------------------------------------------------------- Streamlit's websocket protocol


@dataclass
class RunResult:
    seconds: float
    status: int | None  # ForwardMsg.ScriptFinishedStatus, None on timeout
    exceptions: list[str]
    widgets: dict  # key -> (element type, proto)
    query: str | None  # the query string the page published during this run (None: unchanged)
    alerts: list[str] = field(default_factory=list)  # st.error / st.warning / st.info texts
    error_alerts: list[str] = field(default_factory=list)  # the st.error ones among them


class ProtocolSession:
    """One browser tab, as far as the server can tell: a websocket speaking BackMsg/ForwardMsg."""

    def __init__(self, base_url: str, page: str = "", query: str = "", headers: dict | None = None):
        self.ws_url = base_url.replace("http", "ws", 1) + "/_stcore/stream"
        self.page = page
        self.query = query
        self.headers = headers or {}  # e.g. the route cookie a load balancer set (benchmarks/replicas.py)
        self.widgets: dict = {}
        self.ws = None

    async def open(self, timeout: float = 120) -> RunResult:
        import websockets

        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                                           open_timeout=timeout, ping_interval=None,
                                           additional_headers=self.headers)
        return await self.rerun(None, timeout=timeout)

    async def close(self):
        if self.ws is not None:
            await self.ws.close()

    async def rerun(self, widget_state, timeout: float = 120) -> RunResult:
        from streamlit.proto.Alert_pb2 import Alert
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_name = self.page
        if widget_state is not None:
            msg.rerun_script.widget_states.widgets.append(widget_state)
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        exceptions, widgets, published, alerts, error_alerts = [], {}, None, [], []
        status = None
        deadline = start + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                break
            try:
                data = await asyncio.wait_for(self.ws.recv(), remaining)
            except TimeoutError:
                break
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                etype = element.WhichOneof("type")
                if etype == "exception":
                    exceptions.append(f"{element.exception.type}: {element.exception.message}"[:300])
                elif etype == "alert":
                    alerts.append(element.alert.body[:200])
                    if element.alert.format == Alert.ERROR:
                        error_alerts.append(element.alert.body[:200])
                proto = getattr(element, etype)
                wid = getattr(proto, "id", "") if etype not in ("markdown", "alert", "heading") else ""
                if wid.startswith("$$ID-"):
                    widgets[wid.split("-", 2)[2]] = (etype, proto)
            elif kind == "page_info_changed":
                published = fwd.page_info_changed.query_string
            elif kind == "script_finished":
                status = fwd.script_finished
                if status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    break
        if published is not None:
            self.query = published  # the browser's address bar follows st.query_params
        if widgets:
            self.widgets = widgets
        return RunResult(time.perf_counter() - start, status, exceptions, widgets, published, alerts, error_alerts)


def widget_state(widgets: dict, key: str, value):
    """The WidgetState a browser sends for ``key`` set to ``value`` (by the widget's own type)."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    etype, proto = widgets[key]
    ws = WidgetState()
    ws.id = proto.id
    if etype == "slider" and len(proto.options):  # a select_slider: formatted option labels
        ws.string_array_value.data[:] = [value]
    elif etype == "slider":
        ws.double_array_value.data[:] = [float(value)]
    elif etype in ("selectbox", "radio"):
        ws.string_value = value
    elif etype == "number_input":
        ws.double_value = float(value)
    elif etype == "checkbox":
        ws.bool_value = bool(value)
    elif etype == "button":
        ws.trigger_value = True
    else:
        raise ValueError(f"no driver for {etype}")
    return ws


# ------------------------------------------------------------------------------- a student's moves


STEPS_KEY = "compare.steps"
SURFACES_TO_VISIT = 4  # how many distinct surfaces the class wanders over


def student_move(rng: random.Random, widgets: dict, own_steps: int) -> tuple[str, object]:
    """What a student does next on Compare: mostly sliders, now and then another surface."""
    roll = rng.random()
    lr_keys = [k for k in widgets if re.fullmatch(r"compare\.o\d+\.lr~slider", k)]
    if roll < 0.5 or not lr_keys:
        return STEPS_KEY, own_steps
    if roll < 0.92:
        key = rng.choice(lr_keys)
        options = list(widgets[key][1].options)
        middle = len(options) // 2
        return key, options[rng.randrange(max(0, middle - 6), min(len(options), middle + 4))]
    options = list(widgets["compare.surface"][1].options)[:SURFACES_TO_VISIT]
    return "compare.surface", rng.choice(options)


@dataclass
class SessionLog:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    leak_checks: int = 0
    open_seconds: float = 0.0


async def protocol_student(index: int, base_url: str, changes: int, think: float, seed: int,
                           query: str, opened: asyncio.Event | None, go: asyncio.Event | None,
                           headers: dict | None = None) -> SessionLog:
    log = SessionLog()
    rng = random.Random(seed * 1000 + index)
    session = ProtocolSession(base_url, query=query, headers=headers)
    try:
        first = await session.open()
        log.open_seconds = first.seconds
        if first.exceptions or first.status is None:
            log.errors.append(f"open: {first.exceptions or 'timeout'}")
        if opened is not None:
            opened.set()
        if go is not None:
            await go.wait()
        for step in range(changes):
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
            # each session's own, distinctive step count: 11 + 30·index + step, never shared by two sessions
            own_steps = 11 + 3 * (index % 97) + 300 * (step % 2)
            key, value = student_move(rng, session.widgets, own_steps)
            if key not in session.widgets:
                log.errors.append(f"{key} is not on the page")
                continue
            result = await session.rerun(widget_state(session.widgets, key, value))
            if result.status is None:
                log.errors.append(f"change {step}: no script_finished within the timeout")
                continue
            if result.exceptions:
                log.errors.append(f"change {step}: {result.exceptions[0]}")
            log.latencies.append(result.seconds)
            if key == STEPS_KEY:
                # no leak: this session's URL carries exactly the value this session set
                seen = parse_qs(session.query).get(STEPS_KEY, [None])[-1]
                log.leak_checks += 1
                if seen != str(value):
                    log.leaks.append(f"session {index} set steps={value} but its page says {seen}")
    except Exception as err:  # noqa: BLE001 - a failed session is a measured error, not a crash of the benchmark
        log.errors.append(f"{type(err).__name__}: {err}"[:300])
    finally:
        await session.close()
    return log


async def run_protocol_level(server: Server, n: int, changes: int, think: float, seed: int, query: str = ""):
    """N sessions open the page together, then each makes ``changes`` moves."""
    rss_before = server.rss_mb()
    openeds = [asyncio.Event() for _ in range(n)]
    go = asyncio.Event()
    tasks = [asyncio.create_task(protocol_student(i, server.url, changes, think, seed, query, openeds[i], go))
             for i in range(n)]
    await asyncio.wait_for(asyncio.gather(*(e.wait() for e in openeds)), timeout=600)
    rss_open = server.rss_mb()
    cpu0, t0 = server.cpu_seconds(), time.perf_counter()
    go.set()
    logs = await asyncio.gather(*tasks)
    wall = time.perf_counter() - t0
    cpu = server.cpu_seconds() - cpu0
    return summarize(n, logs, rss_before, rss_open, server.rss_mb(), wall, cpu)


def summarize(n, logs, rss_before, rss_open, rss_after, wall, cpu) -> dict:
    lat = sorted(x for log in logs for x in log.latencies)
    opens = sorted(log.open_seconds for log in logs)
    return {
        "sessions": n,
        "reruns": len(lat),
        "median_s": statistics.median(lat) if lat else None,
        "p95_s": lat[min(len(lat) - 1, int(0.95 * len(lat)))] if lat else None,
        "max_s": lat[-1] if lat else None,
        "open_median_s": statistics.median(opens) if opens else None,
        "errors": sum(len(log.errors) for log in logs),
        "error_examples": [e for log in logs for e in log.errors][:5],
        "leaks": [x for log in logs for x in log.leaks][:5],
        "leak_checks": sum(log.leak_checks for log in logs),
        "rss_before_mb": round(rss_before, 1),
        "rss_open_mb": round(rss_open, 1),
        "rss_after_mb": round(rss_after, 1),
        "mb_per_session_open": round((rss_open - rss_before) / n, 2),
        "throughput_reruns_per_s": round(len(lat) / wall, 2) if wall > 0 else None,
        "server_cpu_s": round(cpu, 1),
        "server_cpu_per_rerun_s": round(cpu / len(lat), 3) if lat else None,
    }


async def preset_query(server: Server, preset: str) -> str:
    """The link a teacher shares: click the preset once and read the query string the page publishes."""
    s = ProtocolSession(server.url)
    await s.open()
    result = await s.rerun(widget_state(s.widgets, f"_compare.preset.{preset}", True))
    await s.close()
    if result.query is None:
        raise RuntimeError(f"preset {preset} published no query string")
    return result.query


async def clear_cache(server: Server) -> None:
    """What the menu's "Clear cache" sends: every st.cache_data/st.cache_resource entry is dropped."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    s = ProtocolSession(server.url)
    await s.open()
    msg = BackMsg()
    msg.clear_cache = True
    await s.ws.send(msg.SerializeToString())
    await asyncio.sleep(0.5)
    await s.close()


async def shared_preset_check(server: Server, n: int, preset: str) -> dict:
    """Open one preset in 1 session, then in N sessions at once (cold cache both times): count engine runs."""
    query = await preset_query(server, preset)
    counts, miss_counts = [], []
    for sessions in (1, n):
        await clear_cache(server)
        before = server.engine_runs
        misses = cache_stats(server.metrics()).get("cached_run", {}).get("miss", 0)
        opened = [ProtocolSession(server.url, query=query) for _ in range(sessions)]
        results = await asyncio.gather(*(s.open() for s in opened))
        await asyncio.sleep(0.3)  # let the last log lines arrive
        counts.append(server.engine_runs - before)
        miss_counts.append(cache_stats(server.metrics()).get("cached_run", {}).get("miss", 0) - misses)
        for s in opened:
            await s.close()
        bad = [r.exceptions for r in results if r.exceptions or r.status is None]
        if bad:
            raise RuntimeError(f"preset {preset} failed: {bad[:2]}")
    return {"preset": preset, "query": query, "engine_runs_1_session": counts[0],
            f"engine_runs_{n}_sessions": counts[1], "cache_misses_1_session": miss_counts[0],
            f"cache_misses_{n}_sessions": miss_counts[1], "computed_once": counts[0] == counts[1]}


async def isolation_check(server: Server) -> dict:
    """Two sessions set different values at the same time; each must see its own."""
    a, b = ProtocolSession(server.url), ProtocolSession(server.url)
    await asyncio.gather(a.open(), b.open())
    ra, rb = await asyncio.gather(a.rerun(widget_state(a.widgets, STEPS_KEY, 37)),
                                  b.rerun(widget_state(b.widgets, STEPS_KEY, 91)))
    surface_options = list(a.widgets["compare.surface"][1].options)
    await a.rerun(widget_state(a.widgets, "compare.surface", surface_options[2]))
    rb2 = await b.rerun(widget_state(b.widgets, STEPS_KEY, 92))
    qa, qb = parse_qs(a.query), parse_qs(b.query)
    await a.close()
    await b.close()
    ok = (qa.get(STEPS_KEY) == ["37"] and qb.get(STEPS_KEY) == ["92"] and "compare.surface" in qa
          and "compare.surface" not in qb and not (ra.exceptions or rb.exceptions or rb2.exceptions))
    return {"a_query": a.query, "b_query": b.query, "isolated": ok}


async def heavy_check(server: Server, heavy_page: str, heavy_query: str, probes: int = 8) -> dict:
    """Compare-page reruns while another session runs a long computation, against the same reruns idle."""
    async def probe_latencies() -> list[float]:
        s = ProtocolSession(server.url)
        await s.open()
        out = []
        for i in range(probes):
            r = await s.rerun(widget_state(s.widgets, STEPS_KEY, 40 + 7 * i + random.randrange(5)))
            out.append(r.seconds)
        await s.close()
        return out

    idle = await probe_latencies()
    heavy = ProtocolSession(server.url, page=heavy_page, query=heavy_query)
    heavy_task = asyncio.create_task(heavy.open(timeout=300))
    await asyncio.sleep(0.5)
    busy = await probe_latencies()
    heavy_result = await heavy_task
    await heavy.close()
    return {"heavy": f"{heavy_page}?{heavy_query}", "heavy_run_s": round(heavy_result.seconds, 2),
            "heavy_errors": heavy_result.exceptions[:2],
            "probe_median_idle_s": round(statistics.median(idle), 3),
            "probe_median_during_heavy_s": round(statistics.median(busy), 3),
            "probe_max_during_heavy_s": round(max(busy), 3),
            "probes_finished_before_heavy": heavy_result.seconds > 0.5 + sum(busy)}


# ------------------------------------------------------------------------------ formulas at once

MAP_KEY = "_compare.map"  # the Compare page's main figure (map, loss and learning rate)


@dataclass(frozen=True)
class Formula:
    """A formula as a student types it, and the same function in plain Python (to check the page's numbers)."""

    text: str
    f: Callable[[float, float], float]

    def query(self) -> str:
        """The Compare link that opens it (the keys ui/surface_picker.py restores)."""
        return urlencode({"compare.surface": "custom", "compare.expr": self.text})


def legit_formulas(rng: random.Random | None = None) -> list[Formula]:
    """Four legitimate, non-trivial formulas, each with a fresh random constant: text no cache has seen."""
    rng = rng or random.Random()
    k1, k2, k3, k4 = (round(rng.uniform(2.0, 9.0), 6) for _ in range(4))
    exp, cos, sin, sqrt, pi = math.exp, math.cos, math.sin, math.sqrt, math.pi
    return [
        Formula(f"sin(3*x)*cos(2*y) + 0.1*(x**2+y**2) + tanh(x*y/{k1})",
                lambda x, y: sin(3 * x) * cos(2 * y) + 0.1 * (x**2 + y**2) + math.tanh(x * y / k1)),
        Formula(f"(1 + (x+y+1)**2*(19-14*x+3*x**2-14*y+6*x*y+3*y**2))"
                f"*(30 + (2*x-3*y)**2*(18-32*x+12*x**2+48*y-36*x*y+27*y**2))/({k2}*100000)",
                lambda x, y: (1 + (x + y + 1)**2 * (19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2))
                * (30 + (2 * x - 3 * y)**2 * (18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2))
                / (k2 * 100000)),
        Formula(f"log(1+x**2+y**2)*cos(x-y) + exp(-(x-1)**2/{k3})",
                lambda x, y: math.log(1 + x**2 + y**2) * cos(x - y) + exp(-(x - 1)**2 / k3)),
        Formula(f"-20*exp(-0.2*sqrt(0.5*(x**2+y**2) + {k4}/100)) - exp(0.5*(cos(2*pi*x)+cos(2*pi*y))) + e + 20",
                lambda x, y: -20 * exp(-0.2 * sqrt(0.5 * (x**2 + y**2) + k4 / 100))
                - exp(0.5 * (cos(2 * pi * x) + cos(2 * pi * y))) + math.e + 20),
    ]


def _plotly_values(value) -> list[float]:
    """A trace's x or y: a plain list, or Plotly's typed array ``{"dtype": "f8", "bdata": base64}``."""
    if isinstance(value, dict):
        import numpy as np

        dtype = np.dtype(value["dtype"]).newbyteorder("<")
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=dtype).tolist()
    return list(value)


def surface_shown(result: RunResult, formula: Formula) -> tuple[bool, str]:
    """Did this run finish cleanly and draw ``formula``'s surface?  And what proves it.

    The Compare page does not print the formula back, but its figure does carry numbers only that
    surface gives: the loss curves start at f(start) (carried as each curve's customdata), and the start is
    the "start" marker on the map.
    f is recomputed here from the same formula and must agree.
    """
    if result.status is None:
        return False, "no script_finished within the timeout"
    if result.exceptions:
        return False, f"exception: {result.exceptions[0]}"
    if result.error_alerts:
        return False, f"error: {result.error_alerts[0]}"
    chart = result.widgets.get(MAP_KEY)
    if chart is None:
        return False, "no map on the page"
    try:
        traces = json.loads(chart[1].spec)["data"]
        start = next(tr for tr in traces if tr.get("name") == "start")
        loss = next(tr for tr in traces if tr.get("xaxis") == "x2")  # the first optimizer's loss curve
        x0, y0 = _plotly_values(start["x"])[0], _plotly_values(start["y"])[0]
        # the curve's customdata is f itself (its y may be on a transformed axis: log f − f*, symlog)
        shown = _plotly_values(loss.get("customdata", loss["y"]))[0]
    except (StopIteration, KeyError, IndexError, TypeError, ValueError) as err:
        return False, f"the map has no start point or loss curve ({type(err).__name__})"
    expected = formula.f(x0, y0)
    ok = shown is not None and math.isclose(shown, expected, rel_tol=1e-6, abs_tol=1e-9)
    return ok, f"f({x0:g}, {y0:g}) = {shown:.6g} on the page, {expected:.6g} by the formula"


async def formulas_check(server: Server, formulas: list[Formula] | None = None, probes: int = 6,
                         think: float = 0.1, timeout: float = 120, idle_probes: int = 3) -> dict:
    """Four sessions open four different formulas at once while a fifth keeps moving the steps slider.

    The fifth session opens the default Compare page first and makes ``idle_probes`` reruns (the
    baseline).  Then the four open their Compare links together, and the fifth changes the steps
    slider (a new value every time, so every rerun really runs) until all four have finished and it
    has made at least ``probes`` reruns.  Each of the four: did the page finish without an exception
    or error, does its figure show that formula's surface (:func:`surface_shown`), how long did it
    take.  The fifth: every rerun's latency, and whether it started while the four were running.
    """
    formulas = legit_formulas() if formulas is None else formulas
    rng = random.Random()
    log_mark = len(server.log)
    fifth = ProtocolSession(server.url)
    first = await fifth.open(timeout=timeout)
    if first.status is None or first.exceptions or STEPS_KEY not in fifth.widgets:
        await fifth.close()
        raise RuntimeError(f"the fifth session's default page failed: {first.exceptions or 'timeout'}")

    async def move() -> tuple[int, RunResult]:
        value = rng.randrange(20, 1000)
        return value, await fifth.rerun(widget_state(fifth.widgets, STEPS_KEY, value), timeout=timeout)

    idle = [(await move())[1].seconds for _ in range(idle_probes)]
    done = asyncio.Event()
    t0 = time.perf_counter()

    async def open_one(formula: Formula) -> dict:
        session = ProtocolSession(server.url, query=formula.query())
        row = {"formula": formula.text, "ok": False, "seconds": None, "check": "", "warnings": []}
        try:
            result = await session.open(timeout=timeout)
            row["ok"], row["check"] = surface_shown(result, formula)
            row["warnings"] = [a for a in result.alerts if a not in result.error_alerts][:2]
        except Exception as err:  # noqa: BLE001 - a failed session is a measured result
            row["check"] = f"{type(err).__name__}: {err}"[:300]
        finally:
            row["seconds"] = round(time.perf_counter() - t0, 3)  # from the moment all four set off
            await session.close()
        return row

    async def the_four() -> list[dict]:
        try:
            return await asyncio.gather(*(open_one(f) for f in formulas))
        finally:
            done.set()

    async def slider() -> tuple[list[dict], list[str]]:
        reruns, errors = [], []
        try:
            while not done.is_set() or len(reruns) < probes:
                during = not done.is_set()
                at = time.perf_counter() - t0
                value, result = await move()
                reruns.append({"at_s": round(at, 3), "seconds": round(result.seconds, 3), "steps": value,
                               "during": during})
                if result.status is None or result.exceptions or result.error_alerts:
                    what = (result.exceptions or result.error_alerts or ["no script_finished"])[0]
                    errors.append(f"rerun {len(reruns)}: {what}")
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
        except Exception as err:  # noqa: BLE001 - measured, reported
            errors.append(f"{type(err).__name__}: {err}"[:300])
        return reruns, errors

    try:
        opened, (reruns, rerun_errors) = await asyncio.gather(the_four(), slider())
    finally:
        await fifth.close()
    during = [r["seconds"] for r in reruns if r["during"]]
    every = [r["seconds"] for r in reruns]
    return {
        "formulas": opened,
        "all_surfaces": all(row["ok"] for row in opened),
        "all_four_s": max((row["seconds"] for row in opened), default=None),
        "fifth_open_s": round(first.seconds, 3),
        "fifth_idle_median_s": round(statistics.median(idle), 3) if idle else None,
        "fifth_reruns": reruns,
        "fifth_reruns_during": len(during),
        "fifth_median_s": round(statistics.median(during), 3) if during else None,
        "fifth_max_s": max(during, default=None),  # the reruns that started while the four were running
        "fifth_max_all_s": max(every, default=None),
        "fifth_errors": rerun_errors,
        "server_errors": [line for line in server.log[log_mark:] if "Traceback" in line or "Error" in line][:10],
        "loadavg": os.getloadavg()[0],
    }


def formulas_table(report: dict) -> str:
    """The four formulas and the fifth session's reruns, as a short table."""
    lines = ["| session | what | surface shown | seconds | evidence |", "|---|---|---|---|---|"]
    for i, row in enumerate(report["formulas"], 1):
        text = row["formula"] if len(row["formula"]) <= 70 else row["formula"][:69] + "…"
        seconds = "—" if row["seconds"] is None else f"{row['seconds']:.2f}"
        lines.append(f"| {i} | `{text}` | {'yes' if row['ok'] else 'NO'} | {seconds} | {row['check']} |")
    during = [f"{r['seconds']:.2f}" for r in report["fifth_reruns"] if r["during"]]
    median, worst = report["fifth_median_s"], report["fifth_max_s"]
    lines.append(f"| 5 | steps slider: {len(during)} reruns during the four ({', '.join(during)} s) "
                 f"| {'errors: ' + str(len(report['fifth_errors'])) if report['fifth_errors'] else 'no errors'} "
                 f"| median {median if median is None else f'{median:.3f}'}, "
                 f"max {worst if worst is None else f'{worst:.3f}'} "
                 f"| idle median {report['fifth_idle_median_s']}, max of all {len(report['fifth_reruns'])} "
                 f"reruns {report['fifth_max_all_s']} |")
    return "\n".join(lines)



# ------------------------------------------------------------------------------------------ limits

# each page at the caps its controls allow (the biggest grid, the most steps, seeds, layers...):
# what one student can ask of the server in one rerun
CAPS = {
    "compare": "compare.steps=1000&compare.n=8&compare.batch=1&compare.surface=goldstein_price",
    "sweep": "sweep.nx=128&sweep.ny=128&sweep.steps=488&sweep.optimizer=adam&sweep.surface=rosenbrock",
    "search": "search.n=1024&search.steps=5000&search.res=40&search.optimizer=adam",
    "basins": "basins.resolution=256&basins.steps=2000&basins.optimizer=adam&basins.mode=steps&basins.every=1",
    "schedules": "schedules.horizon=10000&schedules.steps=2000",
    "noise": "noise.steps=1000&noise.seeds=32&noise.batches=1,2,4,8,16,32,64,128&noise.optimizer=adam",
    "gradient_check": "gradient_check.family=kink",
    "initialization": "initialization.layers=10&initialization.units=500&initialization.samples=5000"
                      "&initialization.bins=100",
    "train_network": "train_network.n=3000&train_network.epochs=1000&train_network.batch=1"
                     "&train_network.hidden=512,512,512,512,512,512&train_network.optimizers=sgd,adam,rmsprop,adagrad",
}


async def limits_check(server: Server) -> list[dict]:
    """Open every page alone at its caps; how long does one rerun take, and does the page refuse?"""
    rows = []
    for page, query in CAPS.items():
        if not (ROOT / "app_pages" / f"{page}.py").exists():
            continue
        session = ProtocolSession(server.url, page=page, query=query)
        try:
            result = await session.open(timeout=300)
        finally:
            await session.close()
        rows.append({"page": page, "seconds": round(result.seconds, 2), "finished": result.status is not None,
                     "exceptions": result.exceptions[:1], "messages": result.alerts[:3], "query": query})
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    return rows


# ------------------------------------------------------------------------------------ browser mode


async def browser_level(server: Server, n: int, changes: int, think: float, seed: int) -> dict:
    from playwright.async_api import async_playwright

    from ui.strings import CATALOGUE

    steps_label = CATALOGUE["compare.steps"]["en"]
    rss_before = server.rss_mb()
    logs = [SessionLog() for _ in range(n)]
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ready = "[data-testid='stApp'][data-test-script-state='notRunning']"

        async def student(i: int, opened: asyncio.Event, go: asyncio.Event):
            log, rng = logs[i], random.Random(seed * 1000 + i)
            context = await browser.new_context(viewport={"width": 1280, "height": 900})
            page = await context.new_page()
            try:
                t0 = time.perf_counter()
                await page.goto(server.url, timeout=180_000)
                await page.wait_for_selector(ready, timeout=180_000)
                await page.wait_for_selector(".js-plotly-plot", timeout=180_000)
                log.open_seconds = time.perf_counter() - t0
                opened.set()
                await go.wait()
                slider = page.locator("[data-testid='stSlider']").filter(has_text=steps_label).get_by_role("slider")
                value = int(await slider.input_value())
                for _ in range(changes):
                    await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
                    await slider.focus()
                    key = "ArrowRight" if rng.random() < 0.7 or value <= 2 else "ArrowLeft"
                    value += 1 if key == "ArrowRight" else -1
                    t1 = time.perf_counter()
                    await slider.press(key)
                    await page.wait_for_function(
                        "([v]) => location.search.includes('compare.steps=' + v) && document.querySelector("
                        "\"[data-testid='stApp'][data-test-script-state='notRunning']\")", arg=[value],
                        timeout=120_000)
                    await page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                    log.latencies.append(time.perf_counter() - t1)
                    if await page.locator("[data-testid='stException']").count():
                        log.errors.append("exception box on the page")
                    seen = parse_qs(page.url.split("?", 1)[1] if "?" in page.url else "").get(STEPS_KEY, [None])[-1]
                    log.leak_checks += 1
                    if seen != str(value):
                        log.leaks.append(f"browser {i} set {value}, URL says {seen}")
            except Exception as err:  # noqa: BLE001 - measured, reported
                log.errors.append(f"{type(err).__name__}: {str(err)[:200]}")
                opened.set()
            finally:
                await context.close()

        openeds = [asyncio.Event() for _ in range(n)]
        go = asyncio.Event()
        tasks = [asyncio.create_task(student(i, openeds[i], go)) for i in range(n)]
        await asyncio.gather(*(e.wait() for e in openeds))
        rss_open = server.rss_mb()
        cpu0, t0 = server.cpu_seconds(), time.perf_counter()
        go.set()
        await asyncio.gather(*tasks)
        wall = time.perf_counter() - t0
        cpu = server.cpu_seconds() - cpu0
        await browser.close()
    return summarize(n, logs, rss_before, rss_open, server.rss_mb(), wall, cpu)


# ------------------------------------------------------------------------------------------- main


def cache_stats(metrics_text: str) -> dict[str, dict]:
    """Per cached function: bytes held, hits and misses (from /_stcore/metrics)."""
    stats: dict[str, dict] = {}
    for line in metrics_text.splitlines():
        match = re.match(r'(cache_memory_bytes|cache_lookups_total)\{(.*)\} (\d+)', line)
        if not match:
            continue
        labels = dict(re.findall(r'(\w+)="([^"]*)"', match[2]))
        entry = stats.setdefault(labels["cache"].rsplit(".", 1)[-1], {})
        field_name = "bytes" if match[1] == "cache_memory_bytes" else labels.get("result", "?")
        entry[field_name] = entry.get(field_name, 0) + int(match[3])
    return stats


def table(rows: list[dict]) -> str:
    head = "| N | reruns | median s | p95 s | max s | errors | leaks | open median s | MB/session | CPU s/rerun |"
    lines = [head, "|" + "---|" * 10]
    for r in rows:
        lines.append(f"| {r['sessions']} | {r['reruns']} | {r['median_s']:.3f} | {r['p95_s']:.3f} | {r['max_s']:.3f} "
                     f"| {r['errors']} | {len(r['leaks'])} | {r['open_median_s']:.2f} | {r['mb_per_session_open']} "
                     f"| {r['server_cpu_per_rerun_s']} |")
    return "\n".join(lines)


async def main_async(args) -> dict:
    server = Server()
    report: dict = {"mode": args.mode, "cores": os.cpu_count(), "changes_per_session": args.changes,
                    "think_s": args.think, "loadavg_start": os.getloadavg()}
    try:
        # warm up: imports, first contour, first figure (as after the teacher opened the link)
        warm = ProtocolSession(server.url)
        await warm.open()
        await warm.close()
        report["rss_idle_mb"] = round(server.rss_mb(), 1)
        if args.formulas:
            report["formulas"] = await formulas_check(server, probes=args.probes)
            return report
        if args.limits:
            report["limits"] = await limits_check(server)
            return report
        levels = []
        for n in args.sessions:
            if args.mode == "protocol":
                row = await run_protocol_level(server, n, args.changes, args.think, args.seed)
            else:
                row = await browser_level(server, n, args.changes, args.think, args.seed)
            levels.append(row)
            row["loadavg"] = os.getloadavg()[0]
            print(json.dumps(row), flush=True)
            await asyncio.sleep(1.0)
        report["levels"] = levels
        if args.checks:
            report["isolation"] = await isolation_check(server)
            print(json.dumps(report["isolation"]), flush=True)
            report["shared_preset"] = await shared_preset_check(server, max(args.sessions), args.preset)
            print(json.dumps(report["shared_preset"]), flush=True)
            report["heavy"] = await heavy_check(server, args.heavy_page, args.heavy_query)
            print(json.dumps(report["heavy"]), flush=True)
        report["rss_end_mb"] = round(server.rss_mb(), 1)
        report["loadavg_end"] = os.getloadavg()  # other work on this machine skews every latency
        report["cache"] = cache_stats(server.metrics())
        report["server_errors"] = [line for line in server.log if "Traceback" in line or "Error" in line][:10]
    finally:
        server.stop()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=("protocol", "browser"), default="protocol")
    parser.add_argument("--sessions", default="1,10,30", help="comma-separated N (default 1,10,30)")
    parser.add_argument("--changes", type=int, default=12, help="control changes per session (default 12)")
    parser.add_argument("--think", type=float, default=3.0,
                        help="mean seconds a student waits between changes (uniform 0.5-1.5 times this)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--preset", default="beale", help="the shared preset of the computed-once check")
    parser.add_argument("--heavy-page", default="basins")
    parser.add_argument("--heavy-query", default="basins.resolution=256&basins.steps=600&basins.optimizer=adam")
    parser.add_argument("--no-checks", dest="checks", action="store_false",
                        help="skip the isolation, shared-preset and long-computation checks")
    parser.add_argument("--limits", action="store_true",
                        help="only open every page alone at its caps and time it (no load)")
    parser.add_argument("--formulas", action="store_true",
                        help="only the formulas check: four sessions open four new formulas at once while a "
                             "fifth moves the steps slider (no load levels)")
    parser.add_argument("--probes", type=int, default=6,
                        help="with --formulas: at least this many reruns of the fifth session (default 6)")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    args.sessions = [int(n) for n in args.sessions.split(",")]
    sys.path.insert(0, str(ROOT))
    report = asyncio.run(main_async(args))
    print()
    if "levels" in report:
        print(table(report["levels"]))
    if "formulas" in report:
        print(formulas_table(report["formulas"]))
    print(json.dumps({k: v for k, v in report.items() if k != "levels"}, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
