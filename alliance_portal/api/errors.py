"""Every API error as RFC 9457 problem details: ``type``, ``title``, ``status``, ``detail`` and field ``errors``."""

from http import HTTPStatus

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.reviewed import FourEyes
from core.slots import SlotTaken
from core.versions import StaleVersion

PROBLEM = "application/problem+json"


def problem(status: int, detail, errors: dict | None = None, code: str | None = None) -> dict:
    slug = code or HTTPStatus(status).phrase.lower().replace(" ", "-")
    body = {
        "type": f"https://portal.industrial-ai-alliance.kr/problems/{slug}",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": str(detail),
    }
    if errors:
        body["errors"] = errors
    return body


def _field_errors(detail) -> dict:
    if isinstance(detail, dict):
        return {
            field: [str(m) for m in (messages if isinstance(messages, list) else [messages])]
            for field, messages in detail.items()
        }
    return {"non_field_errors": [str(m) for m in detail]} if isinstance(detail, list) else {}


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = _("The request body is too large.")
    default_code = "request-too-large"


class Conflict(exceptions.APIException):
    status_code = 409
    default_code = "conflict"


def problem_details_handler(exc, context):
    if isinstance(exc, StaleVersion):
        changes = {change.field: str(change.theirs) for change in exc.changes()}
        body = problem(412, exc.message, code="stale-version")
        body["changes"] = changes
        return Response(body, status=412, content_type=PROBLEM)
    if isinstance(exc, FourEyes):
        return Response(problem(403, exc.message, code="four-eyes"), status=403, content_type=PROBLEM)
    if isinstance(exc, SlotTaken):
        return Response(problem(409, exc.messages[0], code="slot-taken"), status=409, content_type=PROBLEM)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        body = problem(response.status_code, _first_message(errors), errors=errors, code="invalid")
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data.get("detail", "")
        body = problem(response.status_code, detail, code=getattr(exc, "default_code", None))
    response.data = body
    response.content_type = PROBLEM
    return response


def _first_message(errors: dict) -> str:
    for field, messages in errors.items():
        return f"{field}: {messages[0]}" if field != "non_field_errors" else messages[0]
    return ""


def not_found_for_api(request, exception=None):
    """Unknown URLs under /api/ answer in the API's shape, not with the HTML 404 page."""
    return JsonResponse(problem(404, _("No such endpoint.")), status=404, content_type=PROBLEM)
