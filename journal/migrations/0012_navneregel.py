"""The naming rule (å→aa, ø→oe, æ→ae) renames the model classes; their tables keep their names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0011_standardtid_fra_klokka"),
        ("velferdsteknologi", "0001_velferdsteknologi"),  # refers to the old name
    ]

    operations = [
        migrations.AlterModelTable(name="maling", table="journal_maling"),
        migrations.RenameModel(old_name="Maling", new_name="Maaling"),
        migrations.AlterModelTable(name="paarorende", table="journal_paarorende"),
        migrations.RenameModel(old_name="Paarorende", new_name="Paaroerende"),
    ]
