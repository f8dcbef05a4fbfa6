from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

GRUNNER = [
    "Pasienten er under overføring eller innleggelse hos oss",
    "Jeg er tilkalt som vikar eller ekstrahjelp fra annen enhet",
    "Legevakt eller øyeblikkelig hjelp",
    "Vurdering av søknad eller henvendelse om helsehjelp",
    "Samarbeid om pasienten med enheten som har relasjonen",
]


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Tilgangsgrunn = apps.get_model("journal", "Tilgangsgrunn")
    for tekst in GRUNNER:
        Tilgangsgrunn.objects.get_or_create(tekst=tekst)


class Migration(migrations.Migration):
    dependencies = [("journal", "0002_behandlingsrelasjon_tilgang_sperring")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
