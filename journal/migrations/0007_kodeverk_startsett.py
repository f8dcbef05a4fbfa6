"""The curated starter set of ICPC-2 and ICD-10 codes, so every database can code
diagnoses offline; official lists are loaded on top with `manage.py kodeverk_last`."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from journal.seeds import kodeverk_startsett_load

    kodeverk_startsett_load(apps.get_model("journal", "Kode"))


class Migration(migrations.Migration):
    dependencies = [("journal", "0006_notat_uforanderlig_og_notattyper")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
