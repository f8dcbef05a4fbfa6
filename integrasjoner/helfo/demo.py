"""Demo data for claims to HELFO: the last two weeks' signed, unclaimed consultations of
each demo GP office (from demo_legekontor) become claims, sent to the HELFO stand-in and
settled there with one bill rejected, so the worklist has a line to correct and resend.

Idempotent (an office that already has a claim is left alone) and quick: the delivery
and the settlement are fetched at once when the stand-in answers; otherwise the outbox
worker sends later and the beat task fetches the settlement."""

from __future__ import annotations

import datetime as dt
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
from tjenester.legekontor.selectors import konsultasjoner_for_krav


def _reject_one(guid: str, stdout: Any) -> None:
    base = settings.HELFO_URL.rsplit("/", 1)[0]
    try:
        http.post_json(
            f"{base}/_kontroll/helfo",
            {"avvis_guid_en_gang": [guid]},
            timeout=settings.HELFO_TIMEOUT,
        )
    except IntegrationError as e:
        stdout.write(f"demo_helfo: stand-in ikke nådd ({e}); ingen linje avvises.\n")


def demo_load(*, stdout: Any) -> None:
    til = idag()
    fra = til - dt.timedelta(days=13)
    laget = 0
    with system_context():
        for enhet in Enhet.objects.filter(type=EnhetType.LEGEKONTOR, aktiv=True).order_by("navn"):
            if Behandlerkrav.objects.filter(enhet=enhet).exists():
                continue
            forste = konsultasjoner_for_krav(enhet_id=enhet.pk, fra=fra, til=til).first()
            if forste is None:
                continue
            if not (enhet.her_id or enhet.virksomhet.her_id):
                stdout.write(f"demo_helfo: {enhet.navn} mangler HER-id; hoppet over.\n")
                continue
            _reject_one(str(forste.pk), stdout)
            with transaction.atomic():
                alle = krav_build(actor=None, enhet=enhet, fra=fra, til=til)
                for krav in alle:
                    krav_send(actor=None, krav_id=krav.pk)
            laget += len(alle)
        for levering in Levering.objects.filter(mottaker=HELFO, status="venter"):
            levering_deliver(levering_id=levering.id)
        try:
            oppgjoer_poll()
        except IntegrationError as e:
            stdout.write(f"demo_helfo: oppgjør ikke hentet ({e}).\n")
    if not laget:
        stdout.write("demo_helfo: ingen signerte konsultasjoner å kreve (kjør demo_legekontor).\n")
        return
    oppgjort = Behandlerkrav.objects.filter(status=KravStatus.OPPGJORT).count()
    stdout.write(f"demo_helfo: {laget} krav sendt, {oppgjort} oppgjort.\n")
