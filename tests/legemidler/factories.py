"""Set-up data of medication, straight in the database (the services are tested on their
own): catalogue entries and orders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from core.klokke import naa
from legemidler.lib.dosering import Doseringsplan, Dosetid, plan_to_dict
from legemidler.models import (
    Forordning,
    Legemiddel,
    Legemiddelsamstemming,
    Reseptgruppe,
    Virkestoff,
)
from tests.factories import AnsattFactory, EnhetFactory, PasientFactory


class VirkestoffFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = Virkestoff
        django_get_or_create = ("fest_id",)

    fest_id = factory.Sequence(lambda n: f"ID_TEST_VS_{n}")
    navn = factory.Sequence(lambda n: f"Virkestoff {n}")


class LegemiddelFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = Legemiddel
        django_get_or_create = ("fest_id",)

    fest_id = factory.Sequence(lambda n: f"ID_TEST_LM_{n}")
    varenavn = factory.Sequence(lambda n: f"Testmiddel {n}")
    navn_form_styrke = factory.LazyAttribute(lambda o: f"{o.varenavn} tab 10 mg")
    atc = "N02BE01"
    legemiddelform = "Tablett"
    styrke = Decimal(10)
    styrke_enhet = "mg"
    reseptgruppe = Reseptgruppe.C


def fast_dosering(*tider: tuple[str, str], ukedager: tuple[int, ...] = ()) -> dict[str, object]:
    """A fixed schedule as stored: fast_dosering(("08:00", "1"), ("20:00", "2"))."""
    return plan_to_dict(
        Doseringsplan(
            tider=tuple(Dosetid(dt.time.fromisoformat(t), Decimal(d)) for t, d in tider),
            ukedager=ukedager,
        )
    )


class ForordningFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = Forordning

    pasient = factory.SubFactory(PasientFactory)
    enhet = factory.SubFactory(EnhetFactory)
    legemiddel = factory.SubFactory(LegemiddelFactory)
    legemiddel_navn = factory.LazyAttribute(lambda o: o.legemiddel.navn_form_styrke)
    atc = factory.LazyAttribute(lambda o: o.legemiddel.atc)
    doseringstype = "fast"
    dosering = factory.LazyFunction(lambda: fast_dosering(("08:00", "1")))
    dose_enhet = "tablett"
    administrasjonsvei = "oral"
    indikasjon = "Smerter"
    start = factory.LazyFunction(naa)
    ordinert_av = factory.SubFactory(AnsattFactory, helsepersonellkategori="LE")
    ordinert_av_hpr = factory.LazyAttribute(lambda o: o.ordinert_av.hpr_nummer)
    registrert_av = factory.LazyAttribute(lambda o: o.ordinert_av)


class SamstemmingFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = Legemiddelsamstemming

    pasient = factory.SubFactory(PasientFactory)
    enhet = factory.SubFactory(EnhetFactory)
    anledning = "innleggelse"
    kilde = "Fastlegens legemiddelliste"
    startet_av = factory.SubFactory(AnsattFactory)
