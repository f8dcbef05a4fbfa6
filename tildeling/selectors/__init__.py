"""Tildeling reads (selectors), one module per concept."""
