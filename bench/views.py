"""Floors: what the stack itself costs (``constant``), the least work that answers "the first 100 projects"
(``bare_page``), and plain Django running exactly the API project list's queries (``data_floor``)."""

from django.http import JsonResponse
from django.utils import timezone

from access import policy
from alliance_portal.api.pagination import SYNC_ORDER
from members.models import User
from projects.models import Project

PAGE = 100
PROJECT_COLUMNS = [
    "id", "code", "title_ko", "title_en", "area", "phase", "start_date", "end_date", "visibility", "updated_at",
]  # fmt: skip


def constant(request):
    return JsonResponse({"ok": True})


def bare_page(request):
    rows = Project.objects.order_by("code").values(
        *PROJECT_COLUMNS, "lead_organization__name_ko", "lead_organization__name_en"
    )[:PAGE]
    return JsonResponse({"results": list(rows)})


def data_floor(request):
    """The API list's queryset for the partner (the same selector, annotations and page of 100 + 1)."""
    partner = User.objects.get(username="partner")
    projects = (
        policy.visible_projects(partner)
        .listed(timezone.localdate())
        .with_participant_list()
        .order_by(*SYNC_ORDER)[: PAGE + 1]
    )
    rows = [
        {
            **{column: getattr(p, column) for column in PROJECT_COLUMNS},
            "lead": p.lead_organization.name_ko,
            "progress": p.progress,
            "current_rag": p.current_rag,
            "health": p.health,
            "participants": p.participant_list,
        }
        for p in projects
    ]
    return JsonResponse({"results": rows[:PAGE]})
