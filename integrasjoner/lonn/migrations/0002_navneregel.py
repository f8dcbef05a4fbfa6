"""The naming rule (å→aa, ø→oe, æ→ae) renames the model classes; their tables keep their names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("lonn", "0001_lonn")]

    operations = [
        migrations.AlterModelTable(name="lonnsart", table="lonn_lonnsart"),
        migrations.RenameModel(old_name="Lonnsart", new_name="Loennsart"),
        migrations.AlterModelTable(name="lonnsperiode", table="lonn_lonnsperiode"),
        migrations.RenameModel(old_name="Lonnsperiode", new_name="Loennsperiode"),
        migrations.AlterModelTable(name="lonnslinje", table="lonn_lonnslinje"),
        migrations.RenameModel(old_name="Lonnslinje", new_name="Loennslinje"),
    ]
