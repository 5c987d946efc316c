"""The replicas deployment: nginx in front of N app processes keeps each browser on one of them.

``deploy/nginx/descent-lab.conf`` is run here by Debian's nginx in front of two small HTTP
backends that answer with their own name, so what is checked is nginx's actual behaviour with the
project's file: a first visit gets a route cookie, a browser with a cookie always reaches the same
replica, a class of fresh browsers spreads over the replicas, and the websocket handshake passes.
CI installs nginx (.ci/run); elsewhere these tests skip, saying so, when it is missing.
"""

from __future__ import annotations

import collections
import http.server
import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.test_deploy import read_yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import replicas  # noqa: E402 - benchmarks/replicas.py writes the local nginx.conf the benchmark uses

needs_nginx = pytest.mark.skipif(
    not os.path.exists(replicas.NGINX),
    reason=f"NGINX NOT INSTALLED ({replicas.NGINX}): the nginx deployment is untested here (CI installs it)")


class _Named(http.server.BaseHTTPRequestHandler):
    """Answers every GET with the backend's name and the Upgrade/Connection headers it received."""

    def do_GET(self):  # noqa: N802 - the name http.server dispatches to
        body = (f"{self.server.name}|{self.headers.get('Upgrade', '')}|{self.headers.get('Connection', '')}"
                .encode())
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output clean
        pass


def _backend(name: str) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Named)
    server.name = name
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def balancer():
    backends = [_backend("a"), _backend("b")]
    nginx = replicas.Nginx([f"127.0.0.1:{b.server_address[1]}" for b in backends])
    yield nginx
    nginx.stop()
    for backend in backends:
        backend.shutdown()


def _get(url: str, cookie: str | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, headers={**({"Cookie": cookie} if cookie else {}), **(headers or {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        cookies = [c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or []]
        return response.read().decode().split("|"), cookies


@needs_nginx
def test_a_first_visit_gets_a_route_cookie_and_keeps_its_replica(balancer):
    (first, _, _), cookies = _get(balancer.url + "/")
    route = next(c for c in cookies if c.startswith(replicas.COOKIE + "="))
    seen = {_get(balancer.url + path, cookie=route)[0][0] for path in ["/", "/static/x.js", "/_stcore/health"] * 7}
    assert seen == {first}


@needs_nginx
def test_a_class_of_fresh_browsers_spreads_over_the_replicas(balancer):
    # 40 browsers behind one address (a school's NAT): hashing the IP would put all on one replica
    spread = collections.Counter(_get(balancer.url + "/")[0][0] for _ in range(40))
    assert set(spread) == {"a", "b"}
    assert min(spread.values()) >= 8, spread


@needs_nginx
def test_the_websocket_handshake_reaches_the_replica(balancer):
    (_, upgrade, connection), _ = _get(balancer.url + "/_stcore/stream",
                                       headers={"Upgrade": "websocket", "Connection": "Upgrade"})
    assert upgrade == "websocket" and connection.lower() == "upgrade"


@needs_nginx
def test_the_shipped_configuration_passes_nginx_t(tmp_path):
    # the file as Compose mounts it: /etc/nginx/conf.d/ with the upstream list beside nginx.conf
    conf = replicas.nginx_config(tmp_path, 18080, ["127.0.0.1:1", "127.0.0.1:2"])
    result = subprocess.run([replicas.NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@needs_nginx
def test_a_failed_replica_is_skipped_for_plain_requests(tmp_path):
    alive = _backend("alive")
    nginx = replicas.Nginx([f"127.0.0.1:{alive.server_address[1]}", "127.0.0.1:9"])  # port 9: nobody listens
    try:
        deadline = time.time() + 10
        answers = []
        while len(answers) < 20 and time.time() < deadline:
            answers.append(_get(nginx.url + "/")[0][0])
        assert answers == ["alive"] * 20
    finally:
        nginx.stop()
        alive.shutdown()


def test_compose_runs_three_replicas_behind_nginx_with_the_site_file():
    doc = read_yaml(ROOT / "deploy" / "compose.replicas.yaml")[0]
    app, proxy = doc["services"]["app"], doc["services"]["nginx"]
    assert app["deploy"]["replicas"] == 3
    assert "ports" not in app, "only nginx should be reachable from outside"
    assert app["mem_limit"] == app["memswap_limit"] == "1g"
    assert "_stcore/health" in " ".join(app["healthcheck"]["test"])
    mounts = " ".join(proxy["volumes"])
    assert "./nginx/descent-lab.conf:/etc/nginx/conf.d/descent-lab.conf" in mounts
    assert "./nginx/descent-lab-upstreams.conf:/etc/nginx/descent-lab-upstreams.conf" in mounts
    assert proxy["depends_on"]["app"]["condition"] == "service_healthy"
