"""The ward with residents and orders of the round tests, for the pharmacy's deliveries."""

from tests.legemidler.utdeling.conftest import avd

__all__ = ["avd"]
