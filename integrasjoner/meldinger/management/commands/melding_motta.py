"""`manage.py melding_motta FILE…`: process message files as if they had arrived (the same
code path as the poller) and print each one's application receipt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.context import system_context
from integrasjoner.meldinger.selectors import herid_batch
from integrasjoner.meldinger.services import melding_receive


class Command(BaseCommand):
    help = "Behandler meldingsfiler som om de var mottatt, og skriver ut applikasjonskvitteringen."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("filer", nargs="+", help="MsgHead-filer (XML)")

    def handle(self, *args: Any, **options: Any) -> None:
        feilet = 0
        for navn in options["filer"]:
            sti = Path(navn)
            if not sti.is_file():
                raise CommandError(f"Finner ikke filen {navn}")
            with system_context(), herid_batch():
                mottak = melding_receive(xml=sti.read_bytes())
            kv = mottak.kvittering
            koder = ",".join(f["kode"] for f in kv.feil) or "-"
            tillegg = " (duplikat)" if mottak.duplikat else ""
            self.stdout.write(
                f"{sti.name}\t{mottak.melding.meldingstype or '?'}\tAppRec {kv.status} "
                f"{kv.get_status_display()}\tfeil: {koder}\t{mottak.melding.get_status_display()}"
                f"{tillegg}"
            )
            feilet += kv.status != "1"
        if feilet:
            self.stdout.write(f"{feilet} av {len(options['filer'])} ble ikke godtatt.")
