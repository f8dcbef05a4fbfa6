"""Demo data of the health station (helsestasjon), one module per area: the enrolled
children with their programme and vaccines (barn), then their growth (vekst)."""

from tjenester.helsestasjon.demo.barn import helsestasjon_demo_build
from tjenester.helsestasjon.demo.vekst import VekstDemo, vekst_demo_build

__all__ = ["VekstDemo", "helsestasjon_demo_build", "vekst_demo_build"]
