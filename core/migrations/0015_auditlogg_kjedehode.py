"""A cheaper hash-chain trigger for the audit log (issue 12): the same chain, a third of the cost.

The chain is unchanged (migration 0011): per partition, kjede_nr 1, 2, 3 …, forrige_hash the
previous row's hash, hash = sha256(forrige_hash || core_auditlogg_kanon(row)). What changes is
how the trigger finds the previous row and computes the hash:

- The head of each partition's chain (its last kjede_nr and hash) is kept in one row of
  core_auditlogg_kjede, read FOR UPDATE and updated by the trigger with static SQL (plans
  cached by PL/pgSQL), instead of a per-row dynamic EXECUTE of "the partition's last row"
  (parsed and planned on every row). The row lock replaces the advisory lock: it orders
  concurrent writers the same way and is held to the end of the transaction.
- A head row is only trusted for the physical file it was written for (filnode =
  pg_relation_filenode of the partition). A missing head row (a new partition, the DEFAULT
  one, a renamed one) or a different file (TRUNCATE, as Django's flush does; a restored
  dump; VACUUM FULL) makes the trigger read the partition's real last row once, as before,
  so the chain always continues from the rows actually there. A new partition's head row is
  made by its first insert (INSERT … ON CONFLICT DO NOTHING, then FOR UPDATE: safe when
  several writers arrive at once).
- The canonical text is built by core_auditlogg_kanon_rask: the same text as
  core_auditlogg_kanon (the verifier's reference, unchanged) without its two per-call
  setting changes and its jsonb_each/jsonb_object_agg round trip
  (tests/core/test_audit_kjedehode.py holds the two equal), and the sha256 is computed inline.

Only the owner reaches core_auditlogg_kjede (core/dbroller.py OWNER_ONLY); the trigger stays
SECURITY DEFINER. Rows written before this migration chain on: the head rows are seeded
from each partition's last row, under a lock that waits for writers in flight.
"""

from django.db import migrations

FORWARD = """
-- No audit row is written while the trigger is swapped (waits for writers in flight).
LOCK TABLE core_auditlogg IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE core_auditlogg_kjede (
  partisjon text PRIMARY KEY,
  filnode oid NOT NULL,
  kjede_nr bigint NOT NULL,
  hash text NOT NULL
) WITH (fillfactor = 10);
REVOKE ALL ON core_auditlogg_kjede FROM PUBLIC;

-- Must give the same text as core_auditlogg_kanon (same keys, same values; the time in UTC
-- without changing the session's TimeZone).
CREATE OR REPLACE FUNCTION core_auditlogg_kanon_rask(r anyelement) RETURNS text
LANGUAGE sql STABLE
AS $$
  SELECT jsonb_build_object(
    'id', r.id,
    'tidspunkt', CASE WHEN isfinite(r.tidspunkt)
                      THEN (to_jsonb(r.tidspunkt AT TIME ZONE 'UTC') #>> '{}') || '+00:00'
                      ELSE to_jsonb(r.tidspunkt) #>> '{}' END,
    'hendelse', r.hendelse, 'aktor_id', r.aktor_id, 'aktor_navn', r.aktor_navn,
    'aktor_hpr', r.aktor_hpr, 'aktor_yrke', r.aktor_yrke, 'rolle', r.rolle,
    'enhet_id', r.enhet_id, 'pasient_id', r.pasient_id, 'objekt_type', r.objekt_type,
    'objekt_id', r.objekt_id, 'grunnlag', r.grunnlag, 'begrunnelse', r.begrunnelse,
    'ip', r.ip, 'request_id', r.request_id, 'klient_request_id', r.klient_request_id,
    'kanal', r.kanal, 'ekstra', r.ekstra, 'kjede_nr', r.kjede_nr,
    'forrige_hash', r.forrige_hash)::text
$$;

CREATE OR REPLACE FUNCTION core_auditlogg_kjede() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
  navn text := TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME;
  fil oid := pg_relation_filenode(TG_RELID);
  hode public.core_auditlogg_kjede%ROWTYPE;
BEGIN
  SELECT * INTO hode FROM public.core_auditlogg_kjede WHERE partisjon = navn FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO public.core_auditlogg_kjede VALUES (navn, 0, 0, '')
      ON CONFLICT (partisjon) DO NOTHING;
    SELECT * INTO STRICT hode FROM public.core_auditlogg_kjede WHERE partisjon = navn FOR UPDATE;
  END IF;
  IF hode.filnode IS DISTINCT FROM fil THEN
    -- Not (or no longer) this file's head: continue from the partition's real last row.
    EXECUTE format(
      'SELECT kjede_nr, hash FROM %I.%I WHERE kjede_nr IS NOT NULL ORDER BY kjede_nr DESC LIMIT 1',
      TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO hode.kjede_nr, hode.hash;
  END IF;
  NEW.kjede_nr := COALESCE(hode.kjede_nr, 0) + 1;
  NEW.forrige_hash := COALESCE(hode.hash, '');
  NEW.hash := encode(sha256(convert_to(
    NEW.forrige_hash || public.core_auditlogg_kanon_rask(NEW), 'UTF8')), 'hex');
  UPDATE public.core_auditlogg_kjede SET filnode = fil, kjede_nr = NEW.kjede_nr, hash = NEW.hash
    WHERE partisjon = navn;
  RETURN NEW;
END;
$$;

-- The heads of the chains already there.
DO $$
DECLARE
  part record;
  nr bigint;
  siste text;
BEGIN
  FOR part IN SELECT n.nspname, c.relname, c.oid FROM pg_inherits i
              JOIN pg_class c ON c.oid = i.inhrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE i.inhparent = 'core_auditlogg'::regclass LOOP
    EXECUTE format(
      'SELECT kjede_nr, hash FROM %I.%I WHERE kjede_nr IS NOT NULL ORDER BY kjede_nr DESC LIMIT 1',
      part.nspname, part.relname) INTO nr, siste;
    INSERT INTO core_auditlogg_kjede
      VALUES (part.nspname || '.' || part.relname, pg_relation_filenode(part.oid),
              COALESCE(nr, 0), COALESCE(siste, ''));
  END LOOP;
END $$;
"""

REVERSE = """
LOCK TABLE core_auditlogg IN SHARE ROW EXCLUSIVE MODE;

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

DROP FUNCTION IF EXISTS core_auditlogg_kanon_rask(anyelement);
DROP TABLE IF EXISTS core_auditlogg_kjede;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0014_helsesekretaer_og_timebok")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
