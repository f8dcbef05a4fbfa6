"""Tildeling pages, one module per area."""
