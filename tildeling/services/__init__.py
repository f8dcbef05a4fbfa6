"""Tildeling writes (services), one module per concept."""
