"""Welfare technology: inbound event ingestion over HTTP (gunicorn) and outbox delivery latency
through a real Celery worker to the stand-in alarm central.

Part of `make bench` (run.py); standalone against its own database:
    .venv/bin/python benchmarks/bench_vft.py --database kommunejournal_vft
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import bench_server
from bench_db import ROOT, BenchError, database_url, django_env, manage
from bench_explain import django_setup

BROKER_DB = "13"  # a Redis database of its own, so a dev worker never takes these tasks


@dataclass(frozen=True)
class VftResult:
    clients: int
    sent: int
    errors: int
    seconds: float
    persisted: int
    latencies_ms: list[float]  # ingestion, client side
    delivered: int
    published: int
    delivery_ms: list[float]  # commit → the stand-in has it
    server: str

    @property
    def rate(self) -> float:
        return self.sent / self.seconds if self.seconds else 0.0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def _prepare_env(standin_url: str) -> None:
    redis = urlparse(os.environ["REDIS_URL"])
    os.environ["REDIS_URL"] = urlunparse(redis._replace(path=f"/{BROKER_DB}"))
    os.environ["USE_VELFERDSTEKNOLOGI"] = "True"
    os.environ["VELFERDSTEKNOLOGI_URL"] = f"{standin_url}/velferdsteknologi"
    os.environ["UTBOKS_SVEIP_SEKUNDER"] = "5"


def _sender() -> tuple[str, str, list[str]]:
    """A benchmark sending system with an alarm and a blood-pressure device on each of a
    few patients that have an active care relationship (so every event is processed)."""
    from core.context import system_context
    from integrasjoner.velferdsteknologi.models import UtstyrType
    from integrasjoner.velferdsteknologi.services import avsendersystem_create, utstyr_register
    from journal.models import Behandlingsrelasjon

    relasjoner = list(Behandlingsrelasjon.objects.active().order_by("id")[:20])
    if not relasjoner:
        raise BenchError("No active care relationships in the benchmark database.")
    devices = []
    with system_context():
        avsender, secret = avsendersystem_create(
            actor=None,
            navn=f"Benchmark {dt.datetime.now(dt.UTC):%H%M%S}",
            enhet_id=relasjoner[0].enhet_id,
        )
        for n, rel in enumerate(relasjoner):
            for prefix, type_ in (
                ("TA", UtstyrType.TRYGGHETSALARM),
                ("BT", UtstyrType.BLODTRYKKSMALER),
            ):
                utstyr_register(
                    actor=None,
                    avsender_id=avsender.pk,
                    ekstern_id=f"{prefix}-{n}",
                    type=type_,
                    pasient_id=rel.pasient_id,
                    enhet_id=rel.enhet_id,
                )
            devices.append(str(n))
    return avsender.nokkel_id, secret, devices


def _ingest(
    port: int, nokkel: str, secret: str, devices: list[str], *, clients: int, events: int
) -> tuple[int, int, float, list[float]]:
    from integrasjoner.velferdsteknologi.lib.signatur import signed_headers

    per_client = events // clients
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client(c: int) -> None:
        conn = http.client.HTTPConnection(bench_server.HOST, port, timeout=30)
        mine: list[float] = []
        failed = 0
        for i in range(per_client):
            device = devices[(c + i) % len(devices)]
            alarm = i % 2 == 0  # half alarms, half blood-pressure measurements
            payload: dict[str, Any] = {
                "hendelse_id": uuid.uuid4().hex,
                "type": "trygghetsalarm" if alarm else "blodtrykk",
                "tidspunkt": dt.datetime.now(dt.UTC).isoformat(),
                "utstyr_id": f"TA-{device}" if alarm else f"BT-{device}",
            }
            if not alarm:
                payload["verdier"] = {"systolisk": 120 + i % 70, "diastolisk": 80, "puls": 70}
            body = json.dumps(payload).encode()
            headers = signed_headers(
                nokkel_id=nokkel, hemmelighet=secret, body=body, tidspunkt=int(time.time())
            )
            started = time.perf_counter()
            conn.request("POST", "/api/v1/velferdsteknologi/hendelser/", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status != 201:
                failed += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return per_client * clients, errors[0], time.perf_counter() - started, latencies


def _deliveries(
    url: str, standin: Any, count: int, rate: float, log: Any
) -> tuple[int, list[float]]:
    """Publish `count` outbox events at `rate`/s and time each until the stand-in has it."""
    from django.db import transaction

    from core.outbox import outbox_publish
    from integrasjoner.velferdsteknologi.services import HENDELSE_KVITTERT

    env = django_env(url)
    log_path = Path(tempfile.gettempdir()) / "kommunejournal-bench-worker.log"
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A", "config", "worker", "--concurrency", "2", "--without-mingle", "--without-gossip",
        "--hostname", "bench@%h", "--loglevel", "WARNING",
    ]  # fmt: skip
    with log_path.open("wb") as out:
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
        try:
            committed: dict[str, float] = {}

            def publish(n: int) -> None:
                with transaction.atomic():
                    event = outbox_publish(
                        hendelse=HENDELSE_KVITTERT,
                        payload={"alarm_id": f"b{n}", "ekstern_id": f"b{n}", "status": "kvittert"},
                    )
                    key = str(event.leveringer.get().id)
                committed[key] = time.time()

            publish(-1)  # warm-up: wait until the worker is up and delivering
            deadline = time.monotonic() + 90
            while len(standin.state.mottatt) < 1:
                if time.monotonic() > deadline or worker.poll() is not None:
                    raise BenchError(f"The Celery worker delivered nothing (log: {log_path}).")
                time.sleep(0.2)
            committed.clear()
            log(f"  worker up; publishing {count} events at {rate:.0f}/s")
            for n in range(count):
                started = time.monotonic()
                publish(n)
                time.sleep(max(0.0, 1 / rate - (time.monotonic() - started)))
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with standin.state.lock:
                    arrived = {m.nokkel: m.tid for m in standin.state.mottatt if m.status == 201}
                if all(k in arrived for k in committed):
                    break
                time.sleep(0.2)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
    latencies = [(arrived[k] - t) * 1000 for k, t in committed.items() if k in arrived]
    return len(latencies), latencies


def run(
    url: str,
    *,
    clients: int = 8,
    events: int = 2000,
    deliveries: int = 300,
    rate: float = 50.0,
    workers: int = 2,
    threads: int = 1,
    log: Any = print,
) -> VftResult:
    sys.path.insert(0, str(ROOT))
    from integrasjoner.standin.server import Standin

    standin = Standin().start()
    try:
        _prepare_env(standin.url)
        django_setup(url)
        from integrasjoner.velferdsteknologi.models import Velferdshendelse

        nokkel, secret, devices = _sender()
        log_path = Path(tempfile.gettempdir()) / "kommunejournal-bench-vft-gunicorn.log"
        server = bench_server.start(url, workers=workers, threads=threads, log_path=log_path)
        try:
            bench_server.wait_ready(server)
            log(
                f"velferdsteknologi: {events} signed events, {clients} clients, "
                f"{server.description}"
            )
            _ingest(server.port, nokkel, secret, devices, clients=clients, events=clients * 10)
            before = Velferdshendelse.objects.filter(avsender__nokkel_id=nokkel).count()
            sent, errors, seconds, latencies = _ingest(
                server.port, nokkel, secret, devices, clients=clients, events=events
            )
        finally:
            bench_server.stop(server)
        persisted = Velferdshendelse.objects.filter(avsender__nokkel_id=nokkel).count() - before
        log(f"  {sent / seconds:.0f} events/s, {errors} errors, {persisted} persisted")
        delivered, delivery_ms = _deliveries(url, standin, deliveries, rate, log)
        log(
            f"  delivery p50 {percentile(delivery_ms, 50):.0f} ms, "
            f"p95 {percentile(delivery_ms, 95):.0f} ms ({delivered}/{deliveries})"
        )
    finally:
        standin.close()
    return VftResult(
        clients=clients,
        sent=sent,
        errors=errors,
        seconds=seconds,
        persisted=persisted,
        latencies_ms=latencies,
        delivered=delivered,
        published=deliveries,
        delivery_ms=delivery_ms,
        server=server.description,
    )


def summary(result: VftResult, rate: float = 50.0) -> list[str]:
    lat, dl = result.latencies_ms, result.delivery_ms
    return [
        "Velferdsteknologi, inbound events (POST /api/v1/velferdsteknologi/hendelser/, signed,",
        f"     half alarms, half blood pressure with vitals + thresholds) through {result.server},",
        f"     {result.clients} client threads, keep-alive:",
        f"  {result.sent} events in {result.seconds:.1f} s = {result.rate:.0f} events/s accepted; "
        f"{result.persisted} persisted; {result.errors} errors",
        f"  latency p50 {percentile(lat, 50):.1f} ms, p95 {percentile(lat, 95):.1f} ms, "
        f"max {max(lat, default=0):.1f} ms",
        "Outbox delivery, commit → the stand-in alarm central has it (1 Celery worker, prefork x2,",
        f"     {result.published} events published at {rate:.0f}/s):",
        f"  delivered {result.delivered}/{result.published}; p50 {percentile(dl, 50):.0f} ms, "
        f"p95 {percentile(dl, 95):.0f} ms, max {max(dl, default=0):.0f} ms"
        + (f", mean {statistics.fmean(dl):.0f} ms" if dl else ""),
    ]


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--database", default="kommunejournal_vft")
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--events", type=int, default=2000)
    p.add_argument("--deliveries", type=int, default=300)
    p.add_argument("--rate", type=float, default=50.0)
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    p.add_argument("--threads", type=int, default=1, help="threads per worker (1: sync)")
    args = p.parse_args(argv)
    base = os.environ.get("DATABASE_URL")
    if not base or not os.environ.get("REDIS_URL"):
        print("DATABASE_URL and REDIS_URL must be set.", file=sys.stderr)
        return 2
    from bench_db import database_create

    url = database_url(base, args.database)
    if database_create(url):
        manage(url, "migrate", "--no-input", timeout=600)
        manage(url, "demo_journal", timeout=900)
    else:
        manage(url, "migrate", "--no-input", timeout=600)
    result = run(
        url,
        clients=args.clients,
        events=args.events,
        deliveries=args.deliveries,
        rate=args.rate,
        workers=args.workers,
        threads=args.threads,
    )
    print("\n".join(summary(result, args.rate)))
    return 1 if result.errors or result.delivered < result.published else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main(sys.argv[1:]))
