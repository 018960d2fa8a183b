from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from members.api.views import MeView, OrganizationViewSet
from projects.api.views import (
    IndicatorViewSet,
    MilestoneViewSet,
    PolicyBarrierViewSet,
    PortfolioSummaryView,
    ProjectViewSet,
    StatusUpdateViewSet,
)

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("projects", ProjectViewSet, basename="project")
router.register("milestones", MilestoneViewSet, basename="milestone")
router.register("status-updates", StatusUpdateViewSet, basename="statusupdate")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("policy-barriers", PolicyBarrierViewSet, basename="policybarrier")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/portfolio/summary/", PortfolioSummaryView.as_view(), name="portfolio-summary"),
    path("v1/me/", MeView.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]
