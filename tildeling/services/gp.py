"""Orientation to the patient's GP when a decision is made (issue item 9).

The PLO message "Orientering om tjenestetilbud" is sent by the messaging integration from
the outbox event written here, in the deciding transaction: the decision and the event
commit together or not at all. Until a messaging receiver is registered the event is
kept in the outbox (no delivery rows), so nothing is lost when the integration arrives.
"""

from __future__ import annotations

from core.outbox import outbox_publish
from tildeling.models import Vedtak

HENDELSE_VEDTAK_FATTET = "tildeling.vedtak_fattet"


def vedtak_fattet_publish(*, vedtak: Vedtak) -> None:
    """Write the "tildeling.vedtak_fattet" outbox event (inside the deciding transaction)."""
    pasient = vedtak.sak.pasient
    fastlege = pasient.fastlege
    outbox_publish(
        hendelse=HENDELSE_VEDTAK_FATTET,
        payload={
            "vedtak_id": str(vedtak.pk),
            "sak_id": str(vedtak.sak_id),
            "pasient_id": str(pasient.pk),
            "tjenestetype_kode": vedtak.tjenestetype.kode,
            "tjenestetype_navn": vedtak.tjenestetype.navn,
            "utfall": vedtak.utfall,
            "vedtaksdato": vedtak.vedtaksdato.isoformat() if vedtak.vedtaksdato else None,
            "fra_dato": vedtak.fra_dato.isoformat() if vedtak.fra_dato else None,
            "til_dato": vedtak.til_dato.isoformat() if vedtak.til_dato else None,
            "utforende_enhet_id": (
                str(vedtak.utforende_enhet_id) if vedtak.utforende_enhet_id else None
            ),
            "fastlege": (
                {
                    "id": str(fastlege.pk),
                    "navn": fastlege.get_full_name(),
                    "hpr_nummer": fastlege.hpr_nummer,
                }
                if fastlege
                else None
            ),
        },
        pasient_id=pasient.pk,
    )
