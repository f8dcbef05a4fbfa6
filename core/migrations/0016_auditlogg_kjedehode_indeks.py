"""The audit chain trigger finds the chain's head by its index, whatever the statistics say.

The head table core_auditlogg_kjede (migration 0015) holds one live entry per partition and a
dead one for every audit row written since the last VACUUM (each row inserts its entry and
deletes the one before). Its statistics, once ANALYZE has run, say "a dozen rows" while the
table and its primary key span thousands of pages of dead entries, so PostgreSQL costs the
index at hundreds of pages per row and reads the whole table instead, on every audit row
(issue 12: measured on the side-by-side database after a VACUUM ANALYZE, 1,530 pages and
about 0.9 ms per row; a name search's 21 rows went from ~1 ms to 19 ms of trigger time, and
every audited request slowed). With autovacuum on the dead entries are fewer, but between
its runs the same plan reads what has piled up.

The backward scan of the primary key (partisjon, filnode, kjede_nr) meets the newest entry
first whatever lies dead behind it, so the trigger function now plans with sequential and
bitmap scans off: its lookups take the index whatever the statistics. Settings on the
function apply only while it runs; nothing else changes.
"""

from django.db import migrations

FORWARD = """
ALTER FUNCTION core_auditlogg_kjede() SET enable_seqscan = off;
ALTER FUNCTION core_auditlogg_kjede() SET enable_bitmapscan = off;
"""

REVERSE = """
ALTER FUNCTION core_auditlogg_kjede() RESET enable_seqscan;
ALTER FUNCTION core_auditlogg_kjede() RESET enable_bitmapscan;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0015_auditlogg_kjedehode")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
