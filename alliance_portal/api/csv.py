import json

from rest_framework.renderers import BaseRenderer, JSONRenderer


class CSVRenderer(BaseRenderer):
    """Lets content negotiation accept ``?format=csv`` / ``Accept: text/csv``; the view streams the CSV itself.

    Anything else that reaches this renderer (an error) is written as JSON text.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data, default=str).encode() if data is not None else b""


CSV_CAPABLE = [JSONRenderer, CSVRenderer]


def wants_csv(request) -> bool:
    return getattr(request, "accepted_renderer", None) is not None and request.accepted_renderer.format == "csv"
