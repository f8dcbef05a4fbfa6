"""factory_boy factories. Synthetic identities only (Tenor range, month + 80)."""

from __future__ import annotations

import datetime as dt
import random

import factory
from django.contrib.auth.hashers import make_password

from core.identifikatorer import orgnr_complete
from core.models import Ansatt, Enhet, EnhetType, Kommune, Rolle, Tilknytning, Virksomhet
from journal.demo import synthetic_fnr
from journal.models import (
    Behandlingsrelasjon,
    Journalnotat,
    JournalnotatVersjon,
    Kjonn,
    NotatStatus,
    Notattype,
    Pasient,
    RelasjonGrunnlag,
)
from journal.services.notat import innhold_flatten
from journal.sok import name_normalize

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


class PasientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pasient
        skip_postgeneration_save = True

    fodselsdato = factory.LazyFunction(
        lambda: dt.date(1940, 1, 1) + dt.timedelta(days=_rng.randint(0, 20000))
    )
    identifikator = factory.LazyAttribute(lambda o: synthetic_fnr(_rng, o.fodselsdato))
    identifikator_type = "FNR"
    fornavn = "Kari"
    etternavn = factory.Sequence(lambda n: f"Testesen{n}")
    kjonn = Kjonn.KVINNE
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
