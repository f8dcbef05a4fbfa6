from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.request import Request
from rest_framework.views import APIView

from core.acting import SESSION_KEY, acting_unit_resolve, tilknytninger_active
from core.exceptions import ApplicationError, Forbidden
from core.middleware import acting_apply
from core.models import Ansatt


class EnhetMangler(ApplicationError):
    """The person has several units and the request did not say which one it acts in."""


def _unit_choice_error(ansatt: Ansatt, wanted: str | None) -> ApplicationError:
    units = tilknytninger_active(ansatt=ansatt)
    if not units:
        return Forbidden(_("Du har ingen aktiv tilknytning til en enhet."))
    listed = [{"id": str(t.enhet_id), "navn": t.enhet.navn} for t in units]
    if wanted:
        message = _(
            "X-Enhet er ikke en av enhetene dine. Send X-Enhet med id-en til en av disse: %s."
        )
    else:
        message = _(
            "Du har flere enheter. Send X-Enhet med id-en til enheten du handler i: %s. "
            "GET /api/v1/meg/ viser enhetene dine."
        )
    names = "; ".join(f"{u['navn']} ({u['id']})" for u in listed)
    return EnhetMangler(message % names, extra={"enheter": listed})


class ApiBase(APIView):
    """Every API view: authenticated, and acting in a unit.

    The unit is the `X-Enhet` header (a unit id), the session's unit for browser
    clients, or the person's only unit. A person with several units who sends no
    `X-Enhet`, or an id that is not one of theirs, gets a Norwegian 400 that lists their
    units (never a 403 about the role). Views that need no unit set `acting_required`.
    """

    acting_required = True

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        user = request.user
        if user is not None and user.is_authenticated:
            header = request.META.get("HTTP_X_ENHET")  # request.headers builds a dict first
            # A request with an API key has no session (core.middleware.token_api_request).
            session = getattr(request._request, "session", None)
            wanted = header or (session.get(SESSION_KEY) if session is not None else None)
            acting = acting_unit_resolve(ansatt=user, enhet_id=wanted)
            request.acting = acting  # type: ignore[attr-defined]
            acting_apply(acting)
            if acting is None and self.acting_required and isinstance(user, Ansatt):
                raise _unit_choice_error(user, header)
