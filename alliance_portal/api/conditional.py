"""ETags for object responses, ``If-None-Match`` → 304, and the version a write expects from ``If-Match``."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from core.parameters import whole_number


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = _("Send the ETag you last read in If-Match, so nobody's change is overwritten.")
    default_code = "precondition-required"


def etag_for(obj) -> str:
    version = getattr(obj, "version", None)
    if version is not None:
        return f'"{obj.pk}-v{version}"'
    return f'"{obj.pk}-{obj.updated_at.timestamp():.6f}"'


def conditional_response(request, obj, data) -> Response:
    etag = etag_for(obj)
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
    return Response(data, headers={"ETag": etag})


def expected_version(request, obj) -> int:
    """The version named by If-Match. A missing header is 428; one that is not current is left to the write (412)."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired
    prefix = f'"{obj.pk}-v'
    if header.startswith(prefix) and header.endswith('"'):
        return whole_number(header[len(prefix) : -1], minimum=0) or 0
    return 0  # an ETag of another object or another form can never match: the write answers 412
