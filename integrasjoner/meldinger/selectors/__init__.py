"""Reads of the messaging slice."""

from integrasjoner.meldinger.selectors.herid import (
    enhet_for_herid,
    systembruker_for,
    vaare_herider,
)

__all__ = ["enhet_for_herid", "systembruker_for", "vaare_herider"]
