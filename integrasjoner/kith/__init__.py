"""KITH/Helsedirektoratet message standards shipped with us: the official XSDs
(`skjema/`, one flat folder, as published) and the official example messages (`eksempel/`),
with validation in `lib/xsd.py`. Used by every integration that sends or receives a
KITH message (HELFO claims, PLO and dialog messages, KPR/IPLOS)."""
