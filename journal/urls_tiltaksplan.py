"""URLs for the care plan pages (added to journal.urls)."""

from django.urls import URLPattern, path

from journal.views import tiltaksplan as v

P = "<uuid:pasient_id>/tiltaksplan/"

urlpatterns: list[URLPattern] = [
    path("tiltak/i-dag/", v.tiltak_i_dag, name="tiltak_i_dag"),
    path(P, v.tiltaksplan, name="tiltaksplan"),
    path(f"{P}ny/", v.tiltaksplan_ny, name="tiltaksplan_ny"),
    path(f"{P}historikk/", v.tiltaksplan_historikk, name="tiltaksplan_historikk"),
    path(f"{P}evaluering/ny/", v.evaluering_ny, name="evaluering_ny"),
    path(f"{P}<uuid:plan_id>/", v.tiltaksplan_detalj, name="tiltaksplan_detalj"),
    path(f"{P}<uuid:plan_id>/avslutt/", v.tiltaksplan_avslutt, name="tiltaksplan_avslutt"),
    path(f"{P}<uuid:plan_id>/ip/", v.tiltaksplan_ip, name="tiltaksplan_ip"),
    path(f"{P}<uuid:plan_id>/behov/ny/", v.behov_ny, name="behov_ny"),
    path(f"{P}<uuid:plan_id>/tiltak/ny/", v.tiltak_ny, name="tiltak_ny"),
    path(f"{P}behov/<uuid:behov_id>/los/", v.behov_los, name="behov_los"),
    path(f"{P}behov/<uuid:behov_id>/maal/ny/", v.maal_ny, name="maal_ny"),
    path(f"{P}maal/<uuid:maal_id>/naadd/", v.maal_naadd, name="maal_naadd"),
    path(f"{P}tiltak/<uuid:tiltak_id>/endre/", v.tiltak_endre, name="tiltak_endre"),
    path(f"{P}tiltak/<uuid:tiltak_id>/avslutt/", v.tiltak_avslutt, name="tiltak_avslutt"),
]
