"""The patient's folded names on each care relationship, for the small unit's name search
(issue 12, journal.access.navnesok): a prefix reads the unit's matches from an index keyed by
unit and name instead of probing the names of every patient the unit is related to.

The columns are in the database only (not on the model, so Django never writes them) and
kept equal to journal_pasient's by triggers, whoever writes (ORM, bulk SQL, COPY):
- a relationship copies its patient's names on every INSERT and UPDATE;
- a patient's changed names go to its relationships (UPDATE of the names);
- a patient inserted after its relationship in one transaction (the foreign key is
  deferred) gives its names to it (INSERT, per statement).
Order: columns, triggers, fill (which the triggers would also do), then the indexes.
"""

from django.conf import settings
from django.db import migrations, models

_COLUMNS = """
ALTER TABLE journal_behandlingsrelasjon
    ADD COLUMN sok_etternavn varchar(100) COLLATE "C" NOT NULL DEFAULT '',
    ADD COLUMN sok_fornavn varchar(100) COLLATE "C" NOT NULL DEFAULT '',
    ADD COLUMN sok_mellomnavn varchar(100) COLLATE "C" NOT NULL DEFAULT '';
"""
_COLUMNS_REVERSE = """
ALTER TABLE journal_behandlingsrelasjon
    DROP COLUMN sok_etternavn, DROP COLUMN sok_fornavn, DROP COLUMN sok_mellomnavn;
"""

_TRIGGERS = """
CREATE FUNCTION journal_relasjon_navn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The patient's names, or none yet when the patient is inserted later in this
    -- transaction (journal_pasient_navn_ny then fills them in).
    SELECT p.sok_etternavn, p.sok_fornavn, p.sok_mellomnavn
      INTO NEW.sok_etternavn, NEW.sok_fornavn, NEW.sok_mellomnavn
      FROM journal_pasient p WHERE p.id = NEW.pasient_id;
    IF NOT FOUND THEN
        NEW.sok_etternavn := ''; NEW.sok_fornavn := ''; NEW.sok_mellomnavn := '';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER journal_relasjon_navn
    BEFORE INSERT OR UPDATE ON journal_behandlingsrelasjon
    FOR EACH ROW EXECUTE FUNCTION journal_relasjon_navn();

CREATE FUNCTION journal_pasient_navn_endret() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE journal_behandlingsrelasjon r
       SET sok_etternavn = NEW.sok_etternavn, sok_fornavn = NEW.sok_fornavn,
           sok_mellomnavn = NEW.sok_mellomnavn
     WHERE r.pasient_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER journal_pasient_navn_endret
    AFTER UPDATE OF sok_etternavn, sok_fornavn, sok_mellomnavn ON journal_pasient
    FOR EACH ROW WHEN (OLD.sok_etternavn IS DISTINCT FROM NEW.sok_etternavn
        OR OLD.sok_fornavn IS DISTINCT FROM NEW.sok_fornavn
        OR OLD.sok_mellomnavn IS DISTINCT FROM NEW.sok_mellomnavn)
    EXECUTE FUNCTION journal_pasient_navn_endret();

CREATE FUNCTION journal_pasient_navn_ny() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE journal_behandlingsrelasjon r
       SET sok_etternavn = n.sok_etternavn, sok_fornavn = n.sok_fornavn,
           sok_mellomnavn = n.sok_mellomnavn
      FROM nye n WHERE r.pasient_id = n.id;
    RETURN NULL;
END $$;
CREATE TRIGGER journal_pasient_navn_ny
    AFTER INSERT ON journal_pasient REFERENCING NEW TABLE AS nye
    FOR EACH STATEMENT EXECUTE FUNCTION journal_pasient_navn_ny();
"""
_TRIGGERS_REVERSE = """
DROP TRIGGER IF EXISTS journal_pasient_navn_ny ON journal_pasient;
DROP FUNCTION IF EXISTS journal_pasient_navn_ny();
DROP TRIGGER IF EXISTS journal_pasient_navn_endret ON journal_pasient;
DROP FUNCTION IF EXISTS journal_pasient_navn_endret();
DROP TRIGGER IF EXISTS journal_relasjon_navn ON journal_behandlingsrelasjon;
DROP FUNCTION IF EXISTS journal_relasjon_navn();
"""

# The existing relationships (the BEFORE trigger computes the same values on this UPDATE).
_FILL = """
UPDATE journal_behandlingsrelasjon r
   SET sok_etternavn = p.sok_etternavn, sok_fornavn = p.sok_fornavn,
       sok_mellomnavn = p.sok_mellomnavn
  FROM journal_pasient p WHERE p.id = r.pasient_id;
"""

# One per name column, keyed by unit and that name, over the open relationships: the other
# names, the patient and the start are included, so a prefix's range is read from the index.
_INDEXES = """
CREATE INDEX relasjon_enhet_etternavn ON journal_behandlingsrelasjon
    (enhet_id, sok_etternavn) INCLUDE (sok_fornavn, sok_mellomnavn, pasient_id, gyldig_fra)
    WHERE gyldig_til IS NULL;
CREATE INDEX relasjon_enhet_fornavn ON journal_behandlingsrelasjon
    (enhet_id, sok_fornavn) INCLUDE (sok_etternavn, sok_mellomnavn, pasient_id, gyldig_fra)
    WHERE gyldig_til IS NULL;
CREATE INDEX relasjon_enhet_mellomnavn ON journal_behandlingsrelasjon
    (enhet_id, sok_mellomnavn) INCLUDE (sok_etternavn, sok_fornavn, pasient_id, gyldig_fra)
    WHERE gyldig_til IS NULL;
"""
_INDEXES_REVERSE = """
DROP INDEX IF EXISTS relasjon_enhet_mellomnavn;
DROP INDEX IF EXISTS relasjon_enhet_fornavn;
DROP INDEX IF EXISTS relasjon_enhet_etternavn;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0015_auditlogg_kjedehode"),
        ("journal", "0015_pasient_sok_dekkende"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(_COLUMNS, _COLUMNS_REVERSE),
        migrations.RunSQL(_TRIGGERS, _TRIGGERS_REVERSE),
        migrations.RunSQL(_FILL, migrations.RunSQL.noop),
        migrations.RunSQL(_INDEXES, _INDEXES_REVERSE),
        migrations.AddIndex(
            model_name="behandlingsrelasjon",
            index=models.Index(
                condition=models.Q(("gyldig_til__isnull", False)),
                fields=["enhet", "gyldig_til"],
                include=("pasient", "gyldig_fra"),
                name="relasjon_enhet_slutt",
            ),
        ),
    ]
