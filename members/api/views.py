from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from alliance_portal.api.conditional import conditional_response
from alliance_portal.api.filters import UpdatedSinceFilter
from alliance_portal.api.pagination import SYNC_ORDER
from alliance_portal.api.permissions import token_scopes
from members.api.serializers import MeSerializer, OrganizationSerializer
from members.filters import OrganizationFilter
from members.models import ApiToken, Organization


class ApiOrganizationFilter(OrganizationFilter, UpdatedSinceFilter):
    pass


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer
    lookup_field = "slug"
    ordering = SYNC_ORDER
    ordering_fields = ["slug", "updated_at"]
    filterset_class = ApiOrganizationFilter

    def retrieve(self, request, *args, **kwargs):
        organization = self.get_object()
        return conditional_response(request, organization, self.get_serializer(organization).data)


class MeView(APIView):
    """Who the request is authenticated as: user, role, organization, and the token's scopes and expiry."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        token = request.auth if isinstance(request.auth, ApiToken) else None
        user = request.user
        return Response(
            MeSerializer(
                {
                    "username": user.get_username(),
                    "role": user.role,
                    "organization": user.organization.slug if user.organization_id else None,
                    "scopes": sorted(token_scopes(request)),
                    "token_expires_at": token.expires_at if token else None,
                }
            ).data
        )
