"""lk2: the office's leader gets `book_time` (keeps the book and the slot templates)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def grant(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from core.roller import ADDED_IN_LEGEKONTOR_0002, rights_grant_added

    rights_grant_added(apps, ADDED_IN_LEGEKONTOR_0002)


class Migration(migrations.Migration):
    dependencies = [
        ("legekontor", "0001_initial"),
        ("core", "0014_helsesekretaer_og_timebok"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
