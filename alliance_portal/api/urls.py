from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from assessments.api.views import AssessmentViewSet, ChecklistViewSet
from documents.api.views import DocumentViewSet
from groups.api.views import ActionItemViewSet, MeetingViewSet, MinutesViewSet, WorkingGroupViewSet
from imports.api.views import ImportViewSet
from members.api.views import MeView, OrganizationViewSet
from money.api.views import BudgetPlanViewSet, ExecutionViewSet
from projects.api.views import (
    IndicatorViewSet,
    MilestoneViewSet,
    PolicyBarrierViewSet,
    PortfolioSummaryView,
    ProjectViewSet,
    StatusUpdateViewSet,
)
from results.api.views import LessonViewSet, ResultViewSet
from webhooks.api.views import DeliveryViewSet, EndpointViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("projects", ProjectViewSet, basename="project")
router.register("milestones", MilestoneViewSet, basename="milestone")
router.register("status-updates", StatusUpdateViewSet, basename="statusupdate")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("policy-barriers", PolicyBarrierViewSet, basename="policybarrier")
router.register("ai-ethics-checklists", ChecklistViewSet, basename="checklist")
router.register("ai-ethics-assessments", AssessmentViewSet, basename="assessment")
router.register("documents", DocumentViewSet, basename="document")
router.register("budget-plans", BudgetPlanViewSet, basename="budgetplan")
router.register("executions", ExecutionViewSet, basename="execution")
router.register("imports", ImportViewSet, basename="import")
router.register("working-groups", WorkingGroupViewSet, basename="workinggroup")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("minutes", MinutesViewSet, basename="minutes")
router.register("action-items", ActionItemViewSet, basename="actionitem")
router.register("results", ResultViewSet, basename="result")
router.register("lessons", LessonViewSet, basename="lesson")
router.register("webhooks", EndpointViewSet, basename="webhook")
router.register("webhook-deliveries", DeliveryViewSet, basename="webhookdelivery")

# The documentation viewers set styles from script (Redoc also loads its search worker from a blob); their pages
# carry the public schema only, so their style-src is relaxed there and nowhere else. Swagger UI's start-up script is
# served as a file of its own (the split view), so script-src stays 'self'.
viewer_policy = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})

urlpatterns = [
    path("v1/", include(router.urls)),
    path("open/v1/", include("opendata.api.urls")),
    path("v1/portfolio/summary/", PortfolioSummaryView.as_view(), name="portfolio-summary"),
    path("v1/me/", MeView.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", viewer_policy(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="swagger-ui"),
    path("redoc/", viewer_policy(SpectacularRedocView.as_view(url_name="schema")), name="redoc"),
]
