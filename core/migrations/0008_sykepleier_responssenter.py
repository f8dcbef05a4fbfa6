from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def grant_new_rights(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from core.roller import ADDED_IN_0008, rights_grant_added

    rights_grant_added(apps, ADDED_IN_0008)


class Migration(migrations.Migration):
    dependencies = [("core", "0007_utboks")]

    operations = [migrations.RunPython(grant_new_rights, migrations.RunPython.noop)]
