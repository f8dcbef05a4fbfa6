"""How the OpenAPI schema names things, so that every component and operation is unique.

Serializers nested in a view (`MaalingCollectionApi.InputSerializer`) are named after the
view (`MalingCollectionInput`), not after the inner class: otherwise every `InputSerializer`
in the project would share one component, and the schema would document each request body
as whichever came first (it was the login form).
"""

from __future__ import annotations

from typing import Any, Literal

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)?$"


class AutoSchema(SpectacularAutoSchema):
    def get_serializer_name(
        self, serializer: Any, direction: Literal["request", "response"]
    ) -> str:
        parts = type(serializer).__qualname__.split(".")
        if len(parts) == 1:
            return str(super().get_serializer_name(serializer, direction))
        return "".join(p.removesuffix("Serializer").removesuffix("Api") for p in parts)

    def get_operation_id(self) -> str:
        operation_id = str(super().get_operation_id())
        # A GET on a collection (no id at the end of the path) lists; drf-spectacular
        # cannot tell for a plain APIView and calls both the list and the item "retrieve".
        if (
            self.method == "GET"
            and operation_id.endswith("_retrieve")
            and not self.path.rstrip("/").endswith("}")
        ):
            operation_id = operation_id.removesuffix("_retrieve") + "_list"
        return operation_id


class TimeFieldExtension(OpenApiSerializerFieldExtension):  # type: ignore[no-untyped-call]
    """A time of day as we send it ("08:00" or "08:00:00"): OpenAPI's `format: time` is
    RFC 3339's full-time, which wants a UTC offset that a time of day does not have."""

    target_class = "rest_framework.fields.TimeField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        return {"type": "string", "pattern": TIME_PATTERN, "example": "08:00"}
