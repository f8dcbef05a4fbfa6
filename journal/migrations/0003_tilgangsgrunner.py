from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from journal.seeds import tilgangsgrunner_seed

    tilgangsgrunner_seed(apps.get_model("journal", "Tilgangsgrunn"))


class Migration(migrations.Migration):
    dependencies = [("journal", "0002_behandlingsrelasjon_tilgang_sperring")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
