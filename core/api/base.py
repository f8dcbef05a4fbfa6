from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.views import APIView

from core.acting import SESSION_KEY, acting_unit_resolve
from core.middleware import acting_apply


class ApiBase(APIView):
    """Every API view: authenticated, and acting in a unit.

    The unit is the `X-Enhet` header (a unit id), the session's unit for browser
    clients, or the person's only unit. An id that is not the person's gives no rights.
    """

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        user = request.user
        if user is not None and user.is_authenticated:
            wanted = request.headers.get("X-Enhet") or request.session.get(SESSION_KEY)
            acting = acting_unit_resolve(ansatt=user, enhet_id=wanted)
            request.acting = acting  # type: ignore[attr-defined]
            acting_apply(acting)
