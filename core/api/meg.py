"""Who am I: the person behind the token, the units they can act in and the one this
request acts in. The way an API client learns its `X-Enhet` ids."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.acting import tilknytninger_active
from core.api.base import ApiBase
from core.decorators import request_ansatt
from core.models import RolleRettighet


class MegApi(ApiBase):
    """The caller, every unit they can act in (id, name, type, role, rights) and the
    acting unit of this request (null when they have several and sent no `X-Enhet`)."""

    acting_required = False

    class RolleSerializer(serializers.Serializer[Any]):
        kode = serializers.CharField()
        navn = serializers.CharField()

    class EnhetSerializer(serializers.Serializer[Any]):
        id = serializers.UUIDField()
        navn = serializers.CharField()
        type = serializers.CharField()
        type_navn = serializers.CharField()
        rolle = serializers.DictField(child=serializers.CharField())
        rettigheter = serializers.ListField(child=serializers.CharField())

    class OutputSerializer(serializers.Serializer[Any]):
        brukernavn = serializers.CharField()
        navn = serializers.CharField()
        hpr_nummer = serializers.CharField(allow_null=True)
        helsepersonellkategori = serializers.CharField(allow_blank=True)
        stilling = serializers.CharField(allow_blank=True)
        enheter = serializers.ListField(child=serializers.DictField())
        aktiv_enhet = serializers.UUIDField(allow_null=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        ansatt = request_ansatt(request)
        tilknytninger = tilknytninger_active(ansatt=ansatt)
        rettigheter: dict[Any, list[str]] = {}
        for rolle_id, action in RolleRettighet.objects.filter(
            rolle_id__in={t.rolle_id for t in tilknytninger}
        ).values_list("rolle_id", "action"):
            rettigheter.setdefault(rolle_id, []).append(action)
        enheter = [
            self.EnhetSerializer(
                {
                    "id": t.enhet_id,
                    "navn": t.enhet.navn,
                    "type": t.enhet.type,
                    "type_navn": t.enhet.get_type_display(),
                    "rolle": {"kode": t.rolle.kode, "navn": t.rolle.navn},
                    "rettigheter": sorted(rettigheter.get(t.rolle_id, [])),
                }
            ).data
            for t in tilknytninger
        ]
        acting = getattr(request, "acting", None)
        data = {
            "brukernavn": ansatt.username,
            "navn": ansatt.get_full_name() or ansatt.username,
            "hpr_nummer": ansatt.hpr_nummer,
            "helsepersonellkategori": ansatt.helsepersonellkategori,
            "stilling": ansatt.stilling,
            "enheter": enheter,
            "aktiv_enhet": acting.enhet.pk if acting is not None else None,
        }
        return Response(self.OutputSerializer(data).data)
