from django.contrib import admin
from django.urls import include, path

from alliance_portal import health, metrics

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("", include("members.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("alliance_portal.api.urls")),
    path("", include("assessments.urls")),
    path("", include("documents.urls")),
    path("", include("imports.urls")),
    path("", include("opendata.urls")),
    path("", include("money.urls")),
    path("", include("notifications.urls")),
    path("", include("groups.urls")),
    path("", include("projects.urls")),
    path("", include("reports.urls")),
    path("", include("results.urls")),
    path("", include("webhooks.urls")),
]


def handler404(request, exception):
    """The API answers unknown URLs in its own error shape; pages get the branded 404 page."""
    from django.views.defaults import page_not_found

    from alliance_portal.api.errors import not_found_for_api

    if request.path.startswith("/api/"):
        return not_found_for_api(request, exception)
    return page_not_found(request, exception)
