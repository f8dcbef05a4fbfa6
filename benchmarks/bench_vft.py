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
from dataclasses import dataclass, field
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
    batch: int = 0  # events per request in the batch run (0: not run)
    batch_sent: int = 0
    batch_errors: int = 0
    batch_seconds: float = 0.0
    batch_persisted: int = 0
    batch_latencies_ms: list[float] = field(default_factory=list)
    processed: int = 0
    processing_seconds: float = 0.0
    cpu: CpuFigures | None = None

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


def _payload(device: str, i: int) -> dict[str, Any]:
    alarm = i % 2 == 0  # half alarms, half blood-pressure measurements
    payload: dict[str, Any] = {
        "hendelse_id": uuid.uuid4().hex,
        "type": "trygghetsalarm" if alarm else "blodtrykk",
        "tidspunkt": dt.datetime.now(dt.UTC).isoformat(),
        "utstyr_id": f"TA-{device}" if alarm else f"BT-{device}",
    }
    if not alarm:
        payload["verdier"] = {"systolisk": 120 + i % 70, "diastolisk": 80, "puls": 70}
    return payload


def _ingest(
    port: int,
    nokkel: str,
    secret: str,
    devices: list[str],
    *,
    clients: int,
    events: int,
    batch: int = 1,
) -> tuple[int, int, float, list[float]]:
    """Send `events` signed events from `clients` threads: one per request to
    hendelser/ (batch 1), or `batch` per request to hendelser/batch/. Latencies are per
    request; errors count events not answered as accepted."""
    from integrasjoner.velferdsteknologi.lib.signatur import signed_headers

    per_client = events // clients // batch * batch
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    path = "/api/v1/velferdsteknologi/hendelser/" + ("batch/" if batch > 1 else "")

    def client(c: int) -> None:
        conn = http.client.HTTPConnection(bench_server.HOST, port, timeout=60)
        mine: list[float] = []
        failed = 0
        for first in range(0, per_client, batch):
            items = [
                _payload(devices[(c + i) % len(devices)], i) for i in range(first, first + batch)
            ]
            body = json.dumps({"hendelser": items} if batch > 1 else items[0]).encode()
            headers = signed_headers(
                nokkel_id=nokkel, hemmelighet=secret, body=body, tidspunkt=int(time.time())
            )
            started = time.perf_counter()
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            answer = response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if batch == 1:
                failed += 0 if response.status == 201 else 1
            elif response.status != 202:
                failed += batch
            else:
                failed += batch - json.loads(answer)["mottatt"]
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


@dataclass(frozen=True)
class CpuFigures:
    """CPU of this Python process per event, in-process through Django's test client (the
    web node's share; PostgreSQL's own CPU is not included), and per event acted on."""

    single_ms: float
    batch_ms: float
    process_ms: float


def cpu_in_process(
    nokkel: str, secret: str, devices: list[str], *, events: int = 200, batch: int = 200
) -> CpuFigures:
    from django.test import Client

    from integrasjoner.velferdsteknologi.lib.signatur import signed_headers
    from integrasjoner.velferdsteknologi.models import HendelseStatus, Velferdshendelse
    from integrasjoner.velferdsteknologi.services import hendelser_process

    client = Client(HTTP_HOST="127.0.0.1")

    def post(path: str, payload: Any) -> None:
        body = json.dumps(payload).encode()
        headers = signed_headers(
            nokkel_id=nokkel, hemmelighet=secret, body=body, tidspunkt=int(time.time())
        )
        headers.pop("Content-Type")
        response = client.post(path, data=body, content_type="application/json", headers=headers)
        if response.status_code not in (201, 202):
            raise BenchError(f"{path} answered {response.status_code}: {response.content!r}")

    single = "/api/v1/velferdsteknologi/hendelser/"
    for i in range(10):
        post(single, _payload(devices[i % len(devices)], i))
    started = time.process_time()
    for i in range(events):
        post(single, _payload(devices[i % len(devices)], i))
    single_ms = (time.process_time() - started) * 1000 / events
    items = [_payload(devices[i % len(devices)], i) for i in range(batch)]
    started = time.process_time()
    post(single + "batch/", {"hendelser": items})
    batch_ms = (time.process_time() - started) * 1000 / batch
    ids = list(
        Velferdshendelse.objects.filter(
            avsender__nokkel_id=nokkel, status=HendelseStatus.MOTTATT
        ).values_list("pk", flat=True)[:batch]
    )
    started = time.process_time()
    from core.context import system_context

    with system_context():
        done = hendelser_process(ids=ids)
    process_ms = (time.process_time() - started) * 1000 / max(1, done)
    return CpuFigures(single_ms, batch_ms, process_ms)


def _worker(url: str, name: str) -> tuple[subprocess.Popen[bytes], Path]:
    env = django_env(url)
    log_path = Path(tempfile.gettempdir()) / f"kommunejournal-bench-{name}.log"
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A", "config", "worker", "--concurrency", "2", "--without-mingle", "--without-gossip",
        "--hostname", f"{name}@%h", "--loglevel", "WARNING",
    ]  # fmt: skip
    with log_path.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out), log_path


def _processing(url: str, nokkel: str, log: Any) -> tuple[int, float]:
    """Start a Celery worker (prefork x2) on the queued batches and time until every
    received event of the benchmark sender is acted on (alarm, vitals, thresholds)."""
    from integrasjoner.velferdsteknologi.models import HendelseStatus, Velferdshendelse

    waiting = Velferdshendelse.objects.filter(
        avsender__nokkel_id=nokkel, status=HendelseStatus.MOTTATT
    )
    total = waiting.count()
    worker, log_path = _worker(url, "bench-vft-behandle")
    try:
        started = time.monotonic()
        deadline = started + 300  # a partial count still gives the rate
        left = total
        while left and time.monotonic() < deadline:
            if worker.poll() is not None:
                raise BenchError(f"The Celery worker stopped (log: {log_path}).")
            time.sleep(0.5)
            left = waiting.count()
        seconds = time.monotonic() - started
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
    log(f"  worker acted on {total - left}/{total} received events in {seconds:.1f} s")
    return total - left, seconds


def _deliveries(
    url: str, standin: Any, count: int, rate: float, log: Any
) -> tuple[int, list[float]]:
    """Publish `count` outbox events at `rate`/s and time each until the stand-in has it."""
    from django.db import transaction

    from core.outbox import outbox_publish
    from integrasjoner.velferdsteknologi.services import HENDELSE_KVITTERT

    worker, log_path = _worker(url, "bench")
    if True:
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
    batch: int = 200,
    batch_events: int = 4000,
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
            persisted = Velferdshendelse.objects.filter(avsender__nokkel_id=nokkel).count()
            persisted -= before
            log(
                f"  one per request: {sent / seconds:.0f} events/s, {errors} errors, "
                f"{persisted} persisted"
            )
            b_sent = b_errors = b_persisted = 0
            b_seconds = 0.0
            b_latencies: list[float] = []
            if batch > 1 and batch_events:
                before = Velferdshendelse.objects.filter(avsender__nokkel_id=nokkel).count()
                b_sent, b_errors, b_seconds, b_latencies = _ingest(
                    server.port, nokkel, secret, devices, clients=clients,
                    events=batch_events, batch=batch,
                )  # fmt: skip
                b_persisted = Velferdshendelse.objects.filter(avsender__nokkel_id=nokkel).count()
                b_persisted -= before
                log(
                    f"  {batch} per request: {b_sent / b_seconds:.0f} events/s, "
                    f"{b_errors} errors, {b_persisted} persisted"
                )
        finally:
            bench_server.stop(server)
        processed, processing_seconds = _processing(url, nokkel, log) if b_persisted else (0, 0.0)
        cpu = cpu_in_process(nokkel, secret, devices, batch=batch if batch > 1 else 200)
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
        batch=batch,
        batch_sent=b_sent,
        batch_errors=b_errors,
        batch_seconds=b_seconds,
        batch_persisted=b_persisted,
        batch_latencies_ms=b_latencies,
        processed=processed,
        processing_seconds=processing_seconds,
        cpu=cpu,
    )


def _batch_lines(r: VftResult) -> list[str]:
    if not r.batch_sent:
        return []
    lat = r.batch_latencies_ms
    rate = r.batch_sent / r.batch_seconds if r.batch_seconds else 0.0
    acted = r.processed / r.processing_seconds if r.processing_seconds else 0.0
    return [
        f"  batch form (POST .../hendelser/batch/, {r.batch} events per signed request, same",
        f"     {r.clients} clients): {r.batch_sent} events in {r.batch_seconds:.1f} s = "
        f"{rate:.0f} events/s accepted; {r.batch_persisted} persisted; {r.batch_errors} errors",
        f"  latency per request p50 {percentile(lat, 50):.0f} ms, p95 {percentile(lat, 95):.0f} ms",
        f"  then acted on (alarm / vitals / thresholds, audited) by 1 Celery worker, prefork x2: "
        f"{r.processed} in {r.processing_seconds:.1f} s = {acted:.0f} events/s",
    ]


def _cpu_lines(r: VftResult) -> list[str]:
    if r.cpu is None:
        return []
    return [
        "  CPU of the web process per event, in-process (test client; PostgreSQL not counted):",
        f"     one per request {r.cpu.single_ms:.1f} ms, in a batch {r.cpu.batch_ms:.2f} ms; "
        f"acting on a received event (worker) {r.cpu.process_ms:.1f} ms",
    ]


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
        *_batch_lines(result),
        *_cpu_lines(result),
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
    p.add_argument("--batch", type=int, default=200, help="events per batch request")
    p.add_argument("--batch-events", type=int, default=4000, help="events sent in batches")
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
        batch=args.batch,
        batch_events=args.batch_events,
    )
    print("\n".join(summary(result, args.rate)))
    failed = result.errors or result.batch_errors or result.processed < result.batch_persisted
    return 1 if failed or result.delivered < result.published else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main(sys.argv[1:]))
