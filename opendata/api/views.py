"""The open API (``/api/open/v1/``): read-only, no token, throttled per address, cursor-paginated, with ETags.
Everything comes from publications (frozen copies of the public fields), never from the live tables."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError as InvalidPeriod
from django.db.models import Prefetch
from django.http import HttpResponseNotModified
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from alliance_portal.api.pagination import StableCursorPagination
from alliance_portal.api.throttling import PerAddressThrottle
from core import periods
from core.parameters import whole_number
from opendata.api.serializers import OpenProjectSerializer, PublicationSerializer
from opendata.models import Publication, PublicationFile, PublishedProject
from opendata.public import cache_key, cached, keep, mark_public, month, number, one_of, opaque
from projects.choices import Area


class NewestFirst(StableCursorPagination):
    ordering = ("-period", "-version")


class ByCode(StableCursorPagination):
    ordering = ("code",)


PERIOD = OpenApiParameter(
    "period", OpenApiTypes.STR, description="A published month, like 2026-10 (default: the latest).",
    pattern=r"^\d{4}-\d{2}$",
)  # fmt: skip
VERSION = OpenApiParameter("version", OpenApiTypes.INT, description="A version of that month (default: the newest).")
AREA = OpenApiParameter("area", OpenApiTypes.STR, enum=Area.values)


class OpenData(viewsets.GenericViewSet):
    """No authentication at all (a token or a session changes nothing), throttled per address, and an ETag on every
    answer. Publications never change, so answers are kept in the cache like the public pages (after the throttle)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PerAddressThrottle]
    filter_backends: list = []

    reads = {"cursor": opaque, "period": month, "version": number(32767), "area": one_of(Area.values),
             "page_size": number(500), "format": one_of(["json"])}  # fmt: skip

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.cache_key = cache_key(request, self.reads)

    def list(self, request, *args, **kwargs):
        return cached(self.cache_key) or super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return cached(self.cache_key) or super().retrieve(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            if isinstance(response, Response):  # made now, not from the cache
                response.render()
                response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
                keep(self.cache_key, response)
            if response["ETag"] in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
                response = HttpResponseNotModified(headers={"ETag": response["ETag"]})
        return mark_public(response)


def _files():
    return Prefetch("files", PublicationFile.objects.only("publication_id", "name", "media_type", "size", "sha256"))


@extend_schema_view(
    list=extend_schema(summary="Every publication, newest first", tags=["open data"]),
    retrieve=extend_schema(summary="A published month (its newest version)", tags=["open data"], parameters=[VERSION]),
)
class PublicationViewSet(OpenData, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Published months of open data, every version of each (a correction is a new version): summary figures,
    public policy barriers and the files with their addresses. No token needed; throttled per address."""

    serializer_class = PublicationSerializer
    lookup_field = "period"
    lookup_value_regex = r"\d{4}-\d{2}"
    pagination_class = NewestFirst

    def get_queryset(self):
        return Publication.objects.prefetch_related(_files())

    def get_object(self):
        return chosen(self.request, self.kwargs["period"], self.get_queryset())


def chosen(request, period: str | None, queryset=None) -> Publication:
    """The publication a request names (``period`` and ``version``; malformed: 400), or the latest; 404 when
    nothing is published there."""
    found = (queryset if queryset is not None else Publication.objects.all()).order_by("-period", "-version")
    if period:
        try:
            found = found.filter(period=periods.parse(periods.MONTH, period).start)
        except InvalidPeriod as error:
            raise ValidationError({"period": error.messages}) from None
    raw = request.query_params.get("version")
    if raw:
        version = whole_number(raw, maximum=32767)
        if version is None:
            raise ValidationError({"version": ["A whole number of at least 1."]})
        found = found.filter(version=version)
    publication = found.first()
    if publication is None:
        raise NotFound("Nothing is published for this period and version.")
    return publication


@extend_schema_view(
    list=extend_schema(summary="The projects of a publication", tags=["open data"], parameters=[PERIOD, VERSION, AREA]),
    retrieve=extend_schema(summary="One published project", tags=["open data"], parameters=[PERIOD, VERSION]),
)
class OpenProjectViewSet(OpenData, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The projects of a publication — the latest unless ``period`` and ``version`` name another — as published:
    the public fields only. No token needed; throttled per address."""

    serializer_class = OpenProjectSerializer
    lookup_field = "code"
    pagination_class = ByCode

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator: no publication to ask for
            return PublishedProject.objects.none()
        publication = chosen(self.request, self.request.query_params.get("period"))
        rows = publication.projects.all()
        area = self.request.query_params.get("area")
        if area:
            if area not in Area.values:
                raise ValidationError({"area": ["One of: " + ", ".join(Area.values)]})
            rows = rows.filter(area=area)
        return rows

    def get_object(self):
        return get_object_or_404(self.get_queryset(), code=self.kwargs["code"])
