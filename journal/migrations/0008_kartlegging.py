"""Assessments (kartlegging): form definitions as data (IPLOS, Barthel ADL loaded from
journal/data/skjema/), assessments whose completed rows PostgreSQL keeps unchanged."""

import uuid

import django.db.models.deletion
from django.apps.registry import Apps
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# A completed assessment may only be marked as entered in error (status and the
# feilregistrert_* columns); an entered-in-error one not at all. Neither may be deleted.
# A loaded form version keeps its content (assessments refer to it); "aktiv" may change.
IMMUTABLE = """
CREATE OR REPLACE FUNCTION journal_kartlegging_uforanderlig() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'utkast' THEN
            RAISE EXCEPTION 'En fullført kartlegging kan ikke slettes'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'feilregistrert' OR (OLD.status = 'fullfort' AND (
        NEW.status <> 'feilregistrert'
        OR (NEW.pasient_id, NEW.enhet_id, NEW.skjema_id, NEW.dato, NEW.utfort_av_id, NEW.svar,
            NEW.total, NEW.kommentar, NEW.fullfort_at, NEW.created_at)
        IS DISTINCT FROM
           (OLD.pasient_id, OLD.enhet_id, OLD.skjema_id, OLD.dato, OLD.utfort_av_id, OLD.svar,
            OLD.total, OLD.kommentar, OLD.fullfort_at, OLD.created_at)
    )) THEN
        RAISE EXCEPTION 'En fullført kartlegging kan ikke endres (%)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER journal_kartlegging_no_change
    BEFORE UPDATE OR DELETE ON journal_kartlegging
    FOR EACH ROW EXECUTE FUNCTION journal_kartlegging_uforanderlig();

CREATE OR REPLACE FUNCTION journal_kartleggingsskjema_uforanderlig() RETURNS trigger AS $$
BEGIN
    IF (NEW.kode, NEW.versjon, NEW.definisjon) IS DISTINCT FROM
       (OLD.kode, OLD.versjon, OLD.definisjon) THEN
        RAISE EXCEPTION 'En lastet skjemaversjon kan ikke endres; last en ny versjon'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER journal_kartleggingsskjema_no_change
    BEFORE UPDATE ON journal_kartleggingsskjema
    FOR EACH ROW EXECUTE FUNCTION journal_kartleggingsskjema_uforanderlig();
"""

DROP = """
DROP TRIGGER IF EXISTS journal_kartleggingsskjema_no_change ON journal_kartleggingsskjema;
DROP FUNCTION IF EXISTS journal_kartleggingsskjema_uforanderlig();
DROP TRIGGER IF EXISTS journal_kartlegging_no_change ON journal_kartlegging;
DROP FUNCTION IF EXISTS journal_kartlegging_uforanderlig();
"""


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from journal.seeds import skjema_load_all

    skjema_load_all(model=apps.get_model("journal", "Kartleggingsskjema"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_nye_rettigheter"),
        ("journal", "0007_kodeverk_startsett"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Kartleggingsskjema",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("kode", models.SlugField(verbose_name="kode")),
                ("navn", models.CharField(max_length=200, verbose_name="navn")),
                ("versjon", models.PositiveSmallIntegerField(verbose_name="versjon")),
                ("gyldig_fra", models.DateField(verbose_name="gyldig fra")),
                ("beskrivelse", models.TextField(blank=True, verbose_name="beskrivelse")),
                ("definisjon", models.JSONField(verbose_name="definisjon")),
                ("aktiv", models.BooleanField(default=True, verbose_name="aktiv")),
            ],
            options={
                "verbose_name": "kartleggingsskjema",
                "verbose_name_plural": "kartleggingsskjemaer",
                "ordering": ["navn", "-versjon"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kode", "versjon"), name="kartleggingsskjema_versjon"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Kartlegging",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("dato", models.DateField(verbose_name="dato for kartleggingen")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("utkast", "Utkast"),
                            ("fullfort", "Fullført"),
                            ("feilregistrert", "Feilregistrert"),
                        ],
                        default="utkast",
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                ("svar", models.JSONField(blank=True, default=dict, verbose_name="svar")),
                (
                    "total",
                    models.SmallIntegerField(blank=True, null=True, verbose_name="totalskår"),
                ),
                (
                    "kommentar",
                    models.TextField(blank=True, max_length=2000, verbose_name="kommentar"),
                ),
                ("fullfort_at", models.DateTimeField(blank=True, null=True)),
                ("feilregistrert_at", models.DateTimeField(blank=True, null=True)),
                ("feilregistrert_grunn", models.CharField(blank=True, max_length=500)),
                (
                    "enhet",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.enhet",
                    ),
                ),
                (
                    "feilregistrert_av",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "pasient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="journal.pasient",
                    ),
                ),
                (
                    "utfort_av",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "skjema",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="journal.kartleggingsskjema",
                    ),
                ),
            ],
            options={
                "verbose_name": "kartlegging",
                "verbose_name_plural": "kartlegginger",
                "ordering": ["-dato", "-created_at"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["pasient", "-dato"], name="kartlegging_pasient_dato")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "fullfort"), _negated=True),
                            ("fullfort_at__isnull", False),
                            _connector="OR",
                        ),
                        name="kartlegging_fullfort_har_tid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "feilregistrert"), _negated=True),
                            models.Q(("feilregistrert_grunn", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="kartlegging_feilregistrert_har_grunn",
                    ),
                ],
            },
        ),
        migrations.RunSQL(IMMUTABLE, DROP),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
