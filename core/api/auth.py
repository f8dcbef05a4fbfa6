"""API keys: login (one key per client login), the key check on every request, logout."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.noekkel import ApiNoekkelAuthentication
from core.models import Ansatt, ApiNoekkel
from core.services import ansatt_login, ansatt_token_issue, ansatt_token_revoke


class TokenCreateApi(APIView):
    """Exchange user name and password for a new API key (with the same lockout as the
    web). Each login gets its own key, valid API_NOEKKEL_TIMER hours (`utloeper`)."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer[dict[str, str]]):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=256, trim_whitespace=False)

    class OutputSerializer(serializers.Serializer[dict[str, object]]):
        token = serializers.CharField()
        utloeper = serializers.DateTimeField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer}, auth=[])
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ansatt = ansatt_login(**data.validated_data)
        noekkel, key = ansatt_token_issue(ansatt=ansatt)
        return Response(self.OutputSerializer({"token": key, "utloeper": noekkel.utloeper}).data)


class TokenRevokeApi(APIView):
    """API logout: the key the request was made with stops working (204)."""

    authentication_classes = [ApiNoekkelAuthentication]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        if not isinstance(request.auth, ApiNoekkel) or not isinstance(request.user, Ansatt):
            raise AuthenticationFailed(_("Logg ut med API-nøkkelen du vil trekke tilbake."))
        ansatt_token_revoke(ansatt=request.user, noekkel=request.auth)
        return Response(status=204)
