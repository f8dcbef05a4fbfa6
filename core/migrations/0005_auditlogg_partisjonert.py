"""Partition the audit log by month (hundreds of millions of rows stay fast to write,
query by patient and month, and archive by detaching old partitions).

The table keeps its name, columns and index names, so Django's model is unchanged. The
primary key becomes (id, tidspunkt), as PostgreSQL requires the partition key in it.
A DEFAULT partition catches anything outside the prepared months, so an insert never fails
for lack of a partition; core.tasks.auditlogg_partitions keeps 12 months prepared.
"""

from django.db import migrations, models

FORWARD = """
DROP TRIGGER IF EXISTS core_auditlogg_no_update_delete ON core_auditlogg;
ALTER TABLE core_auditlogg RENAME TO core_auditlogg_old;
ALTER INDEX IF EXISTS auditlogg_pasient_tid RENAME TO auditlogg_pasient_tid_old;
ALTER INDEX IF EXISTS auditlogg_aktor_tid RENAME TO auditlogg_aktor_tid_old;
DO $$
DECLARE idx record;
BEGIN
  FOR idx IN SELECT indexname FROM pg_indexes
             WHERE tablename = 'core_auditlogg_old' AND indexname LIKE 'core_auditlogg_tidspunkt%'
  LOOP
    EXECUTE format('ALTER INDEX %I RENAME TO %I', idx.indexname, idx.indexname || '_old');
  END LOOP;
END $$;

CREATE SEQUENCE core_auditlogg_id_seq_p;
CREATE TABLE core_auditlogg (
    id bigint NOT NULL DEFAULT nextval('core_auditlogg_id_seq_p'),
    tidspunkt timestamp with time zone NOT NULL,
    hendelse smallint NOT NULL CHECK (hendelse >= 0),
    aktor_id uuid NULL,
    aktor_navn varchar(300) NOT NULL,
    aktor_hpr varchar(9) NOT NULL,
    aktor_yrke varchar(100) NOT NULL,
    rolle varchar(50) NOT NULL,
    enhet_id uuid NULL,
    pasient_id uuid NULL,
    objekt_type varchar(100) NOT NULL,
    objekt_id varchar(64) NOT NULL,
    grunnlag varchar(32) NOT NULL,
    begrunnelse text NOT NULL,
    ip inet NULL,
    request_id varchar(64) NOT NULL,
    kanal varchar(16) NOT NULL,
    ekstra jsonb NOT NULL,
    PRIMARY KEY (id, tidspunkt)
) PARTITION BY RANGE (tidspunkt);
ALTER SEQUENCE core_auditlogg_id_seq_p OWNED BY core_auditlogg.id;
CREATE TABLE core_auditlogg_default PARTITION OF core_auditlogg DEFAULT;

CREATE OR REPLACE FUNCTION core_auditlogg_ensure_partitions(first_month date, months integer)
RETURNS void AS $$
DECLARE
  start date := date_trunc('month', first_month)::date;
  part text;
BEGIN
  FOR i IN 0..months - 1 LOOP
    part := format('core_auditlogg_%s', to_char(start, 'YYYY_MM'));
    IF to_regclass(part) IS NULL THEN
      EXECUTE format(
        'CREATE TABLE %I PARTITION OF core_auditlogg FOR VALUES FROM (%L) TO (%L)',
        part, start, (start + interval '1 month')::date);
    END IF;
    start := (start + interval '1 month')::date;
  END LOOP;
END;
$$ LANGUAGE plpgsql;

SELECT core_auditlogg_ensure_partitions(
  LEAST(COALESCE((SELECT min(tidspunkt) FROM core_auditlogg_old), now()), now())::date,
  (EXTRACT(YEAR FROM age(now(), LEAST(COALESCE((SELECT min(tidspunkt) FROM core_auditlogg_old), now()), now()))) * 12
   + EXTRACT(MONTH FROM age(now(), LEAST(COALESCE((SELECT min(tidspunkt) FROM core_auditlogg_old), now()), now()))))::integer + 13
);

INSERT INTO core_auditlogg (id, tidspunkt, hendelse, aktor_id, aktor_navn, aktor_hpr, aktor_yrke,
  rolle, enhet_id, pasient_id, objekt_type, objekt_id, grunnlag, begrunnelse, ip, request_id,
  kanal, ekstra)
SELECT id, tidspunkt, hendelse, aktor_id, aktor_navn, aktor_hpr, aktor_yrke, rolle, enhet_id,
  pasient_id, objekt_type, objekt_id, grunnlag, begrunnelse, ip, request_id, kanal, ekstra
FROM core_auditlogg_old;
SELECT setval('core_auditlogg_id_seq_p', COALESCE((SELECT max(id) FROM core_auditlogg), 0) + 1, false);
DROP TABLE core_auditlogg_old;

CREATE INDEX core_auditlogg_tidspunkt_idx ON core_auditlogg (tidspunkt);
CREATE INDEX auditlogg_pasient_tid ON core_auditlogg (pasient_id, tidspunkt DESC);
CREATE INDEX auditlogg_aktor_tid ON core_auditlogg (aktor_id, tidspunkt DESC);
CREATE INDEX auditlogg_enhet_tid ON core_auditlogg (enhet_id, tidspunkt DESC);

CREATE TRIGGER core_auditlogg_no_update_delete
    BEFORE UPDATE OR DELETE ON core_auditlogg
    FOR EACH ROW EXECUTE FUNCTION core_auditlogg_append_only();
"""


class Migration(migrations.Migration):
    atomic = True
    dependencies = [("core", "0004_nye_rettigheter_til_standardroller")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(FORWARD, migrations.RunSQL.noop)],
            state_operations=[
                migrations.AddIndex(
                    model_name="auditlogg",
                    index=models.Index(
                        fields=["enhet_id", "-tidspunkt"], name="auditlogg_enhet_tid"
                    ),
                ),
            ],
        ),
    ]
