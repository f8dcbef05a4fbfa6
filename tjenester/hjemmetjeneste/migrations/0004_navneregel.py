"""The naming rule (å→aa, ø→oe, æ→ae) renames the model classes; their tables keep their names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("hjemmetjeneste", "0003_vakt_slettet")]

    operations = [
        migrations.AlterModelTable(name="besok", table="hjemmetjeneste_besok"),
        migrations.RenameModel(old_name="Besok", new_name="Besoek"),
        migrations.AlterModelTable(name="besoksoppgave", table="hjemmetjeneste_besoksoppgave"),
        migrations.RenameModel(old_name="Besoksoppgave", new_name="Besoeksoppgave"),
    ]
