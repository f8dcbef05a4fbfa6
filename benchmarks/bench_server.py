"""Gunicorn on a free 127.0.0.1 port, pointed at the benchmark database."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from bench_db import ROOT, BenchError, django_env

HOST = "127.0.0.1"


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path
    log_file: IO[bytes]
    description: str

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_file.closed:
            self.log_file.flush()
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.strip().splitlines()[-lines:])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start(
    url: str,
    *,
    workers: int,
    threads: int,
    log_path: Path,
    app: str = "config.wsgi:application",
    chdir: Path | None = None,
) -> Server:
    """gunicorn serving `app` (ours, or bench_floor:app with chdir=benchmarks/)."""
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [
        str(gunicorn),
        app,
        "--chdir",
        str(chdir or ROOT),
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--graceful-timeout",
        "10",
        "--timeout",
        "60",
        "--error-logfile",
        "-",
    ]
    if threads > 1:
        # The sync worker closes the connection after each response; gthread keeps it.
        command += ["--worker-class", "gthread", "--threads", str(threads), "--keep-alive", "10"]
        kind = f"gthread, {workers} workers x {threads} threads"
    else:
        kind = f"sync, {workers} workers"
    env = django_env(url)
    env["DATABASE_CONN_MAX_AGE"] = env.get("DATABASE_CONN_MAX_AGE", "60")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_file = log_path.open("wb")
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # Ctrl-C reaches us, and we stop gunicorn in order
    )
    return Server(process, port, log_path, log_file, f"gunicorn {kind}")


def wait_ready(server: Server, timeout: float = 90.0) -> None:
    """Until the server answers at all (/health/ is 503 without a Celery worker; fine)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchError(f"gunicorn exited ({server.process.returncode}):\n{server.log_tail()}")
        conn = http.client.HTTPConnection(HOST, server.port, timeout=5)
        try:
            conn.request("GET", "/logg-inn/")
            response = conn.getresponse()
            response.read()
            if response.status < 500:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.3)
    raise BenchError(f"gunicorn did not answer within {timeout:.0f} s:\n{server.log_tail()}")


def stop(server: Server, timeout: float = 20.0) -> None:
    """SIGTERM to the master (graceful), SIGKILL to its process group if it hangs."""
    process = server.process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    server.log_file.close()


def token_get(server: Server, username: str, password: str) -> str:
    body = json.dumps({"username": username, "password": password})
    conn = http.client.HTTPConnection(HOST, server.port, timeout=30)
    try:
        conn.request(
            "POST",
            "/api/v1/auth/token/",
            body=body,
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        response = conn.getresponse()
        raw = response.read()
    finally:
        conn.close()
    if response.status != 200:
        raise BenchError(f"Token request failed: {response.status} {raw[:300]!r}")
    data: Any = json.loads(raw)
    token = data.get("token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token:
        raise BenchError(f"Token response without a token: {raw[:300]!r}")
    return token
