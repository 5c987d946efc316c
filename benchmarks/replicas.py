"""A class past one process: K replicas behind Debian's nginx, driven by the websocket protocol driver.

Starts K instrumented Descent Lab servers (``benchmarks/load.py``'s ``Server``) and Debian's nginx
(``/usr/sbin/nginx``) in front of them with the project's own configuration
(``deploy/nginx/descent-lab.conf``; only its listen port and the upstream list are filled in for
this machine).  Each simulated student first fetches the page over HTTP, as a browser does, and
keeps the route cookie nginx sets; its websocket then carries that cookie, so it lands on the
replica its cookie hashes to.  Students behave as in ``load.py`` (steps slider, learning rates, now
and then another surface, a few seconds' thought between changes).

The reference is measured in the same run: the same N students on ONE replica, straight to its
port.  Printed per N: median and p95 rerun latency through nginx and direct, their ratio, errors,
how the students spread over the replicas, and the server CPU per rerun.  On a machine with C
cores, K replicas can use at most C of them: past C, more replicas only share the same cores.

    .venv/bin/python benchmarks/replicas.py                       # K = 3, N = 30 and 60
    .venv/bin/python benchmarks/replicas.py --replicas 2 --sessions 20,40 --json benchmarks/out/replicas.json
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402 - the protocol driver and the instrumented server live there

ROOT = load.ROOT
NGINX = os.environ.get("DESCENT_LAB_NGINX", "/usr/sbin/nginx")
SITE = ROOT / "deploy" / "nginx" / "descent-lab.conf"
COOKIE = "descent_lab_route"


def nginx_config(directory: Path, port: int, upstreams: list[str]) -> Path:
    """Write nginx.conf for a local run: the project's site file, with this run's port and replicas."""
    site = SITE.read_text()
    if "listen 8080;" not in site:
        raise RuntimeError(f"{SITE} no longer listens on 8080: update this benchmark")
    (directory / "descent-lab.conf").write_text(site.replace("listen 8080;", f"listen 127.0.0.1:{port};"))
    (directory / "descent-lab-upstreams.conf").write_text(
        "".join(f"server {address} max_fails=3 fail_timeout=10s;\n" for address in upstreams))
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (directory / sub).mkdir(exist_ok=True)
    main = directory / "nginx.conf"
    main.write_text(f"""worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {directory}/client_body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    include {directory}/descent-lab.conf;
}}
""")
    return main


class Nginx:
    """Debian's nginx in the foreground, with the configuration above."""

    def __init__(self, upstreams: list[str]):
        if not os.path.exists(NGINX):
            raise SystemExit(f"{NGINX} not found: install Debian's nginx (apt-get install nginx)")
        self.dir = Path(tempfile.mkdtemp(prefix="descent-lab-nginx-"))
        self.dir.chmod(0o755)  # nginx's workers may run as another user than its master
        self.port = load.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        conf = nginx_config(self.dir, self.port, upstreams)
        subprocess.run([NGINX, "-t", "-q", "-p", str(self.dir), "-c", str(conf)], check=True)
        self.proc = subprocess.Popen([NGINX, "-p", str(self.dir), "-c", str(conf), "-g", "daemon off;"])
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/nginx-health", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("nginx did not start: " + (self.dir / "error.log").read_text())

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)


def first_visit(url: str) -> tuple[dict, str]:
    """GET the page as a browser's first visit: the route cookie nginx set, and which replica answered."""
    with urllib.request.urlopen(url + "/", timeout=30) as response:
        cookie = next((c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or []
                       if c.startswith(COOKIE + "=")), None)
        replica = response.headers.get("X-Descent-Lab-Replica", "?")
    if cookie is None:
        raise RuntimeError("nginx set no route cookie")
    return {"Cookie": cookie}, replica


async def level(url: str, servers: list[load.Server], n: int, args, through_nginx: bool) -> dict:
    """N students at once on ``url``: open, wait for all, then each makes ``args.changes`` moves."""
    headers, spread = [], collections.Counter()
    for _ in range(n):
        if through_nginx:
            cookie, replica = first_visit(url)
            headers.append(cookie)
            spread[replica] += 1
        else:
            headers.append(None)
    rss_before = sum(s.rss_mb() for s in servers)
    openeds = [asyncio.Event() for _ in range(n)]
    go = asyncio.Event()
    tasks = [asyncio.create_task(load.protocol_student(i, url, args.changes, args.think, args.seed, "",
                                                       openeds[i], go, headers=headers[i]))
             for i in range(n)]
    await asyncio.wait_for(asyncio.gather(*(e.wait() for e in openeds)), timeout=900)
    rss_open = sum(s.rss_mb() for s in servers)
    cpu0, t0 = sum(s.cpu_seconds() for s in servers), time.perf_counter()
    go.set()
    logs = await asyncio.gather(*tasks)
    wall = time.perf_counter() - t0
    cpu = sum(s.cpu_seconds() for s in servers) - cpu0
    row = load.summarize(n, logs, rss_before, rss_open, sum(s.rss_mb() for s in servers), wall, cpu)
    row["replicas"] = len(servers)
    row["spread"] = sorted(spread.values(), reverse=True) if through_nginx else [n]
    row["loadavg"] = round(os.getloadavg()[0], 2)
    return row


def table(pairs: list[tuple[dict, dict]]) -> str:
    lines = ["| N | replicas | students per replica | median s | p95 s | direct, 1 replica: median s | p95 s "
             "| median ratio | errors | CPU s/rerun |", "|" + "---|" * 10]
    for direct, spread in pairs:
        lines.append(
            f"| {spread['sessions']} | {spread['replicas']} | {'/'.join(map(str, spread['spread']))} "
            f"| {spread['median_s']:.3f} | {spread['p95_s']:.3f} | {direct['median_s']:.3f} | {direct['p95_s']:.3f} "
            f"| {spread['median_s'] / direct['median_s']:.2f} | {spread['errors']} + {direct['errors']} "
            f"| {spread['server_cpu_per_rerun_s']} |")
    return "\n".join(lines)


async def main_async(args) -> dict:
    servers = [load.Server() for _ in range(args.replicas)]
    nginx = Nginx([f"127.0.0.1:{s.port}" for s in servers])
    report = {"cores": os.cpu_count(), "replicas": args.replicas, "changes_per_session": args.changes,
              "think_s": args.think, "loadavg_start": os.getloadavg(), "levels": []}
    try:
        for server in servers:  # warm each replica: imports, first contour and figure
            warm = load.ProtocolSession(server.url)
            await warm.open()
            await warm.close()
        for n in args.sessions:
            spread = await level(nginx.url, servers, n, args, through_nginx=True)
            print(json.dumps(spread), flush=True)
            await asyncio.sleep(1.0)
            direct = await level(servers[0].url, servers[:1], n, args, through_nginx=False)
            print(json.dumps(direct), flush=True)
            report["levels"].append({"nginx": spread, "direct": direct})
            await asyncio.sleep(1.0)
        report["loadavg_end"] = os.getloadavg()
        report["server_errors"] = [line for s in servers for line in s.log if "Traceback" in line][:10]
    finally:
        nginx.stop()
        for server in servers:
            server.stop()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--sessions", default="30,60", help="comma-separated N (default 30,60)")
    parser.add_argument("--changes", type=int, default=8, help="control changes per student (default 8)")
    parser.add_argument("--think", type=float, default=3.0,
                        help="mean seconds a student waits between changes (uniform 0.5-1.5 times this)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args()
    args.sessions = [int(n) for n in args.sessions.split(",")]
    sys.path.insert(0, str(ROOT))
    report = asyncio.run(main_async(args))
    print()
    print(table([(lv["direct"], lv["nginx"]) for lv in report["levels"]]))
    print(json.dumps({k: v for k, v in report.items() if k != "levels"}, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
