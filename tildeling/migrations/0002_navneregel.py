"""The naming rule (å→aa, ø→oe, æ→ae) renames the model classes; their tables keep their names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tildeling", "0001_tildeling")]

    operations = [
        migrations.AlterModelTable(name="soknad", table="tildeling_soknad"),
        migrations.RenameModel(old_name="Soknad", new_name="Soeknad"),
        migrations.AlterModelTable(name="soknadtjeneste", table="tildeling_soknadtjeneste"),
        migrations.RenameModel(old_name="SoknadTjeneste", new_name="SoeknadTjeneste"),
    ]
