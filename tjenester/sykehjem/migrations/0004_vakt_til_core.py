"""Copy the nursing-home shifts into the one shift table (core.Vakt), keeping their ids (payroll's
line references "…:<vakt id>" stay the same). Backwards: copy them back."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

FIELDS = ("id", "created_at", "updated_at", "ansatt_id", "enhet_id", "dato", "fra_tid", "til_tid")


def to_core(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Old = apps.get_model("sykehjem", "Vakt")
    New = apps.get_model("core", "Vakt")
    rows = [New(**{f: getattr(v, f) for f in FIELDS}) for v in Old.objects.all().iterator()]
    New.objects.bulk_create(rows, batch_size=1000)


def from_core(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Old = apps.get_model("sykehjem", "Vakt")
    New = apps.get_model("core", "Vakt")
    moved = New.objects.filter(enhet__type="sykehjemsavdeling")
    Old.objects.bulk_create(
        [Old(**{f: getattr(v, f) for f in FIELDS}) for v in moved.iterator()], batch_size=1000
    )
    moved.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sykehjem", "0003_vakt"),
        ("core", "0009_vakt"),
    ]

    operations = [migrations.RunPython(to_core, from_core)]
