"""Rich clinical history for the overview benchmark, generated in SQL on the bench database.

`history_ensure` gives N patients (all of the demo user's district first, then patients of
the other care units) a realistic record: ~20 signed notes (one version each, a few
corrected with a second version), ~30 vital-sign rows over 90 days, 3 diagnoses (2 active),
2 critical-information entries and an active care plan (2 problems with a goal each and
2 scheduled interventions per problem, one in ten an individual plan with a coordinator).
Everything is written with INSERT ... SELECT over generate_series, in batches of patients,
so a run that is stopped resumes where it left off: a patient counts as done when it has
notes, and a patient with notes but no plan gets one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import psycopg
from bench_db import DEMO_USER, BenchError

NOTES = 20
VITALS = 30
DIAGNOSES = 3
BATCH = 5_000


@dataclass(frozen=True)
class History:
    patients: int  # patients with a rich history after the run
    added: int  # patients given a history by this run
    seconds: float
    rows: dict[str, int]  # table → rows in it after the run
    plans: bool  # whether plans (tiltaksplan) were part of it


_CANDIDATES = """
CREATE TEMP TABLE bench_hist_batch ON COMMIT DROP AS
SELECT DISTINCT ON (r.pasient_id) r.pasient_id, r.enhet_id,
       row_number() OVER () AS nr
FROM journal_behandlingsrelasjon r
WHERE (r.gyldig_til IS NULL OR r.gyldig_til > now())
  AND NOT EXISTS (SELECT 1 FROM journal_journalnotat n WHERE n.pasient_id = r.pasient_id)
  AND r.pasient_id IN (
      SELECT pasient_id FROM (
          SELECT pasient_id, bool_or(enhet_id = %(unit)s) AS district
          FROM journal_behandlingsrelasjon
          WHERE gyldig_til IS NULL OR gyldig_til > now()
          GROUP BY pasient_id) x
      ORDER BY district DESC, md5(pasient_id::text)
      LIMIT %(target)s)
ORDER BY r.pasient_id, (r.enhet_id = %(unit)s) DESC
LIMIT %(batch)s
"""

_NOTES = """
WITH n AS (
    INSERT INTO journal_journalnotat
        (id, created_at, updated_at, tittel, status, dokumentert_tid, utkast,
         korrigeringsgrunn, lasversjon, gjeldende_versjon, krever_kontrasignering,
         feilregistrert_grunn, enhet_id, forfatter_id, pasient_id, type_id)
    SELECT gen_random_uuid(), t, t,
           (ARRAY['Morgenbesøk','Kveldsbesøk','Telefon fra pårørende','Sårstell',
                  'Legevisitt','Tverrfaglig møte'])[1 + (g %% 6)],
           'signert', t, '{}'::jsonb,
           CASE WHEN g %% 7 = 0 THEN 'Presisert observasjon' ELSE '' END,
           CASE WHEN g %% 7 = 0 THEN 2 ELSE 1 END, CASE WHEN g %% 7 = 0 THEN 2 ELSE 1 END,
           false, '', b.enhet_id, %(author)s, b.pasient_id, %(type)s
    FROM bench_hist_batch b
    CROSS JOIN generate_series(1, %(notes)s) g
    CROSS JOIN LATERAL (SELECT now() - make_interval(days => g * 30 + (b.nr %% 17)::int,
                                                   hours => (g * 5) %% 24) AS t) tt
    RETURNING id, pasient_id, tittel, dokumentert_tid, gjeldende_versjon
)
INSERT INTO journal_journalnotatversjon
    (id, created_at, updated_at, nummer, tittel, innhold, tekst, signert_at,
     korrigeringsgrunn, notat_id, pasient_id, signert_av_id)
SELECT gen_random_uuid(), n.dokumentert_tid, n.dokumentert_tid, v, n.tittel,
       jsonb_build_object('Observasjon', x.tekst), x.tekst, n.dokumentert_tid,
       CASE WHEN v = 2 THEN 'Presisert observasjon' ELSE '' END,
       n.id, n.pasient_id, %(author)s
FROM n
CROSS JOIN LATERAL generate_series(1, n.gjeldende_versjon) v
CROSS JOIN LATERAL (SELECT
    (ARRAY['Pasienten sov godt i natt og spiste frokost.',
           'Smerter i venstre hofte, fikk paracetamol etter ordinasjon.',
           'Sår på legg stelt, lite sekret, ny bandasje.',
           'Datter ringte og spurte om legetimen neste uke.',
           'Blodtrykk lavere enn vanlig, fastlegen orientert.',
           'Gikk tur i gangen med rullator, stø i gangen.'])[
        1 + (abs(hashtext(n.id::text)) %% 6)]
    || CASE WHEN v = 2 THEN ' Presisert etter samtale med pasienten.' ELSE '' END AS tekst) x
"""

_VITALS = """
INSERT INTO journal_maling
    (id, created_at, updated_at, tidspunkt, systolisk, diastolisk, puls, respirasjon, spo2,
     spo2_skala, oksygen, temperatur, bevissthet, vekt, blodsukker, news2, news2_niva,
     news2_unntak, feilregistrert_grunn, enhet_id, pasient_id, registrert_av_id)
SELECT gen_random_uuid(), t, t, t,
       115 + (h %% 40), 65 + (h %% 20), 60 + (h %% 35), 12 + (h %% 8), 92 + (h %% 7),
       1, h %% 11 = 0, 36.2 + (h %% 15) / 10.0, 'A',
       CASE WHEN g %% 10 = 0 THEN 55 + (h %% 40) END,
       CASE WHEN g %% 5 = 0 THEN 4.5 + (h %% 60) / 10.0 END,
       s.score,
       CASE WHEN s.score = 0 THEN 'ingen' WHEN s.score <= 4 THEN 'lav' ELSE 'middels' END,
       '', '', b.enhet_id, b.pasient_id, %(author)s
FROM bench_hist_batch b
CROSS JOIN generate_series(1, %(vitals)s) g
CROSS JOIN LATERAL (SELECT now() - make_interval(days => g * 3, hours => (b.nr %% 12)::int) AS t,
                           abs(hashtext(b.pasient_id::text || g::text)) AS h) tt
CROSS JOIN LATERAL (SELECT (h %% 6)::int AS score) s
"""

_DIAGNOSES = """
INSERT INTO journal_diagnose
    (id, created_at, updated_at, debut, status, merknad, avsluttet_at, avsluttet_av_id,
     enhet_id, pasient_id, satt_av_id, kode_id)
SELECT gen_random_uuid(), now(), now(), current_date - (g * 200 + (b.nr %% 90))::int,
       CASE WHEN g = %(diagnoses)s THEN 'avsluttet' ELSE 'aktiv' END, '',
       CASE WHEN g = %(diagnoses)s THEN now() END,
       CASE WHEN g = %(diagnoses)s THEN %(author)s::uuid END,
       b.enhet_id, b.pasient_id, %(author)s,
       k.ids[1 + (abs(hashtext(b.pasient_id::text || g::text)) %% array_length(k.ids, 1))]
FROM bench_hist_batch b
CROSS JOIN generate_series(1, %(diagnoses)s) g
CROSS JOIN (SELECT array_agg(id ORDER BY kode) AS ids FROM journal_kode
            WHERE kodeverk = 'ICPC-2' AND aktiv) k
"""

_CRITICAL = """
INSERT INTO journal_kritiskinformasjon
    (id, created_at, updated_at, type, tittel, reaksjon, alvorlighet, sikkerhet, kilde, dato,
     besluttet_av, aktiv, avsluttet_grunn, substans_atc, enhet_id, pasient_id,
     registrert_av_id)
SELECT gen_random_uuid(), now(), now(), v.type, v.tittel, v.reaksjon, v.alvorlighet,
       'bekreftet', 'Pasienten', current_date - 400, '', true, '', '',
       b.enhet_id, b.pasient_id, %(author)s
FROM bench_hist_batch b
CROSS JOIN (VALUES ('allergi', 'Penicillin', 'Utslett og hevelse', 'alvorlig'),
                   ('smitte', 'MRSA-bærer', '', 'ukjent')) v(type, tittel, reaksjon, alvorlighet)
"""

# Patients with a history but no plan yet (plans came after notes: a database generated
# before the plan tables existed is topped up).
_PLAN_CANDIDATES = """
CREATE TEMP TABLE bench_plan_batch ON COMMIT DROP AS
SELECT DISTINCT ON (n.pasient_id) n.pasient_id, n.enhet_id
FROM journal_journalnotat n
WHERE NOT EXISTS (SELECT 1 FROM journal_tiltaksplan t WHERE t.pasient_id = n.pasient_id)
ORDER BY n.pasient_id
LIMIT %(batch)s
"""

_PLANS = """
WITH p AS (
    INSERT INTO journal_tiltaksplan
        (id, created_at, updated_at, status, gyldig_fra, gyldig_til, individuell_plan,
         avsluttet_grunn, enhet_id, koordinator_id, opprettet_av_id, pasient_id)
    SELECT gen_random_uuid(), now(), now(), 'aktiv', current_date - 120, NULL,
           abs(hashtext(b.pasient_id::text)) %% 10 = 0, '', b.enhet_id,
           CASE WHEN abs(hashtext(b.pasient_id::text)) %% 10 = 0 THEN %(author)s::uuid END,
           %(author)s, b.pasient_id
    FROM bench_plan_batch b
    RETURNING id, pasient_id, enhet_id
), bh AS (
    INSERT INTO journal_behov
        (id, created_at, updated_at, tekst, kode_fri, status, enhet_id, opprettet_av_id,
         pasient_id, plan_id)
    SELECT gen_random_uuid(), now(), now(),
           (ARRAY['Nedsatt væskeinntak','Fallrisiko','Smerter i hofte','Sår på legg'])[g + 1],
           '', 'aktiv', p.enhet_id, %(author)s, p.pasient_id, p.id
    FROM p CROSS JOIN generate_series(0, 1) g
    RETURNING id, pasient_id, enhet_id, plan_id
), m AS (
    INSERT INTO journal_maal
        (id, created_at, updated_at, tekst, maldato, status, behov_id, enhet_id,
         opprettet_av_id, pasient_id, plan_id)
    SELECT gen_random_uuid(), now(), now(), 'Bedring innen fire uker', current_date + 28,
           'aktiv', bh.id, bh.enhet_id, %(author)s, bh.pasient_id, bh.plan_id
    FROM bh
    RETURNING behov_id
)
INSERT INTO journal_tiltak
    (id, created_at, updated_at, tekst, frekvens, intervall, ukedager, tidspunkter,
     varighet_min, start_dato, status, avsluttet_grunn, ansvarlig_enhet_id, behov_id,
     enhet_id, opprettet_av_id, pasient_id, plan_id)
SELECT gen_random_uuid(), now(), now(), t.tekst, t.frekvens, 1, t.ukedager, t.tider,
       t.varighet, current_date - 120, 'aktiv', '', bh.enhet_id, bh.id, bh.enhet_id,
       %(author)s, bh.pasient_id, bh.plan_id
FROM bh
CROSS JOIN (VALUES
    ('Tilby drikke og før drikkeliste', 'daglig', '{}'::smallint[],
     '{08:00,12:00,20:00}'::time[], 10),
    ('Sårstell etter prosedyre', 'ukentlig', '{1,3,5}'::smallint[], '{10:00}'::time[], 30)
) t(tekst, frekvens, ukedager, tider, varighet)
"""

_COUNTED = (
    "journal_journalnotat",
    "journal_journalnotatversjon",
    "journal_maling",
    "journal_diagnose",
    "journal_kritiskinformasjon",
    "journal_tiltaksplan",
    "journal_tiltak",
)


def _scalar(conn: psycopg.Connection[tuple[Any, ...]], query: str, params: Any = None) -> Any:
    row = conn.execute(query, params).fetchone()
    return row[0] if row else None


def _rich_count(conn: psycopg.Connection[tuple[Any, ...]]) -> int:
    return int(_scalar(conn, "SELECT count(DISTINCT pasient_id) FROM journal_journalnotat") or 0)


def history_ensure(url: str, *, patients: int, unit_id: str, log: Any) -> History:
    """Give up to `patients` related patients a rich history; only what is missing is added."""
    started = time.monotonic()
    with psycopg.connect(url, connect_timeout=10) as conn:
        author = _scalar(conn, "SELECT id FROM core_ansatt WHERE username = %s", [DEMO_USER])
        notattype = _scalar(conn, "SELECT id FROM journal_notattype WHERE kode = 'sykepleienotat'")
        if author is None or notattype is None:
            raise BenchError("The bench database lacks the demo user or the note types.")
        conn.commit()
        before = _rich_count(conn)
        conn.commit()
        done = before
        params = {
            "unit": unit_id,
            "target": patients,
            "batch": BATCH,
            "author": author,
            "type": notattype,
            "notes": NOTES,
            "vitals": VITALS,
            "diagnoses": DIAGNOSES,
        }
        while done < patients:
            with conn.transaction():
                conn.execute(_CANDIDATES, params)
                batch = int(_scalar(conn, "SELECT count(*) FROM bench_hist_batch") or 0)
                if batch == 0:
                    break
                for statement in (_NOTES, _VITALS, _DIAGNOSES, _CRITICAL):
                    conn.execute(statement, params)
            done += batch
            log(f"  rich history: {done:,} of {patients:,} patients")
        planned = 0
        while True:
            with conn.transaction():
                conn.execute(_PLAN_CANDIDATES, params)
                batch = int(_scalar(conn, "SELECT count(*) FROM bench_plan_batch") or 0)
                if batch == 0:
                    break
                conn.execute(_PLANS, params)
            planned += batch
            log(f"  care plans: {planned:,} added")
        rows = {t: int(_scalar(conn, f"SELECT count(*) FROM {t}") or 0) for t in _COUNTED}  # noqa: S608
        if done > before or planned:
            conn.execute("ANALYZE")
        conn.commit()
    return History(
        patients=done,
        added=done - before,
        seconds=time.monotonic() - started,
        rows=rows,
        plans=rows["journal_tiltaksplan"] > 0,
    )
