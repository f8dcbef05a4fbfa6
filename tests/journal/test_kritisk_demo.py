"""Demo data: some patients of the demo GP office have CAVE and diagnoses (idempotent)."""

from __future__ import annotations

import pytest

from core.context import system_context
from journal.demo import DEMO_KRITISK, demo_build
from journal.models import Diagnose, KritiskInformasjon

pytestmark = pytest.mark.django_db


def test_demo_patients_get_critical_information_and_diagnoses_once() -> None:
    # when
    with system_context():
        demo_build(patients=60)
        demo_build(patients=60)
    # then
    expected_kritisk = sum(len(kritisk) for kritisk, _ in DEMO_KRITISK)
    expected_diagnoser = sum(len(diagnoser) for _, diagnoser in DEMO_KRITISK)
    assert KritiskInformasjon.objects.filter(aktiv=True).count() == expected_kritisk
    assert Diagnose.objects.count() == expected_diagnoser
    assert KritiskInformasjon.objects.filter(tittel="Ikke HLR", type="beslutning").exists()
    assert set(KritiskInformasjon.objects.values_list("registrert_av__username", flat=True)) == {
        "lege"
    }
