from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.services import ansatt_login, ansatt_token_issue


class TokenCreateApi(APIView):
    """Exchange user name and password for an API token (with the same lockout as the web)."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer[dict[str, str]]):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=256, trim_whitespace=False)

    class OutputSerializer(serializers.Serializer[dict[str, str]]):
        token = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer}, auth=[])
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ansatt = ansatt_login(**data.validated_data)
        token = ansatt_token_issue(ansatt=ansatt)
        return Response(self.OutputSerializer({"token": token.key}).data)
