"""Demo data of the health station (helsestasjon), one module per area."""

from tjenester.helsestasjon.demo.vekst import VekstDemo, vekst_demo_build

__all__ = ["VekstDemo", "vekst_demo_build"]
