"""The naming rule (å→aa, ø→oe, æ→ae) renames the model classes; their tables keep their names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("faktura", "0001_faktura")]

    operations = [
        migrations.AlterModelTable(name="grunnbelop", table="faktura_grunnbelop"),
        migrations.RenameModel(old_name="Grunnbelop", new_name="Grunnbeloep"),
        migrations.AlterModelTable(name="fakturakjoring", table="faktura_fakturakjoring"),
        migrations.RenameModel(old_name="Fakturakjoring", new_name="Fakturakjoering"),
    ]
