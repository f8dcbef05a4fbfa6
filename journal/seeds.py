"""Seed and reference data of the journal, loaded by migrations, commands, demo and tests:
the default reasons for extended access, the assessment forms (journal/data/skjema/*.json)
and the starter set of the code lists (journal/data/kodeverk/*.csv).

Parsing and checking the files is database-free and lives in journal.lib (skjema, kodeverk);
here the results are written. Every loader takes an optional `model` so a data migration can
pass its historical model."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import models, transaction
from django.utils.translation import gettext as _

from core.klokke import idag, naa
from journal.lib.kodeverk import (
    Koderad,
    KodeverkFileError,
    Lastresultat,
    kodeverk_decode,
    kodeverk_parse,
)
from journal.lib.skjema import SkjemaDefinitionError, skjemafil_parse
from journal.models import Kode, Kodeverk, Tilgangsgrunn

DATA_DIR = Path(__file__).resolve().parent / "data"
SKJEMA_DIR = DATA_DIR / "skjema"
KODEVERK_DIR = DATA_DIR / "kodeverk"
STARTSETT: dict[str, Path] = {
    Kodeverk.ICPC2: KODEVERK_DIR / "icpc2.csv",
    Kodeverk.ICD10: KODEVERK_DIR / "icd10.csv",
}

# --- reasons for access outside a care relationship (admins edit the list) ---------------------

DEFAULT_GRUNNER = [
    "Pasienten er under overføring eller innleggelse hos oss",
    "Jeg er tilkalt som vikar eller ekstrahjelp fra annen enhet",
    "Legevakt eller øyeblikkelig hjelp",
    "Vurdering av søknad eller henvendelse om helsehjelp",
    "Samarbeid om pasienten med enheten som har relasjonen",
]


def tilgangsgrunner_seed(model: type[Tilgangsgrunn] = Tilgangsgrunn) -> None:
    """Create the default reasons when the list is empty (never re-adds removed ones)."""
    if not model.objects.exists():
        for tekst in DEFAULT_GRUNNER:
            model.objects.create(tekst=tekst)


# --- assessment forms (kartlegging) -----------------------------------------------------------


@dataclass(frozen=True)
class Skjemalast:
    kode: str
    versjon: int
    ny: bool


def skjema_load(path: Path, model: type[models.Model] | None = None) -> Skjemalast:
    """Load one definition file; idempotent.

    A version already loaded with the same content is left alone. A version loaded with
    different content is refused: assessments refer to it, so a change is a new version.
    `model` is the migration's historical model when called from a data migration.
    """
    if model is None:
        from journal.models import Kartleggingsskjema

        model = Kartleggingsskjema
    fil = skjemafil_parse(path)
    manager = model._default_manager
    with transaction.atomic():
        existing = manager.filter(kode=fil.kode, versjon=fil.versjon).first()
        if existing is not None:
            same = (
                existing.navn == fil.navn  # type: ignore[attr-defined]
                and existing.definisjon == fil.definisjon  # type: ignore[attr-defined]
                and existing.gyldig_fra == fil.gyldig_fra  # type: ignore[attr-defined]
                and existing.beskrivelse == fil.beskrivelse  # type: ignore[attr-defined]
            )
            if not same:
                raise SkjemaDefinitionError(
                    _(
                        "%(fil)s: versjon %(versjon)s av skjemaet «%(kode)s» er lastet før med "
                        "annet innhold. Gi endringen et nytt versjonsnummer."
                    )
                    % {"fil": path.name, "versjon": fil.versjon, "kode": fil.kode}
                )
            return Skjemalast(fil.kode, fil.versjon, ny=False)
        manager.create(
            kode=fil.kode,
            navn=fil.navn,
            versjon=fil.versjon,
            gyldig_fra=fil.gyldig_fra,
            beskrivelse=fil.beskrivelse,
            definisjon=fil.definisjon,
        )
    return Skjemalast(fil.kode, fil.versjon, ny=True)


def skjema_load_all(
    directory: Path = SKJEMA_DIR, model: type[models.Model] | None = None
) -> list[Skjemalast]:
    """Load every *.json definition in `directory` (the shipped forms by default)."""
    return [skjema_load(path, model) for path in sorted(directory.glob("*.json"))]


# --- code lists (ICPC-2, ICD-10) -----------------------------------------------------------------


@transaction.atomic
def kodeverk_load(
    *,
    kodeverk: str,
    rader: Iterable[Koderad],
    fullstendig: bool = False,
    model: type[Kode] = Kode,
) -> Lastresultat:
    """Upsert code rows into one code list (idempotent). `model` lets a migration pass
    its historical model."""
    result = Lastresultat(kodeverk=kodeverk)
    existing = {k.kode: k for k in model.objects.filter(kodeverk=kodeverk)}
    now = naa()
    new: list[Kode] = []
    changed: list[Kode] = []
    in_file: set[str] = set()
    for rad in rader:
        in_file.add(rad.kode)
        kode = existing.get(rad.kode)
        if kode is None:
            new.append(model(kodeverk=kodeverk, kode=rad.kode, tekst=rad.tekst, aktiv=rad.aktiv))
        elif (kode.tekst, kode.aktiv) != (rad.tekst, rad.aktiv):
            kode.tekst, kode.aktiv, kode.updated_at = rad.tekst, rad.aktiv, now
            changed.append(kode)
        else:
            result.uendret += 1
    if fullstendig:
        for kode in existing.values():
            if kode.kode not in in_file and kode.aktiv:
                kode.aktiv, kode.updated_at = False, now
                changed.append(kode)
                result.deaktivert += 1
    model.objects.bulk_create(new, batch_size=1000)
    model.objects.bulk_update(changed, ["tekst", "aktiv", "updated_at"], batch_size=1000)
    result.nye = len(new)
    result.endret = len(changed) - result.deaktivert
    return result


def kodeverk_file_load(
    *, path: Path, kodeverk: str, fullstendig: bool = False, model: type[Kode] = Kode
) -> Lastresultat:
    """Load one code file. Valid rows are loaded even when some rows are bad; a complete
    list with bad rows deactivates nothing (a broken file must not retire good codes)."""
    try:
        text = kodeverk_decode(path.read_bytes())
    except OSError as exc:
        raise KodeverkFileError(_("Kan ikke lese filen %(fil)s.") % {"fil": path}) from exc
    lesing = kodeverk_parse(text, kodeverk=kodeverk, today=idag())
    result = kodeverk_load(
        kodeverk=kodeverk,
        rader=lesing.rader,
        fullstendig=fullstendig and not lesing.feil,
        model=model,
    )
    result.feil = lesing.feil
    result.hoppet_over = lesing.hoppet_over
    if fullstendig and lesing.feil:
        result.feil.append(_("Ingen koder ble deaktivert fordi filen har feil."))
    return result


def kodeverk_startsett_load(model: type[Kode] = Kode) -> list[Lastresultat]:
    """The curated starter set shipped with the code (common codes in municipal care),
    so demo and tests work offline. The official lists are loaded on top of it."""
    return [
        kodeverk_file_load(path=path, kodeverk=kodeverk, model=model)
        for kodeverk, path in STARTSETT.items()
    ]
