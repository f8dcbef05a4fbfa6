"""The Celery app. Periodic tasks are declared here, in code, and nowhere else."""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

from config.env import env_int

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("kommunejournal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "auditlogg-partitions": {
        "task": "core.tasks.auditlogg_partitions",
        "schedule": 6 * 60 * 60.0,
    },
    "worker-heartbeat": {
        "task": "core.tasks.heartbeat",
        "schedule": 30.0,
    },
    # tildeling: end expired decisions and raise alerts, nightly (tildeling/services/varsel.py)
    "tildeling-varsler": {
        "task": "tildeling.tasks.varsler_nattlig",
        "schedule": crontab(hour=2, minute=15),
    },
    # Outbox (core/outbox.py): due retries, lost tasks, deliveries stuck after a crash.
    "utboks-sveip": {
        "task": "core.tasks.levering_sweep",
        "schedule": float(env_int("UTBOKS_SVEIP_SEKUNDER", 10)),
    },
    # welfare technology: received events no worker finished (services/hendelse.py)
    "velferdsteknologi-hendelser-sveip": {
        "task": "velferdsteknologi.tasks.hendelser_sveip",
        "schedule": 30.0,
    },
    # home care: visits planned a week ahead every night, missed visits flagged every 5 min
    "hjemmetjeneste-besok-generer": {
        "task": "hjemmetjeneste.tasks.besok_generer_alle",
        "schedule": crontab(hour=2, minute=15),
    },
    "hjemmetjeneste-besok-varsle": {
        "task": "hjemmetjeneste.tasks.besok_varsle_forsinkede",
        "schedule": 5 * 60.0,
    },
    # health station: every child's stored worklist status recomputed each night
    "helsestasjon-status": {
        "task": "helsestasjon.tasks.status_beregn_alle",
        "schedule": crontab(hour=2, minute=45),
    },
    # Medication (legemidler): doses not signed within the unit's limit become flags.
    "legemidler-dosevarsel-sweep": {
        "task": "legemidler.tasks.dosevarsel_sweep",
        "schedule": 5 * 60.0,
    },
    # Outgoing messages (meldinger_ut): no AppRec within the deadline → alert on the unit's list.
    "meldinger-kvittering-frist": {
        "task": "meldinger.tasks.utgaaende_frist_check",
        "schedule": 5 * 60.0,
    },
    # helfo: settlements (oppgjør) fetched from HELFO (integrasjoner/helfo/tasks.py)
    "helfo-oppgjoer-hent": {
        "task": "helfo.tasks.oppgjoer_poll",
        "schedule": 5 * 60.0,
    },
    # meldinger_inn: unread PLO/dialog messages from the EDI 2.0 service (integrasjoner/meldinger)
    "meldinger-poll": {
        "task": "meldinger.tasks.meldinger_poll",
        "schedule": float(env_int("MELDINGER_POLL_SEKUNDER", 30)),
    },
}
