"""The naming rule (å→aa, ø→oe, æ→ae) renames the model classes; their tables keep their names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0009_vakt")]

    operations = [
        migrations.AlterModelTable(name="leveringforsok", table="core_leveringforsok"),
        migrations.RenameModel(old_name="LeveringForsok", new_name="LeveringForsoek"),
    ]
