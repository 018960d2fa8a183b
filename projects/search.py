"""The search box: projects, milestones, accepted status updates, indicators, policy barriers, organizations (and
what apps above register: documents) matching every word typed (``core.search``), each kind fetched
through the access policy, best matches first. Only fields everyone who sees the object may read are searched
(never a confidential one: ``access.fields``), so no result reveals what the reader could not see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchRank
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from access.policy import restrict
from core.reviewed import ReviewState
from core.search import prefix_query, vector
from members.models import ORGANIZATION_SEARCH, Organization
from projects.models import (
    BARRIER_SEARCH,
    INDICATOR_SEARCH,
    MILESTONE_SEARCH,
    PROJECT_SEARCH,
    UPDATE_SEARCH,
    Indicator,
    Milestone,
    PolicyBarrier,
    Project,
    StatusUpdate,
)

PER_KIND = 10


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    fields: tuple[str, ...]
    rows: Callable[[object], QuerySet]  # the user's visible rows of this kind
    link: Callable[[object], str]
    text: Callable[[object], str]


def _project_url(code: str, anchor: str = "") -> str:
    return reverse("project_detail", kwargs={"code": code}) + anchor


KINDS = [
    Kind("projects", _("Projects"), PROJECT_SEARCH,
         lambda user: restrict(Project.objects.all(), user),
         lambda p: _project_url(p.code), lambda p: f"{p.code} {p.title}"),
    Kind("milestones", _("Milestones"), MILESTONE_SEARCH,
         lambda user: restrict(Milestone.objects.select_related("project"), user),
         lambda m: _project_url(m.project.code, "#milestones"), lambda m: f"{m.project.code} · {m.title}"),
    Kind("updates", _("Status updates"), UPDATE_SEARCH,
         lambda user: restrict(StatusUpdate.objects.filter(state=ReviewState.ACCEPTED), user).select_related("project"),
         lambda u: _project_url(u.project.code, "#updates"), lambda u: f"{u.project.code} · {u.period:%Y-%m}"),
    Kind("indicators", _("Indicators"), INDICATOR_SEARCH,
         lambda user: restrict(Indicator.objects.select_related("project"), user),
         lambda i: _project_url(i.project.code, "#indicators"), lambda i: f"{i.project.code} · {i.name}"),
    Kind("barriers", _("Policy barriers"), BARRIER_SEARCH,
         lambda user: restrict(PolicyBarrier.objects.all(), user),
         lambda b: reverse("barrier_detail", kwargs={"pk": b.pk}), lambda b: b.title),
    Kind("organizations", _("Organizations"), ORGANIZATION_SEARCH,
         lambda user: Organization.objects.all(),  # the member directory: everyone signed in (the page asks it)
         lambda o: reverse("organization_detail", kwargs={"slug": o.slug}), lambda o: o.name),
]  # fmt: skip


def register(kind: Kind) -> None:
    """A kind of result from an app above this one (documents), added when that app is ready."""
    if all(known.key != kind.key for known in KINDS):
        KINDS.append(kind)


@dataclass(frozen=True)
class Hit:
    text: str
    url: str


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    hits: list[Hit]
    more: bool  # more than PER_KIND matched


def search(user, text: str) -> list[Group] | None:
    """The groups that matched (best first within each); None when nothing searchable was typed."""
    query = prefix_query(text)
    if query is None:
        return None
    groups = []
    for kind in KINDS:
        document = vector(*kind.fields)  # the expression of the kind's GIN index, so the match is an index scan
        matched = kind.rows(user).annotate(document=document).filter(document=query)
        ranked = matched.annotate(rank=SearchRank(document, query)).order_by("-rank", "-pk")
        best = list(ranked.values_list("pk", flat=True)[: PER_KIND + 1])
        if best:
            # The hits' rows, with their projects, fetched apart: joined to the ranking, the whole portfolio was
            # hashed (the planner expects thousands of matches for a prefix): 11 ms a kind at 10,000 projects.
            rows = kind.rows(user).in_bulk(best[:PER_KIND])
            hits = [Hit(kind.text(rows[pk]), kind.link(rows[pk])) for pk in best[:PER_KIND]]
            groups.append(Group(kind.key, str(kind.label), hits, len(best) > PER_KIND))
    return groups
