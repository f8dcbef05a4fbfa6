from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from legemidler.seeds import ukentlige_seed

    ukentlige_seed(apps.get_model("legemidler", "UkentligLegemiddel"))


class Migration(migrations.Migration):
    dependencies = [("legemidler", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
