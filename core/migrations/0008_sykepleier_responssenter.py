from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def grant_new_rights(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from core.roller import ADDED_IN_0008, DEFAULT_ROLES

    Rolle = apps.get_model("core", "Rolle")
    RolleRettighet = apps.get_model("core", "RolleRettighet")
    for kode, (_navn, actions) in DEFAULT_ROLES.items():
        rolle = Rolle.objects.filter(kode=kode).first()
        if rolle is None:
            continue
        for action in ADDED_IN_0008 & set(actions):
            RolleRettighet.objects.get_or_create(rolle=rolle, action=action)


class Migration(migrations.Migration):
    dependencies = [("core", "0007_utboks")]

    operations = [migrations.RunPython(grant_new_rights, migrations.RunPython.noop)]
