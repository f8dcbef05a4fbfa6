"""The CSV export of an invoice run (the file stored with the run and sent to the economy
system).

Layout (fakturagrunnlag v1): UTF-8 without BOM, `;` as separator, `"` as quote (only
where needed), `\\n` line ends, one header row with the column names below, then one row
per invoice line ordered by customer, period and service. Amounts use `.` as decimal
point with two decimals (unit price four); dates are ISO 8601 (ÅÅÅÅ-MM-DD).

  1  kjoring_id        the run (UUID)
  2  kommunenummer     the invoicing kommune (4 digits)
  3  maned             the invoiced month (ÅÅÅÅ-MM)
  4  linje_id          this line (UUID); unique, stable
  5  linjetype         ordinaer | kredit (credit note) | debet (corrected charge)
  6  korrigerer        linje_id of the earlier line a kredit/debet line corrects, else empty
  7  kunde_id          the patient's fødselsnummer/D-nummer (the customer)
  8  kunde_navn        "Etternavn, Fornavn Mellomnavn"
  9  adresse           postal address line
 10  postnummer
 11  poststed
 12  tjeneste          praktisk_bistand | trygghetsalarm | matombringing | korttid |
                       korttid_vederlag | dag_natt | langtid
 13  periode_fra       first day the line covers
 14  periode_til       last day the line covers (inclusive)
 15  antall            quantity (negative on kredit lines)
 16  enhet             time | døgn | måned
 17  enhetspris        kroner per unit
 18  belop             kroner (negative on kredit lines); the sum of the file is the run's sum
 19  grunnlag          the basis used, "key=value" pairs separated by ", " (rates version
                       and date, G and its date, income band, fribeløp, kurdøgnpris …)
 20  merknad           free text (e.g. "Begrenset til tak 530.00")
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from typing import Any

from django.db import transaction

from integrasjoner.faktura.models import Fakturafil, Fakturafildel, Fakturagrunnlag, Fakturakjoering

KOLONNER = [
    "kjoring_id",
    "kommunenummer",
    "maned",
    "linje_id",
    "linjetype",
    "korrigerer",
    "kunde_id",
    "kunde_navn",
    "adresse",
    "postnummer",
    "poststed",
    "tjeneste",
    "periode_fra",
    "periode_til",
    "antall",
    "enhet",
    "enhetspris",
    "belop",
    "grunnlag",
    "merknad",
]
CHUNK = 2000


def _grunnlag(data: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(data.items()) if v not in (None, ""))


def filnavn(kjoring: Fakturakjoering) -> str:
    return f"fakturagrunnlag_{kjoring.kommune.nummer}_{kjoring.maned:%Y-%m}.csv"


def fil_write(*, kjoring: Fakturakjoering) -> Fakturafil:
    """Write the run's CSV from its lines (streamed with a server-side cursor) and store it
    a part at a time: memory holds one part (CHUNK rows), whatever the size of the run."""
    fil = Fakturafil(
        kjoring=kjoring, filnavn=filnavn(kjoring), sha256="", storrelse=0, antall_linjer=0
    )
    with transaction.atomic():
        fil.save()
    parts = 0
    chunk = io.StringIO()
    digest = hashlib.sha256()
    size = 0
    writer = csv.writer(chunk, delimiter=";", lineterminator="\n")
    writer.writerow(KOLONNER)
    count = 0

    def flush() -> None:
        nonlocal size, parts
        data = chunk.getvalue()
        if not data:
            return
        encoded = data.encode()
        digest.update(encoded)
        size += len(encoded)
        Fakturafildel.objects.create(fil=fil, nummer=parts, innhold=data)
        parts += 1
        chunk.seek(0)
        chunk.truncate()

    common = [str(kjoring.pk), kjoring.kommune.nummer, f"{kjoring.maned:%Y-%m}"]
    with transaction.atomic():
        rows = (
            Fakturagrunnlag.objects.filter(kjoring=kjoring)
            .order_by("pasient__etternavn", "pasient_id", "periode_fra", "tjeneste", "type", "id")
            .values_list(
                "id",
                "type",
                "korrigerer_id",
                "pasient__identifikator",
                "pasient__etternavn",
                "pasient__fornavn",
                "pasient__mellomnavn",
                "pasient__adresse",
                "pasient__postnummer",
                "pasient__poststed",
                "tjeneste",
                "periode_fra",
                "periode_til",
                "antall",
                "enhet",
                "enhetspris",
                "belop",
                "grunnlag",
                "merknad",
            )
        )
        for row in rows.iterator(chunk_size=CHUNK):
            (lid, type_, korr, ident, etternavn, fornavn, mellomnavn, adresse, postnr, poststed,
             tjeneste, fra, til, antall, enhet, pris, belop, grunnlag, merknad) = row  # fmt: skip
            navn = f"{etternavn}, {' '.join(p for p in (fornavn, mellomnavn) if p)}"
            writer.writerow(
                [
                    *common,
                    lid,
                    type_,
                    korr or "",
                    ident,
                    navn,
                    adresse,
                    postnr,
                    poststed,
                    tjeneste,
                    fra.isoformat(),
                    til.isoformat(),
                    f"{antall:.2f}",
                    enhet,
                    f"{pris:.4f}",
                    f"{belop:.2f}",
                    _grunnlag(grunnlag),
                    merknad,
                ]
            )
            count += 1
            if count % CHUNK == 0:
                flush()
        flush()
        fil.sha256, fil.storrelse, fil.antall_linjer = digest.hexdigest(), size, count
        fil.full_clean()
        fil.save(update_fields=["sha256", "storrelse", "antall_linjer", "updated_at"])
    return fil


def fil_deler(fil: Fakturafil) -> Iterator[str]:
    """The stored file, a part at a time (for a streamed download)."""
    yield from (
        Fakturafildel.objects.filter(fil=fil)
        .order_by("nummer")
        .values_list("innhold", flat=True)
        .iterator(chunk_size=1)
    )


def fil_innhold(fil: Fakturafil) -> str:
    """The whole stored file as one text (for sending it; the receiver wants one body)."""
    return "".join(fil_deler(fil))
