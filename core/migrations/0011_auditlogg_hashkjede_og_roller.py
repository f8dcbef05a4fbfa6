"""Tamper evidence for the audit log, and partitions the runtime role can ask for.

Each row gets, from a BEFORE INSERT trigger on its partition, the next number of that
partition's chain (kjede_nr), the previous row's hash (forrige_hash) and its own hash:
sha256(forrige_hash || core_auditlogg_kanon(row)). A transaction-scoped advisory lock per
partition orders concurrent writers, so two inserts never take the same place in the chain.
The trigger runs as the owner (SECURITY DEFINER): the runtime role has no rights on the
partitions themselves (core/dbroller.py). `manage.py revisjon_verifiser` walks the chains.

The hashed columns are a fixed list (core_auditlogg_kanon), so a column added later does not
change the hash of older rows. Rows from before this migration are chained here, in
(tidspunkt, id) order.
"""

from django.db import migrations, models

KANON = """
CREATE OR REPLACE FUNCTION core_auditlogg_kanon(r anyelement) RETURNS text
LANGUAGE sql STABLE
SET "TimeZone" = 'UTC' SET search_path = pg_catalog
AS $$
  SELECT jsonb_object_agg(key, value)::text FROM jsonb_each(to_jsonb(r))
  WHERE key = ANY (ARRAY[
    'id', 'tidspunkt', 'hendelse', 'aktor_id', 'aktor_navn', 'aktor_hpr', 'aktor_yrke',
    'rolle', 'enhet_id', 'pasient_id', 'objekt_type', 'objekt_id', 'grunnlag', 'begrunnelse',
    'ip', 'request_id', 'klient_request_id', 'kanal', 'ekstra', 'kjede_nr', 'forrige_hash'])
$$;

CREATE OR REPLACE FUNCTION core_auditlogg_hash(forrige text, kanon text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog
AS $$ SELECT encode(sha256(convert_to(forrige || kanon, 'UTF8')), 'hex') $$;

CREATE OR REPLACE FUNCTION core_auditlogg_kjede() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
  siste_nr bigint;
  siste_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(74110, hashtext(TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME));
  EXECUTE format(
    'SELECT kjede_nr, hash FROM %I.%I WHERE kjede_nr IS NOT NULL ORDER BY kjede_nr DESC LIMIT 1',
    TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO siste_nr, siste_hash;
  NEW.kjede_nr := COALESCE(siste_nr, 0) + 1;
  NEW.forrige_hash := COALESCE(siste_hash, '');
  NEW.hash := core_auditlogg_hash(NEW.forrige_hash, core_auditlogg_kanon(NEW));
  RETURN NEW;
END;
$$;

CREATE TRIGGER core_auditlogg_kjede
  BEFORE INSERT ON core_auditlogg
  FOR EACH ROW EXECUTE FUNCTION core_auditlogg_kjede();

-- Chain the rows already there, partition by partition.
ALTER TABLE core_auditlogg DISABLE TRIGGER core_auditlogg_no_update_delete;
DO $$
DECLARE
  part record;
  rad record;
  nr bigint;
  forrige text;
  ny text;
BEGIN
  FOR part IN SELECT c.relname FROM pg_inherits i
              JOIN pg_class c ON c.oid = i.inhrelid
              WHERE i.inhparent = 'core_auditlogg'::regclass LOOP
    nr := 0;
    forrige := '';
    FOR rad IN EXECUTE format('SELECT id, tidspunkt FROM %I ORDER BY tidspunkt, id', part.relname)
    LOOP
      nr := nr + 1;
      EXECUTE format('UPDATE %I SET kjede_nr = $1, forrige_hash = $2 WHERE id = $3', part.relname)
        USING nr, forrige, rad.id;
      EXECUTE format('SELECT core_auditlogg_hash($1, core_auditlogg_kanon(a)) FROM %I a WHERE id = $2',
                     part.relname) INTO ny USING forrige, rad.id;
      EXECUTE format('UPDATE %I SET hash = $1 WHERE id = $2', part.relname) USING ny, rad.id;
      forrige := ny;
    END LOOP;
  END LOOP;
END $$;
ALTER TABLE core_auditlogg ENABLE TRIGGER core_auditlogg_no_update_delete;

-- The workers (runtime role) prepare next months' partitions through the owner's function.
-- (public first: the partitions are created there; only the owner may create in it)
ALTER FUNCTION core_auditlogg_ensure_partitions(date, integer)
  SECURITY DEFINER SET search_path = public, pg_catalog;
"""

REVERSE = """
DROP TRIGGER IF EXISTS core_auditlogg_kjede ON core_auditlogg;
DROP FUNCTION IF EXISTS core_auditlogg_kjede();
DROP FUNCTION IF EXISTS core_auditlogg_hash(text, text);
DROP FUNCTION IF EXISTS core_auditlogg_kanon(anyelement);
ALTER FUNCTION core_auditlogg_ensure_partitions(date, integer) SECURITY INVOKER;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0010_navneregel")]

    operations = [
        migrations.AddField(
            model_name="auditlogg",
            name="forrige_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="auditlogg",
            name="hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="auditlogg",
            name="kjede_nr",
            field=models.BigIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="auditlogg",
            name="klient_request_id",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddIndex(
            model_name="auditlogg",
            index=models.Index(fields=["kjede_nr"], name="auditlogg_kjede_nr"),
        ),
        migrations.RunSQL(KANON, REVERSE),
    ]
