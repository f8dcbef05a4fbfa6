"""The naming rule (å→aa, ø→oe, æ→ae) renames the model classes; their tables keep their names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("sykehjem", "0005_vakt_slettet")]

    operations = [
        migrations.AlterModelTable(name="fravar", table="sykehjem_fravar"),
        migrations.RenameModel(old_name="Fravar", new_name="Fravaer"),
    ]
