"""Signed note versions are immutable in PostgreSQL; full-text index (Norwegian); note types."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

IMMUTABLE = """
CREATE OR REPLACE FUNCTION journal_notatversjon_uforanderlig() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'En signert notatversjon kan ikke endres eller slettes (%)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER journal_notatversjon_no_update_delete
    BEFORE UPDATE OR DELETE ON journal_journalnotatversjon
    FOR EACH ROW EXECUTE FUNCTION journal_notatversjon_uforanderlig();

CREATE INDEX notatversjon_fulltekst ON journal_journalnotatversjon
    USING gin (to_tsvector('norwegian', tittel || ' ' || tekst));
"""

DROP = """
DROP INDEX IF EXISTS notatversjon_fulltekst;
DROP TRIGGER IF EXISTS journal_notatversjon_no_update_delete ON journal_journalnotatversjon;
DROP FUNCTION IF EXISTS journal_notatversjon_uforanderlig();
"""

PLO = ["Sykepleiediagnose", "Observasjon", "Tiltak", "Evaluering"]
TYPES = [
    ("sykepleienotat", "Sykepleienotat", PLO),
    ("legenotat", "Legenotat", ["Anamnese", "Funn", "Vurdering", "Tiltak"]),
    ("telefonnotat", "Telefonnotat", []),
    ("tverrfaglig", "Tverrfaglig notat", []),
    (
        "utskrivning",
        "Epikrise / utskrivningsnotat",
        ["Forløp", "Status ved utskrivning", "Videre plan"],
    ),
]


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Notattype = apps.get_model("journal", "Notattype")
    for kode, navn, overskrifter in TYPES:
        Notattype.objects.get_or_create(
            kode=kode, defaults={"navn": navn, "overskrifter": overskrifter}
        )


class Migration(migrations.Migration):
    dependencies = [("journal", "0005_journaldokumentasjon")]

    operations = [
        migrations.RunSQL(IMMUTABLE, DROP),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
