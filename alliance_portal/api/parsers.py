import io

from django.conf import settings
from rest_framework.parsers import JSONParser

from alliance_portal.api.errors import RequestTooLarge


class LimitedJSONParser(JSONParser):
    """JSON bodies up to ``DATA_UPLOAD_MAX_MEMORY_SIZE``; longer ones are 413 before anything is parsed.

    DRF reads the request stream itself, past Django's own body-size check, so the limit is applied here.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        request = parser_context["request"]
        if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
            raise RequestTooLarge
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise RequestTooLarge
        return super().parse(io.BytesIO(body), media_type, parser_context)
