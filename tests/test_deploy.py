"""What the Dockerfile, .streamlit/config.toml and deploy/ promise, checked without a container engine.

The Dockerfile is read statically (slim base, non-root user before the command, a health check
on /_stcore/health, requirements installed, app.py as the entry), and the container's own
command line is then run here, on a free port, until /_stcore/health answers — the same check
the HEALTHCHECK makes inside the container.  The Compose and Kubernetes examples in deploy/ are
read with a small YAML reader (PyYAML is not a dependency) for their memory limit, restart policy
and health probes.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"
CONFIG = ROOT / ".streamlit" / "config.toml"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) for every instruction, continuation lines joined, comments dropped."""
    joined, current = [], ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        joined.append(current + line)
        current = ""
    if current:
        joined.append(current)
    out = []
    for line in joined:
        word, _, rest = line.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def exec_form(args: str) -> list[str]:
    """The argv of a CMD/ENTRYPOINT, in exec (JSON) or shell form."""
    args = args.strip()
    if args.startswith("["):
        return json.loads(args)
    return ["/bin/sh", "-c", args]


def only(name: str) -> list[str]:
    return [args for word, args in instructions() if word == name]


def test_base_image_is_slim_python_311_or_newer():
    froms = only("FROM")
    assert froms, "no FROM"
    image = froms[-1].split()[0]  # the final stage is what runs
    match = re.fullmatch(r"python:(\d+)\.(\d+)(?:\.\d+)?-slim(?:-[a-z]+)?", image)
    assert match, f"final stage should be python:3.x-slim (got {image})"
    assert (int(match[1]), int(match[2])) >= (3, 11), image


def test_runs_as_a_non_root_user_set_before_the_command():
    steps = instructions()
    words = [w for w, _ in steps]
    users = [(i, args) for i, (w, args) in enumerate(steps) if w == "USER"]
    assert users, "no USER: the app would run as root"
    last_index, last_user = users[-1]
    assert last_user.split(":")[0] not in ("root", "0"), last_user
    assert "CMD" in words and last_index < words.index("CMD"), "USER must come before CMD"
    # the user exists: created in a RUN before it is used
    name = last_user.split(":")[0]
    created = [args for w, args in steps[:last_index] if w == "RUN" and ("useradd" in args or "adduser" in args)]
    assert any(name in args for args in created), f"user {name!r} is never created"


def test_healthcheck_polls_stcore_health_on_the_served_port():
    checks = only("HEALTHCHECK")
    assert len(checks) == 1, checks
    assert "/_stcore/health" in checks[0]
    port = served_port()
    assert f":{port}/_stcore/health" in checks[0], f"health check must poll port {port}"
    # slim images have no curl or wget: the check must use what the image has
    assert "curl" not in checks[0] and "wget" not in checks[0]


def test_requirements_are_installed_and_pinned():
    steps = instructions()
    copies = [args for w, args in steps if w == "COPY"]
    runs = [args for w, args in steps if w == "RUN"]
    assert any("requirements.txt" in c for c in copies), "requirements.txt is not copied"
    assert any(re.search(r"pip install .*-r requirements\.txt", r) for r in runs), "requirements not installed"
    # the dependency layer is built before the code is copied, so a code change keeps the cached layer
    words = [w for w, _ in steps]
    pip_index = next(i for i, (w, a) in enumerate(steps) if w == "RUN" and "requirements.txt" in a)
    code_copy = next(i for i, (w, a) in enumerate(steps) if w == "COPY" and a.split()[-2:] == [".", "."])
    assert pip_index < code_copy, words
    reqs = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    reqs = [r for r in reqs if r]
    assert any(r.startswith("streamlit==") for r in reqs)
    assert all("==" in r for r in reqs), f"unpinned requirements: {[r for r in reqs if '==' not in r]}"


def test_the_image_hides_tracebacks_from_students():
    # config.toml (copied into the image) hides them; nothing in the image may turn them back on
    assert config()["client"]["showErrorDetails"] in HIDDEN_DETAILS
    env = " ".join(only("ENV"))
    match = re.search(r"STREAMLIT_CLIENT_SHOW_ERROR_DETAILS=(\w+)", env)
    assert not match or match[1] in HIDDEN_DETAILS, "students would see tracebacks with server paths"
    assert "showErrorDetails" not in " ".join(exec_form(only("CMD")[-1]))


def served_port() -> int:
    argv = exec_form(only("CMD")[-1])
    text = " ".join(argv)
    match = re.search(r"--server\.port[= ](\d+)", text)
    return int(match[1]) if match else 8501


def test_command_serves_app_py_on_all_interfaces():
    argv = exec_form(only("CMD")[-1])
    assert argv[:4] == ["python", "-m", "streamlit", "run"], argv
    assert argv[4] == "app.py" and (ROOT / "app.py").exists()
    assert "--server.address=0.0.0.0" in argv or ["--server.address", "0.0.0.0"] in [argv[i:i + 2] for i in
                                                                                    range(len(argv))]
    exposed = [int(p.split("/")[0]) for args in only("EXPOSE") for p in args.split()]
    assert served_port() in exposed


def test_dockerignore_keeps_the_app_and_drops_the_rest():
    patterns = [p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines()
                if p.strip() and not p.startswith("#")]

    def ignored(path: str) -> bool:
        return any(fnmatch.fnmatch(path, p) or path.startswith(p.rstrip("/") + "/") or
                   fnmatch.fnmatch(path, p.removeprefix("**/")) for p in patterns)

    for needed in ("app.py", "requirements.txt", ".streamlit/config.toml", "paramspec.py", "app_pages/compare.py",
                   "ui/state.py", "optimizers/engine.py", "surfaces/base.py"):
        assert not ignored(needed), f"{needed} would be left out of the image"
    for heavy in (".venv/bin/python", ".git/HEAD", "tests/test_deploy.py"):
        assert ignored(heavy), f"{heavy} would be copied into the image"


# ----------------------------------------------------------------------------------------- config


def config() -> dict:
    with CONFIG.open("rb") as f:
        return tomllib.load(f)


def test_config_parses_and_every_option_is_known_to_streamlit():
    from streamlit import config as st_config

    known = set(st_config._config_options_template)
    for section, options in config().items():
        for name in options:
            assert f"{section}.{name}" in known, f"unknown Streamlit option {section}.{name} in config.toml"


# "type": the error's type and a generic message; "none": a generic message only
HIDDEN_DETAILS = ("type", "none")


def test_tracebacks_are_hidden_everywhere_the_config_is_read_and_shown_by_make_dev():
    from streamlit.config import ShowErrorDetailsConfigOptions

    value = config()["client"]["showErrorDetails"]
    assert value in {o.value for o in ShowErrorDetailsConfigOptions}, f"not a Streamlit 1.67 value: {value!r}"
    assert value in HIDDEN_DETAILS, "`make run`, Docker and Community Cloud would show tracebacks"
    makefile = (ROOT / "Makefile").read_text()
    run = re.search(r"^run:.*?(?=^\S)", makefile, flags=re.M | re.S)[0]
    dev = re.search(r"^dev:.*?(?=^\S|\Z)", makefile, flags=re.M | re.S)[0]
    assert "showErrorDetails" not in run
    assert "--client.showErrorDetails full" in dev.replace("\\\n", " ")


def test_config_settings_a_classroom_server_needs():
    cfg = config()
    server = cfg["server"]
    assert server["headless"] is True  # never tries to open a browser on the server
    assert server["fileWatcherType"] == "none" and server["runOnSave"] is False
    assert server["enableXsrfProtection"] is True
    assert cfg["browser"]["gatherUsageStats"] is False
    # the in-memory cache shared by all sessions has a ceiling
    assert re.fullmatch(r"\d+(kb|mb|gb)", str(server["maxCacheDataSize"]).lower())
    # no full garbage collection after every rerun: it was ~80% of a Compare rerun's server CPU
    assert cfg["runner"]["postScriptGC"] is False


# ------------------------------------------------------------------------ the container's command


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _local_argv(port: int) -> list[str]:
    """The CMD with this interpreter for ``python`` and a free port for 8501, bound to loopback."""
    argv = exec_form(only("CMD")[-1])
    argv = [sys.executable if a == "python" else a for a in argv]
    argv = [re.sub(r"^--server\.port=\d+$", f"--server.port={port}", a) for a in argv]
    return [re.sub(r"^--server\.address=.*$", "--server.address=127.0.0.1", a) for a in argv]


@pytest.mark.slow
def test_the_container_command_serves_a_healthy_app():
    port = _free_port()
    proc = subprocess.Popen(_local_argv(port), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        body = None
        while time.time() < deadline and body is None:
            assert proc.poll() is None, proc.stdout.read().decode(errors="replace")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    body = (r.status, r.read().decode())
            except OSError:
                time.sleep(0.25)
        assert body == (200, "ok"), body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert r.status == 200 and b"<html" in r.read(2000).lower()
        # the HEALTHCHECK's own command, pointed at this port, exits 0
        check = only("HEALTHCHECK")[0].split(" CMD ", 1)[1]
        check = check.replace(f":{served_port()}/", f":{port}/")
        argv = [sys.executable if a == "python" else a for a in shlex.split(check)]
        assert subprocess.run(argv, timeout=15).returncode == 0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


# ------------------------------------------------------------------------------------ deploy/*.yaml


def _scalar(text: str):
    if text.startswith(("[", "{", '"')):
        return json.loads(text)
    if text.startswith("'") and text.endswith("'"):
        return text[1:-1].replace("''", "'")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return {"true": True, "false": False, "null": None, "~": None}.get(text, text)


def _strip_comment(line: str) -> str:
    quote = None
    for i, ch in enumerate(line):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


def read_yaml(path: Path) -> list:
    """The documents of a YAML file, for the block-style subset the deploy/ examples use
    (mappings, "- " lists, JSON-style flow lists and quoted or plain scalars)."""
    documents = []
    for chunk in re.split(r"^---[ \t]*$", path.read_text(encoding="utf-8"), flags=re.M):
        lines = []
        for raw in chunk.splitlines():
            line = _strip_comment(raw)
            if line.strip():
                lines.append((len(line) - len(line.lstrip(" ")), line.strip()))
        if lines:
            value, end = _block(lines, 0, lines[0][0])
            assert end == len(lines), f"{path.name}: cannot read line {lines[end][1]!r}"
            documents.append(value)
    return documents


def _block(lines, i, indent):
    if lines[i][1] == "-" or lines[i][1].startswith("- "):
        items = []
        while i < len(lines) and lines[i][0] == indent and (lines[i][1] == "-" or lines[i][1].startswith("- ")):
            rest = lines[i][1][1:].strip()
            if not rest:
                value, i = _block(lines, i + 1, lines[i + 1][0])
            elif re.match(r"[\w./-]+:(\s|$)", rest):  # "- key: value": a mapping starts on this line
                value, i = _block(lines[:i] + [(indent + 2, rest)] + lines[i + 1:], i, indent + 2)
            else:
                value, i = _scalar(rest), i + 1
            items.append(value)
        return items, i
    mapping = {}
    while i < len(lines) and lines[i][0] == indent:
        key, sep, rest = lines[i][1].partition(":")
        assert sep and not key.startswith("- "), f"not a mapping entry: {lines[i][1]!r}"
        rest = rest.strip()
        if rest:
            mapping[key.strip().strip('"')] = _scalar(rest)
            i += 1
        elif i + 1 < len(lines) and lines[i + 1][0] > indent:
            mapping[key.strip().strip('"')], i = _block(lines, i + 1, lines[i + 1][0])
        else:
            mapping[key.strip().strip('"')], i = None, i + 1
    return mapping, i


COMPOSE = ROOT / "deploy" / "compose.yaml"
K8S = ROOT / "deploy" / "k8s.yaml"


def test_the_yaml_reader_reads_what_it_is_used_for(tmp_path):
    path = tmp_path / "check.yaml"
    path.write_text("a: 1\nb:\n  - x\n  - k: v\n    n: 2\nc: [\"p\", \"q\"]  # note\nd: 'it''s'\n---\ne: true\n")
    assert read_yaml(path) == [{"a": 1, "b": ["x", {"k": "v", "n": 2}], "c": ["p", "q"], "d": "it's"}, {"e": True}]


def _bytes(size: str) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kmgt]?)(i?)b?", str(size).strip().lower())
    assert match, size
    return float(match[1]) * (1024 if match[3] or len(match[2]) else 1) ** " kmgt".index(match[2] or " ")


def test_compose_example_limits_memory_restarts_and_checks_health():
    (compose,) = read_yaml(COMPOSE)
    app = compose["services"]["app"]
    assert app["build"]["context"] == ".." and (COMPOSE.parent / app["build"]["context"] / "Dockerfile").exists()
    assert app["restart"] in ("unless-stopped", "always")
    assert 256 * 2**20 <= _bytes(app["mem_limit"]) <= 4 * 2**30, app["mem_limit"]
    assert _bytes(app["memswap_limit"]) == _bytes(app["mem_limit"]), "swap on top would hide the limit"
    check = app["healthcheck"]
    assert check["test"][0] == "CMD" and f"127.0.0.1:{served_port()}/_stcore/health" in " ".join(check["test"])
    assert {"interval", "timeout", "retries"} <= set(check)
    assert f"{served_port()}:{served_port()}" in app["ports"]
    # whatever restarts an unhealthy container watches this one
    healer = compose["services"]["autoheal"]
    label = healer["environment"]["AUTOHEAL_CONTAINER_LABEL"]
    assert app["labels"][label] == "true"
    assert healer["profiles"] == ["autoheal"], "the socket-mounting healer must be opt-in"


def test_kubernetes_example_limits_memory_and_probes_health():
    documents = {d["kind"]: d for d in read_yaml(K8S)}
    deployment = documents["Deployment"]
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    (container,) = pod["containers"]
    assert 256 * 2**20 <= _bytes(container["resources"]["limits"]["memory"]) <= 4 * 2**30
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] == "/_stcore/health", probe
        assert ports.get(get["port"], get["port"]) == served_port(), probe
    assert deployment["spec"]["selector"]["matchLabels"] == deployment["spec"]["template"]["metadata"]["labels"]
    service = documents["Service"]
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
    assert service["spec"]["sessionAffinity"] == "ClientIP"  # a session lives in one process


def test_deploy_docs_say_how_to_stop_framing_and_what_restarts_an_unhealthy_container():
    docs = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert "X-Frame-Options" in docs and "frame-ancestors" in docs
    assert "deploy/compose.yaml" in docs and "deploy/k8s.yaml" in docs
    assert "livenessProbe" in docs and "autoheal" in docs
