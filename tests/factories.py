"""factory_boy factories. Synthetic identities only (Tenor range, month + 80)."""

from __future__ import annotations

import datetime as dt
import random

import factory
from django.contrib.auth.hashers import make_password

from core.identifikatorer import orgnr_complete
from core.models import Ansatt, Enhet, EnhetType, Kommune, Rolle, Tilknytning, Virksomhet
from journal.demo import synthetic_fnr
from journal.models import Behandlingsrelasjon, Kjonn, Pasient, RelasjonGrunnlag
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
