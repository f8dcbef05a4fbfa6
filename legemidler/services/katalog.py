"""Loading the drug catalogue from a FEST file (the M30 message).

A load is a full replacement in one transaction: what the file has is inserted or updated;
what the catalogue has and the file does not (or marks inactive) is withdrawn
(`utgaatt_at`), never deleted, so orders pointing at it keep working. A file that cannot be
read changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.klokke import naa
from core.models import Ansatt
from legemidler.lib.fest import (
    FestError,
    FestUttrekk,
    MerkevarePost,
    VirkestoffMedStyrkePost,
    fest_read,
)
from legemidler.models import (
    Interaksjon,
    InteraksjonSubstans,
    Katalogimport,
    Legemiddel,
    Relevans,
    Reseptgruppe,
    Virkestoff,
)

DEMO_FIL = Path(__file__).resolve().parents[1] / "data" / "fest_demo.xml"


@dataclass
class _Telling:
    nye: int = 0
    endret: int = 0
    utgaatt: int = 0


def katalog_load(
    *, fil: IO[bytes], filnavn: str, actor: Ansatt | None = None, demo: bool = False
) -> Katalogimport:
    """Load a FEST file as the whole catalogue. Raises ApplicationError (Norwegian) for a
    file that is not FEST or has no products; nothing is changed then."""
    try:
        uttrekk = fest_read(fil)
    except FestError as exc:
        raise ApplicationError(str(exc)) from exc
    if not uttrekk.merkevarer:
        raise ApplicationError(
            _("Filen har ingen legemidler (KatLegemiddelMerkevare mangler eller er tom).")
        )
    return _katalog_replace(uttrekk, filnavn=filnavn, actor=actor, demo=demo)


def katalog_demo_load(*, actor: Ansatt | None = None) -> Katalogimport:
    """Load our own demo extract (legemidler/data/fest_demo.xml, marked demo)."""
    with DEMO_FIL.open("rb") as fil:
        return katalog_load(fil=fil, filnavn=DEMO_FIL.name, actor=actor, demo=True)


@transaction.atomic
def _katalog_replace(
    uttrekk: FestUttrekk, *, filnavn: str, actor: Ansatt | None, demo: bool
) -> Katalogimport:
    now = naa()
    telling = _Telling()
    lasting = Katalogimport.objects.create(
        filnavn=filnavn[:300], hentet_dato=uttrekk.hentet_dato, demo=demo, lastet_av=actor
    )
    virkestoffer = _virkestoffer_replace(uttrekk, now)
    styrke_til_virkestoff = {v.fest_id: v for v in uttrekk.med_styrke}
    _legemidler_replace(uttrekk, now, lasting, virkestoffer, styrke_til_virkestoff, telling)
    _interaksjoner_replace(uttrekk, now, telling)
    lasting.antall_nye = telling.nye
    lasting.antall_endret = telling.endret
    lasting.antall_utgaatt = telling.utgaatt
    lasting.save(update_fields=["antall_nye", "antall_endret", "antall_utgaatt", "updated_at"])
    return lasting


def _virkestoffer_replace(uttrekk: FestUttrekk, now: object) -> dict[str, Virkestoff]:
    existing = {v.fest_id: v for v in Virkestoff.objects.all()}
    seen: set[str] = set()
    for post in uttrekk.virkestoffer:
        seen.add(post.fest_id)
        obj = existing.get(post.fest_id)
        if obj is None:
            existing[post.fest_id] = Virkestoff.objects.create(
                fest_id=post.fest_id, navn=post.navn[:200], navn_engelsk=post.navn_engelsk[:200]
            )
        elif (obj.navn, obj.navn_engelsk, obj.utgaatt_at) != (post.navn, post.navn_engelsk, None):
            obj.navn, obj.navn_engelsk, obj.utgaatt_at = post.navn, post.navn_engelsk, None
            obj.save(update_fields=["navn", "navn_engelsk", "utgaatt_at", "updated_at"])
    Virkestoff.objects.filter(utgaatt_at__isnull=True).exclude(fest_id__in=seen).update(
        utgaatt_at=now
    )
    return existing


def _fields(post: MerkevarePost, styrke: tuple[object, str]) -> dict[str, object]:
    reseptgruppe = post.reseptgruppe if post.reseptgruppe in Reseptgruppe.values else "C"
    return {
        "varenavn": post.varenavn[:200],
        "navn_form_styrke": post.navn_form_styrke[:300],
        "atc": post.atc[:8],
        "atc_navn": post.atc_navn[:200],
        "legemiddelform": post.legemiddelform[:100],
        "legemiddelform_kode": post.legemiddelform_kode[:8],
        "styrke": styrke[0],
        "styrke_enhet": styrke[1][:20],
        "reseptgruppe": reseptgruppe,
        "administrasjonsvei": post.administrasjonsvei[:100],
        "kan_knuses": post.kan_knuses,
        "fest_tidspunkt": post.tidspunkt,
    }


def _legemidler_replace(
    uttrekk: FestUttrekk,
    now: object,
    lasting: Katalogimport,
    virkestoffer: dict[str, Virkestoff],
    med_styrke: dict[str, VirkestoffMedStyrkePost],
    telling: _Telling,
) -> None:
    existing = {lm.fest_id: lm for lm in Legemiddel.objects.prefetch_related("virkestoffer")}
    seen: set[str] = set()
    for post in uttrekk.merkevarer:
        if not post.aktiv:
            continue
        seen.add(post.fest_id)
        refs = [med_styrke.get(ref) for ref in post.virkestoff_med_styrke]
        stoffer = [
            virkestoffer[r.virkestoff_id]
            for r in refs
            if r is not None and r.virkestoff_id in virkestoffer
        ]
        # The strength of a single-substance product; combinations show it in the name.
        styrke: tuple[object, str] = (None, "")
        if len(refs) == 1 and refs[0] is not None:
            styrke = (refs[0].styrke, refs[0].enhet)
        fields = _fields(post, styrke)
        obj = existing.get(post.fest_id)
        if obj is None:
            obj = Legemiddel(fest_id=post.fest_id, import_sist=lasting, **fields)
            obj.full_clean(exclude=["virkestoffer"])
            obj.save()
            telling.nye += 1
        else:
            changed = [k for k, v in fields.items() if getattr(obj, k) != v]
            if changed or obj.utgaatt_at is not None:
                for k in changed:
                    setattr(obj, k, fields[k])
                obj.utgaatt_at = None
                obj.import_sist = lasting
                obj.save(update_fields=[*changed, "utgaatt_at", "import_sist", "updated_at"])
                telling.endret += 1
        if {v.pk for v in obj.virkestoffer.all()} != {v.pk for v in stoffer}:
            obj.virkestoffer.set(stoffer)
    telling.utgaatt += (
        Legemiddel.objects.filter(utgaatt_at__isnull=True)
        .exclude(fest_id__in=seen)
        .update(utgaatt_at=now)
    )


def _interaksjoner_replace(uttrekk: FestUttrekk, now: object, telling: _Telling) -> None:
    existing = {i.fest_id: i for i in Interaksjon.objects.all()}
    seen: set[str] = set()
    for post in uttrekk.interaksjoner:
        if not post.aktiv or not {s.gruppe for s in post.substanser} >= {1, 2}:
            continue
        seen.add(post.fest_id)
        fields = {
            "relevans": post.relevans
            if post.relevans in Relevans.values
            else Relevans.FORSIKTIGHET,
            "situasjonskriterium": post.situasjonskriterium,
            "klinisk_konsekvens": post.klinisk_konsekvens or "-",
            "mekanisme": post.mekanisme,
            "handtering": post.handtering,
            "kildegrunnlag": post.kildegrunnlag[:200],
            "utgaatt_at": None,
        }
        obj = existing.get(post.fest_id)
        if obj is None:
            obj = Interaksjon.objects.create(fest_id=post.fest_id, **fields)
        else:
            for k, v in fields.items():
                setattr(obj, k, v)
            obj.save()
            obj.substanser.all().delete()
        InteraksjonSubstans.objects.bulk_create(
            InteraksjonSubstans(
                interaksjon=obj, gruppe=min(s.gruppe, 2), substans=s.substans[:200], atc=s.atc[:8]
            )
            for s in post.substanser
            if s.atc
        )
    Interaksjon.objects.filter(utgaatt_at__isnull=True).exclude(fest_id__in=seen).update(
        utgaatt_at=now
    )
