"""A fast yes/no check of a KPR message against its shipped XSD with libxml2 (lxml), for the
large KPR_IPL of a whole kommune; the reasons for a "no" come from
`integrasjoner.kith.lib.xsd.xsd_errors` (xmlschema), which is slower but names the path.
Both read the same schema files, offline."""

from __future__ import annotations

from functools import cache

from lxml import etree

from integrasjoner.kith.lib.xsd import SKJEMA_DIR


@cache
def _skjema(navn: str) -> etree.XMLSchema:
    sti = (SKJEMA_DIR / navn).resolve()
    if sti.parent != SKJEMA_DIR or not sti.is_file():
        raise ValueError(f"Ukjent skjema: {navn}")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(sti), parser=parser))


def er_gyldig(element: etree._Element, navn: str) -> bool:
    """Whether `element` is valid against schema `navn` (a file name in kith's skjema/)."""
    return bool(_skjema(navn).validate(element))
