"""Orientation to the patient's GP when a decision is made (issue item 9).

The PLO message "Orientering om tjenestetilbud" is sent by the messaging integration
from an outbox event. The transactional outbox (core/outbox.py) is being built in
parallel; until it lands this hook writes nothing.
"""

from __future__ import annotations

from tildeling.models import Vedtak


def vedtak_fattet_publish(*, vedtak: Vedtak) -> None:
    """Write the "tildeling.vedtak_fattet" outbox event (inside the deciding transaction)."""
    del vedtak  # the outbox is not there yet (see module docstring)
