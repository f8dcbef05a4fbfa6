"""The poller: fetch unread messages for our HER-ids from the EDI 2.0 service, receive
each through `melding_receive` (which answers with its AppRec through the outbox), and
mark it read. Transport failures stop this round quietly; the next round picks up what is
still unread. A mailbox message fetched twice (a worker died before "mark read") is
recognised by the service's id and neither processed nor receipted again: its AppRec went
on the outbox with it (tests/system/test_innkommende_reliability.py)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from core.context import system_context
from core.exceptions import IntegrationError
from integrasjoner.meldinger import client
from integrasjoner.meldinger.selectors import herid_batch, vaare_herider
from integrasjoner.meldinger.services.mottak import melding_receive
from integrasjoner.meldinger.services.utgaaende import apprec_xml_register

logger = logging.getLogger(__name__)

BATCH = 200


@dataclass(frozen=True)
class Pollrunde:
    """One round: how many were fetched and received, how many transport calls failed."""

    mottatt: int = 0
    feilet: int = 0


def meldinger_poll(*, batch: int = BATCH) -> Pollrunde:
    """One round of polling. Never raises for the service or for a bad message."""
    herider = vaare_herider()
    if not herider:
        return Pollrunde()
    try:
        uleste = client.uleste_list(herider)
    except IntegrationError as e:
        logger.warning("Meldingstjeneren svarte ikke på uleste: %s", e)
        return Pollrunde(feilet=1)
    with herid_batch():  # each HER-id's unit looked up once per round
        return _runde(uleste[:batch])


def _runde(uleste: list[client.Ulest]) -> Pollrunde:
    mottatt = feilet = 0
    for ulest in uleste:
        try:
            xml = client.dokument_get(ulest.id)
        except IntegrationError as e:
            logger.warning("Kunne ikke hente melding %s: %s", ulest.id, e)
            feilet += 1
            continue
        with system_context():
            # an AppRec for one of our outgoing messages closes its tracking (meldinger_ut)
            if not apprec_xml_register(xml=xml):
                melding_receive(xml=xml, transport_id=ulest.id)
        mottatt += 1
        try:
            client.lest_mark(ulest.id, ulest.mottaker_herid)
        except IntegrationError as e:  # fetched again next round: deduplicated there
            logger.warning("Kunne ikke merke melding %s som lest: %s", ulest.id, e)
            feilet += 1
    return Pollrunde(mottatt=mottatt, feilet=feilet)
