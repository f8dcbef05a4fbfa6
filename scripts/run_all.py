"""Start web server, Celery worker and Celery beat together; Ctrl-C stops all of them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = os.environ.get("PORT", "8000")
DATA = ROOT / ".data"

COMMANDS = {
    "web": [
        str(BIN / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        os.environ.get("WEB_WORKERS", "3"),
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "5",
        # long query strings reach Django, which answers in Norwegian (core.middleware)
        "--limit-request-line",
        "8190",
    ],
    "worker": [
        str(BIN / "celery"),
        "-A",
        "config",
        "worker",
        "--loglevel",
        "INFO",
        "--concurrency",
        "2",
        "--hostname",
        "worker@%h",
    ],
    "beat": [
        str(BIN / "celery"),
        "-A",
        "config",
        "beat",
        "--loglevel",
        "INFO",
        "--schedule",
        str(DATA / "celerybeat-schedule"),
    ],
}

# Demo mode (DEBUG): the stand-in external systems the integrations point at by default.
if os.environ.get("DJANGO_DEBUG") == "True":
    COMMANDS["standin"] = [
        sys.executable,
        "-m",
        "integrasjoner.standin",
        "--port",
        os.environ.get("STANDIN_PORT", "8701"),
    ]

BANNER = f"""
  Kommunejournal kjører:  http://127.0.0.1:{PORT}/
  API-dokumentasjon:      http://127.0.0.1:{PORT}/api/docs/
  Helsesjekk:             http://127.0.0.1:{PORT}/health/
  Responssenter:          http://127.0.0.1:{PORT}/velferdsteknologi/
                          (send en demo-alarm: .venv/bin/python scripts/vft_send.py fall TA-0001)
  Integrasjoner (admin):  http://127.0.0.1:{PORT}/integrasjoner/

  Demobrukere (passord «demo»): sykepleier, lege, helsesekretaer, helsesykepleier,
                               saksbehandler, saksbehandler2, leder, admin
  Stopp alt med Ctrl-C.
"""


def main() -> int:
    DATA.mkdir(exist_ok=True)
    processes: dict[str, subprocess.Popen[bytes]] = {}
    for name, command in COMMANDS.items():
        processes[name] = subprocess.Popen(command, cwd=ROOT)
    print(BANNER, flush=True)

    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, process in processes.items():
            if process.poll() is not None:
                print(f"{name} stoppet (kode {process.returncode}); stopper resten.", flush=True)
                exit_code = process.returncode or 1
                stopping = True
                break
        time.sleep(0.5)
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
    print("Alle prosesser er stoppet.", flush=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
