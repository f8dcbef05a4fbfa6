"""The health-station programme and the childhood vaccine programme as data
(tjenester/helsestasjon/data/*.json)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from tjenester.helsestasjon.seeds import program_load, vaksineprogram_load

    program_load(apps.get_model("helsestasjon", "Programpunkt"))
    vaksineprogram_load(apps.get_model("helsestasjon", "Vaksinedose"))


class Migration(migrations.Migration):
    dependencies = [("helsestasjon", "0001_helsestasjon")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
