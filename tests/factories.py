"""factory_boy factories. Synthetic identities only (Tenor range, month + 80)."""

from __future__ import annotations

import datetime as dt
import random

import factory
from django.contrib.auth.hashers import make_password

from core.identifikatorer import orgnr_complete
from core.klokke import idag
from core.models import Ansatt, Enhet, EnhetType, Kommune, Rolle, Tilknytning, Virksomhet
from journal.demo import synthetic_fnr
from journal.lib.soek import name_normalize
from journal.models import (
    Behandlingsrelasjon,
    Journalnotat,
    JournalnotatVersjon,
    Kartlegging,
    Kartleggingsskjema,
    KartleggingStatus,
    Kjoenn,
    NotatStatus,
    Notattype,
    Pasient,
    RelasjonGrunnlag,
)
from journal.seeds import skjema_load_all
from journal.services.notat import innhold_flatten

PASSWORD = "riktig-passord-123"
_PASSWORD_HASH = make_password(PASSWORD, hasher="md5")
_rng = random.Random(4242)  # noqa: S311


def _orgnr(n: int) -> str:
    while True:
        candidate = orgnr_complete(f"9{(n * 7919 + _rng.randint(0, 999)) % 10_000_000:07d}")
        if candidate:
            return candidate


class KommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kommune
        django_get_or_create = ("nummer",)

    nummer = factory.Sequence(lambda n: f"{5000 + n}")
    navn = factory.Sequence(lambda n: f"Testkommune {n}")


class VirksomhetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Virksomhet

    kommune = factory.SubFactory(KommuneFactory)
    navn = factory.Sequence(lambda n: f"Virksomhet {n}")
    organisasjonsnummer = factory.Sequence(_orgnr)


class EnhetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enhet

    virksomhet = factory.SubFactory(VirksomhetFactory)
    navn = factory.Sequence(lambda n: f"Enhet {n}")
    type = EnhetType.HJEMMETJENESTE_SONE


class AnsattFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ansatt

    username = factory.Sequence(lambda n: f"ansatt{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Ansatt{n}")
    password = _PASSWORD_HASH
    helsepersonellkategori = "SP"
    hpr_nummer = factory.Sequence(lambda n: f"{8000000 + n}")


class TilknytningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tilknytning

    ansatt = factory.SubFactory(AnsattFactory)
    enhet = factory.SubFactory(EnhetFactory)
    rolle = factory.LazyFunction(lambda: Rolle.objects.get(kode="sykepleier"))
    gyldig_fra = dt.date(2024, 1, 1)


_used_fnr: set[str] = set()


def _unique_fnr(born: dt.date) -> str:
    """A synthetic fødselsnummer never handed out before in this test session."""
    fnr = synthetic_fnr(_rng, born, _used_fnr)
    if fnr is None:
        raise RuntimeError(f"Ingen ledige syntetiske fødselsnumre for {born:%d.%m.%Y}.")
    return fnr


class PasientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pasient
        skip_postgeneration_save = True

    fodselsdato = factory.LazyFunction(
        lambda: dt.date(1940, 1, 1) + dt.timedelta(days=_rng.randint(0, 20000))
    )
    identifikator = factory.LazyAttribute(lambda o: _unique_fnr(o.fodselsdato))
    identifikator_type = "FNR"
    fornavn = "Kari"
    etternavn = factory.Sequence(lambda n: f"Testesen{n}")
    kjonn = Kjoenn.KVINNE
    sok_fornavn = factory.LazyAttribute(lambda o: name_normalize(o.fornavn))
    sok_etternavn = factory.LazyAttribute(lambda o: name_normalize(o.etternavn))

    @factory.post_generation  # type: ignore[untyped-decorator]
    def relasjon_til(
        self: Pasient, create: bool, extracted: Enhet | None, **kwargs: object
    ) -> None:
        """PasientFactory(relasjon_til=enhet) opens an active care relationship."""
        if create and extracted is not None:
            Behandlingsrelasjon.objects.create(
                pasient=self, enhet=extracted, grunnlag=RelasjonGrunnlag.VEDTAK
            )


# --- Journalnotat (notes) -------------------------------------------------------------------


class NotattypeFactory(factory.django.DjangoModelFactory):
    """The seeded sykepleienotat (PLO headings); get-or-create, so it survives a flush."""

    class Meta:
        model = Notattype
        django_get_or_create = ("kode",)

    kode = "sykepleienotat"
    navn = "Sykepleienotat"
    overskrifter = factory.LazyFunction(
        lambda: ["Sykepleiediagnose", "Observasjon", "Tiltak", "Evaluering"]
    )


class JournalnotatFactory(factory.django.DjangoModelFactory):
    """A note written straight to the tables (tests of services use the services).

    JournalnotatFactory(signert=True) adds version 1, signed by the author.
    """

    class Meta:
        model = Journalnotat
        skip_postgeneration_save = True

    pasient = factory.SubFactory(PasientFactory)
    enhet = factory.SubFactory(EnhetFactory)
    type = factory.SubFactory(NotattypeFactory)
    tittel = "Nattevakt"
    forfatter = factory.SubFactory(AnsattFactory)
    utkast = factory.LazyFunction(
        lambda: {
            "Sykepleiediagnose": "",
            "Observasjon": "Pasienten sov godt i natt.",
            "Tiltak": "",
            "Evaluering": "",
        }
    )
    utkast_av = factory.SelfAttribute("forfatter")

    @factory.post_generation  # type: ignore[untyped-decorator]
    def signert(self: Journalnotat, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if not (create and extracted):
            return
        JournalnotatVersjon.objects.create(
            notat=self,
            pasient_id=self.pasient_id,
            nummer=1,
            tittel=self.tittel,
            innhold=self.utkast,
            tekst=innhold_flatten(self.utkast),
            signert_av=self.forfatter,
            signert_at=dt.datetime.now(tz=dt.UTC),
        )
        Journalnotat.objects.filter(pk=self.pk).update(
            status=NotatStatus.SIGNERT, gjeldende_versjon=1, utkast={}, utkast_av=None
        )
        self.refresh_from_db()


# --- Kartlegging (assessments) --------------------------------------------------------------

IPLOS_SVAR = {
    "sosial_deltakelse": 2,
    "skaffe_varer_tjenester": 3,
    "beslutninger_dagliglivet": 2,
    "ivareta_egen_helse": 3,
    "bevege_seg_innendors": 2,
    "alminnelig_husarbeid": 4,
    "personlig_hygiene": 3,
    "paa_og_avkledning": 3,
    "lage_mat": 4,
    "spise": 1,
    "toalett": 2,
    "bevege_seg_utendors": 9,
    "syn": 2,
    "horsel": 3,
    "hukommelse": 3,
    "kommunikasjon": 1,
    "styre_atferd": 1,
}


def _kartleggingsskjema(kode: str) -> Kartleggingsskjema:
    """The shipped form (loaded again after a flush removed what the migration loaded)."""
    skjema_load_all()
    return Kartleggingsskjema.objects.filter(kode=kode).order_by("-versjon").first()  # type: ignore[return-value]


class KartleggingFactory(factory.django.DjangoModelFactory):
    """A completed IPLOS assessment written straight to the table (tests of the services
    use the services)."""

    class Meta:
        model = Kartlegging

    pasient = factory.SubFactory(PasientFactory)
    enhet = factory.SubFactory(EnhetFactory)
    skjema = factory.LazyFunction(lambda: _kartleggingsskjema("iplos"))
    dato = factory.LazyFunction(lambda: idag() - dt.timedelta(days=1))
    utfort_av = factory.SubFactory(AnsattFactory)
    status = KartleggingStatus.FULLFORT
    svar = factory.LazyFunction(lambda: dict(IPLOS_SVAR))
    fullfort_at = factory.LazyFunction(lambda: dt.datetime.now(tz=dt.UTC))
