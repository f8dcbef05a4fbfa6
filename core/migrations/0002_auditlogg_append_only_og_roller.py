from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION core_auditlogg_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'core_auditlogg er kun for innsetting (% er ikke tillatt)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER core_auditlogg_no_update_delete
    BEFORE UPDATE OR DELETE ON core_auditlogg
    FOR EACH ROW EXECUTE FUNCTION core_auditlogg_append_only();
"""

DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS core_auditlogg_no_update_delete ON core_auditlogg;
DROP FUNCTION IF EXISTS core_auditlogg_append_only();
"""


def seed_roles(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from core.roller import roller_seed

    roller_seed(apps.get_model("core", "Rolle"), apps.get_model("core", "RolleRettighet"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunSQL(APPEND_ONLY, DROP_APPEND_ONLY),
        migrations.RunPython(seed_roles, migrations.RunPython.noop),
    ]
