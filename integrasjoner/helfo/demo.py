"""Demo data for claims to HELFO: the last two weeks' signed, unclaimed consultations of
each demo GP office (from demo_legekontor) become claims, sent to the HELFO stand-in and
settled there with one bill rejected, so the worklist has a line to correct and resend.

Idempotent (an office that already has a claim is left alone) and quick. The demo runs
before `make run` starts the stand-in, so it settles against a HELFO stand-in of its own,
in this process, for the time it runs: the delivery and the settlement are done at once.
Corrected bills resent later go to the running stand-in like any claim."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import transaction

from core import http
from core.context import system_context
from core.exceptions import IntegrationError
from core.klokke import idag
from core.models import Enhet, EnhetType, Levering
from core.outbox import levering_deliver
from integrasjoner.helfo.models import Behandlerkrav, KravStatus
from integrasjoner.helfo.services import HELFO, krav_build, krav_send, oppgjoer_poll
from integrasjoner.standin.server import Standin
from tjenester.legekontor.selectors import konsultasjoner_for_krav


@contextmanager
def _egen_standin() -> Iterator[str]:
    """A HELFO stand-in for the demo's own claims; HELFO_URL points at it meanwhile."""
    server = Standin().start()
    tidligere = settings.HELFO_URL
    settings.HELFO_URL = f"{server.url}/helfo"
    try:
        yield server.url
    finally:
        settings.HELFO_URL = tidligere
        server.close()


def demo_load(*, stdout: Any) -> None:
    with _egen_standin() as url:
        _load(url, stdout)


def _load(standin_url: str, stdout: Any) -> None:
    til = idag()
    fra = til - dt.timedelta(days=13)
    laget: list[str] = []
    allerede = 0
    with system_context():
        for enhet in Enhet.objects.filter(type=EnhetType.LEGEKONTOR, aktiv=True).order_by("navn"):
            if Behandlerkrav.objects.filter(enhet=enhet).exists():
                allerede += 1
                continue
            forste = konsultasjoner_for_krav(enhet_id=enhet.pk, fra=fra, til=til).first()
            if forste is None:
                continue
            if not (enhet.her_id or enhet.virksomhet.her_id):
                stdout.write(f"demo_helfo: {enhet.navn} mangler HER-id; hoppet over.\n")
                continue
            http.post_json(
                f"{standin_url}/_kontroll/helfo", {"avvis_guid_en_gang": [str(forste.pk)]}
            )
            with transaction.atomic():
                alle = krav_build(actor=None, enhet=enhet, fra=fra, til=til)
                for krav in alle:
                    krav_send(actor=None, krav_id=krav.pk)
            laget += [str(krav.pk) for krav in alle]
        egne = Levering.objects.filter(
            mottaker=HELFO, status="venter", hendelse__payload__krav_id__in=laget
        )
        for levering in egne:
            levering_deliver(levering_id=levering.id)
        try:
            oppgjoer_poll()
        except IntegrationError as e:
            stdout.write(f"demo_helfo: oppgjør ikke hentet ({e}).\n")
    if not laget and allerede:
        stdout.write(f"demo_helfo: {allerede} legekontor har krav fra før; ingenting endret.\n")
        return
    if not laget:
        stdout.write("demo_helfo: ingen signerte konsultasjoner å kreve (kjør demo_legekontor).\n")
        return
    oppgjort = Behandlerkrav.objects.filter(status=KravStatus.OPPGJORT).count()
    stdout.write(f"demo_helfo: {len(laget)} krav sendt, {oppgjort} oppgjort.\n")
