from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from projects.models import Project


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    projects = (
        Project.objects.visible_to(request.user)
        .select_related("lead_organization")
        .with_progress()
        .with_health(timezone.localdate())
    )
    return render(request, "projects/dashboard.html", {"projects": projects})
