"""Who may do what: the one place the portal's access rules are written.

Every door asks here — pages, API viewsets, exports, htmx partials, history, report downloads, the audit log, the
admin, mail recipients. Two questions, built on the same querysets so a list and its detail never disagree:

- ``restrict(queryset, user, action)``: the objects of ``queryset`` the user may ``action`` (an object outside it
  is a 404 in every face);
- ``can(user, action, obj=None)``: one object (a button, a service), or with no object a site-wide ability such as
  ``"review"`` or ``"see_audit_log"``.

``audience(user)`` / ``annotate_audience`` say which audience of the field map (``access.fields``) a user is for
a project: ``ministry``, ``participant`` (a member of a taking-part organization), ``member`` (of the alliance),
``partner``. Projects whose visibility is "alliance only" are seen by ministry staff and members, never by partners.

A new rule is a line in a table below; a new model a function in ``RULES``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from access.fields import MEMBER, MINISTRY, PARTICIPANT, PARTNER
from assessments.models import Answer, Assessment, Checklist, Question
from core.reviewed import ReviewState
from documents.choices import AttachedTo
from documents.models import Document
from groups.models import ActionItem, AgendaItem, CalendarFeed, Meeting, Minutes, WorkingGroup
from imports.models import ImportPreview
from members.models import MEMBER_ROLES, MINISTRY_ROLES, Role, User
from money.models import BudgetPlan, Execution
from notifications.models import Notification, SavedView
from projects.choices import EDITABLE_STATES
from projects.models import (
    Indicator,
    IndicatorValue,
    Milestone,
    PolicyBarrier,
    Project,
    ProjectParticipant,
    StatusUpdate,
    Visibility,
)
from reports.models import Report
from results.choices import ContactState, Reach
from results.models import ContactRequest, Lesson, Result
from webhooks.models import Delivery, Endpoint

VIEW, CHANGE, REVIEW, RAISE = "view", "change", "review", "raise"  # CHANGE covers editing and submitting
DISABLE = "disable"  # switch a webhook endpoint off
LIFT = "lift"  # lift an administrator's switch-off of someone else's webhook endpoint
ATTACH = "attach"  # attach a document to a project, status update, milestone, barrier or meeting
DELETE, RESTORE = "delete", "restore"  # a document (restorable for ``DOCUMENT_RESTORE_DAYS``)
ASK, ANSWER = "ask", "answer"  # "Ask about this" a result; answer such a request (accept or decline)

# Site-wide abilities: which roles have them (object-free; ``can(user, ability)``).
ABILITIES: dict[str, tuple[str, ...]] = {
    "review": MINISTRY_ROLES,  # the review queue (administrators decide: ``can(user, REVIEW, update)``)
    "see_audit_log": MINISTRY_ROLES,
    "see_job_runs": MINISTRY_ROLES,
    "subscribe_reports": MINISTRY_ROLES,
    "see_people": MINISTRY_ROLES,  # who works at an organization
    "generate_reports": (Role.MINISTRY_ADMIN,),
    "administer": (Role.MINISTRY_ADMIN,),  # the admin site, metrics
    "write_api": (Role.MINISTRY_ADMIN, Role.MEMBER_EDITOR),  # a token with the write scope
    "see_reports": (*MINISTRY_ROLES, *MEMBER_ROLES),  # the reports menu (which reports: ``restrict``)
    "take_part": MEMBER_ROLES,  # "My projects": the organization's own projects
    "see_ethics_coverage": MINISTRY_ROLES,  # the dashboard's AI-ethics coverage, the assessments export
    "second_factor": MINISTRY_ROLES,  # must sign in with an authenticator too
    # signed out after MINISTRY_IDLE_TIMEOUT without activity and MINISTRY_SESSION_LIFETIME after signing in
    # (everyone else: after IDLE_TIMEOUT without activity)
    "short_sessions": MINISTRY_ROLES,
    "see_publications": MINISTRY_ROLES,  # open data: what was published, the files' state
    # every project's money: the dashboard's money panel, the list's execution-rate filter and sort, the money rules
    # of the computed health (others see a project's money on its money page only where they take part)
    "see_portfolio_money": MINISTRY_ROLES,
    "publish_open_data": (Role.MINISTRY_ADMIN,),
    "see_groups": (*MINISTRY_ROLES, *MEMBER_ROLES),  # working groups (which ones: ``restrict``); never partners
    "see_alliance_figures": MINISTRY_ROLES,  # the dashboard's results of the whole alliance
}


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _member_organization(user) -> int | None:
    """The organization whose projects the user takes part in; partners never count as participants."""
    return user.organization_id if user.role in MEMBER_ROLES else None


def participates(user, project_ref: str = "pk") -> models.Expression:
    """True where the user's organization takes part in the project at ``project_ref``."""
    organization = _member_organization(user)
    if organization is None:
        return Value(False)
    taking_part = ProjectParticipant.objects.filter(project=OuterRef(project_ref), organization_id=organization)
    return Exists(taking_part)


def _may_change(user, project_ref: str = "pk") -> models.Expression:
    """Ministry administrators change every project; member editors their organization's."""
    if user.role == Role.MINISTRY_ADMIN:
        return Value(True)
    if user.role == Role.MEMBER_EDITOR:
        return participates(user, project_ref)
    return Value(False)


def audience(user) -> str:
    """The field map's audience of ``user`` for a project their organization takes no part in."""
    if user.role in MINISTRY_ROLES:
        return MINISTRY
    if user.role in MEMBER_ROLES:
        return MEMBER
    return PARTNER


def annotate_audience(queryset: models.QuerySet, user, project_ref: str = "pk") -> models.QuerySet:
    """``audience`` (see ``audience``) and ``can_edit`` on each row, for the project at ``project_ref``."""
    if not _active(user):  # sees nothing anyway (``restrict``); the API schema asks with an anonymous user
        return queryset.none().annotate(audience=Value(PARTNER), can_edit=Value(False))
    if user.role in MEMBER_ROLES:
        who = Case(When(participates(user, project_ref), then=Value(PARTICIPANT)), default=Value(MEMBER))
    else:
        who = Value(audience(user))
    return queryset.annotate(
        audience=models.ExpressionWrapper(who, output_field=models.CharField()),
        can_edit=models.ExpressionWrapper(_may_change(user, project_ref), output_field=models.BooleanField()),
    )


def audience_for(user, project: Project | None) -> str:
    """The field map's audience of ``user`` for ``project`` (``annotate_audience``'s rule for one project; for no
    project, their audience at large)."""
    if project is None:
        return audience(user)
    found = annotate_audience(Project.objects.filter(pk=project.pk), user).values_list("audience", flat=True)
    return found.first() or audience(user)


def visible_projects(user) -> models.QuerySet:
    """The projects ``user`` may see, each with the user's ``audience`` and ``can_edit`` (lists and details)."""
    return annotate_audience(restrict(Project.objects.all(), user), user)


def taken_part_in(projects: models.QuerySet, user) -> models.QuerySet:
    """The projects of ``projects`` that the user's organization takes part in (none for partners)."""
    return projects.filter(participates(user))


def portfolio_scope(user) -> str:
    """Names the set of projects ``restrict(Project…, user)`` gives, so portfolio figures computed for one user
    serve every user with the same set (``open``: open-data projects only; ``alliance``: all)."""
    return "open" if user.role == Role.PARTNER else "alliance"


# -- the rules per model ---------------------------------------------------------------------------------------------


def _projects(queryset, user, action):
    if action == VIEW:
        if user.role == Role.PARTNER:
            return queryset.filter(visibility=Visibility.OPEN)
        return queryset
    if action == CHANGE:
        return queryset.filter(_may_change(user))
    return queryset.none()


def _all_or_none(queryset, allowed: bool):
    return queryset if allowed else queryset.none()


def _with_projects(queryset, user, action: str, project_field: str = "project") -> models.QuerySet:
    """The rows of ``queryset`` whose project ``user`` may ``action``. No filter where that is every project: the
    semi-join with the whole portfolio had the planner hash all of it (~4 ms of a search at 10,000 projects)."""
    projects = restrict(Project.objects.all(), user, action)
    if not projects.query.has_filters():
        return queryset
    return queryset.filter(**{f"{project_field}__in": projects})


def _of_projects(project_field: str) -> Callable:
    """Milestones, indicators and their values: whatever one may do with their project."""

    def rule(queryset, user, action):
        if action not in (VIEW, CHANGE):
            return queryset.none()
        return _with_projects(queryset, user, action, project_field)

    return rule


def _status_updates(queryset, user, action):
    """Participants see all their projects' updates; ministry staff all but drafts; everyone else accepted ones
    of the projects they see. Participants' editors change and submit; ministry administrators review."""
    if action == VIEW:
        visible = _with_projects(queryset, user, VIEW)
        if user.role in MINISTRY_ROLES:
            return visible.exclude(state=ReviewState.DRAFT)
        return visible.filter(Q(state=ReviewState.ACCEPTED) | Q(participates(user, "project")))
    return _reviewed_work(queryset, user, action)


def _assessments(queryset, user, action):
    """AI-ethics answers are the participants' and the ministry's only: participants see their projects'
    assessments, ministry staff all but drafts, nobody else any (whether a project's check is current is a project
    figure, seen by all who see the project). Changed and reviewed like status updates."""
    if action == VIEW:
        if user.role in MINISTRY_ROLES:
            return queryset.exclude(state=ReviewState.DRAFT)
        return queryset.filter(participates(user, "project"))
    return _reviewed_work(queryset, user, action)


def _answers(queryset, user, action):
    """An answer goes with its assessment."""
    return queryset.filter(assessment__in=restrict(Assessment.objects.all(), user, action))


def _checklists(queryset, user, action):
    """The checklist is the ministry's published standard: every signed-in user reads the versions in force
    (ministry staff drafts too); ministry administrators edit drafts (the database refuses published ones)."""
    if action == VIEW:
        return queryset if user.role in MINISTRY_ROLES else queryset.filter(published_at__isnull=False)
    if action == CHANGE:
        return _all_or_none(queryset, user.role == Role.MINISTRY_ADMIN)
    return queryset.none()


def _questions(queryset, user, action):
    """A question goes with its checklist version."""
    return queryset.filter(checklist__in=restrict(Checklist.objects.all(), user, action))


def _reviewed_work(queryset, user, action):
    """Changing and reviewing a project's self-reports (status updates, AI-ethics assessments, budget plans):
    participants' editors (and ministry administrators) change and submit; ministry administrators review others'
    work."""
    if action == CHANGE:
        return _with_projects(queryset, user, CHANGE)
    if action == REVIEW:  # four eyes: never one's own update
        submitted = queryset.filter(state=ReviewState.SUBMITTED).exclude(author=user)
        return _all_or_none(submitted, user.role == Role.MINISTRY_ADMIN)
    return queryset.none()


def _budget_plans(queryset, user, action):
    """Money is the ministry's and the project's participants' only (never partners, never other members). A plan
    is drafted and submitted by whoever changes the project and reviewed like a status update."""
    if action == VIEW:
        return _all_or_none(queryset, user.role in MINISTRY_ROLES) | queryset.filter(participates(user, "project"))
    return _reviewed_work(queryset, user, action)


def sees_money(user, project: Project) -> bool:
    """Whether ``user`` sees a project's money (its plans and executions: ``_budget_plans``' VIEW rule)."""
    return _active(user) and (
        user.role in MINISTRY_ROLES or taken_part_in(Project.objects.filter(pk=project.pk), user).exists()
    )


def enters_money_for(user, project: Project, organization_id: int | None) -> bool:
    """The one rule for who enters an organization's executions in a project (before the row exists; pages and the
    API alike): the organization takes part in the project, and the user is a ministry administrator or a member
    editor of that organization (``_executions``' CHANGE rule for the rows that exist)."""
    if not _active(user) or organization_id is None:
        return False
    if not (user.role == Role.MINISTRY_ADMIN or (
        user.role == Role.MEMBER_EDITOR and user.organization_id == organization_id
    )):  # fmt: skip
        return False
    return project.participations.filter(organization_id=organization_id).exists()


def _executions(queryset, user, action):
    """A participant's money is entered by that organization's editors (ministry administrators may correct it),
    seen by the project's participants and the ministry, and reviewed like a status update."""
    if action == VIEW:
        return _budget_plans(queryset, user, VIEW)
    if action == CHANGE:
        if user.role == Role.MINISTRY_ADMIN:
            return queryset
        mine = queryset.filter(organization_id=_member_organization(user))
        return _all_or_none(mine, user.role == Role.MEMBER_EDITOR)
    return _reviewed_work(queryset, user, action)


def _shared_work(queryset, user, action):
    """Results and lessons: the project's participants see all of theirs, ministry staff all but drafts; once
    accepted, alliance members see those shared with the alliance or open, partners (and open data) the open ones
    only — always of projects they may see. Changed and reviewed like status updates. Members of another
    organization ask about an accepted result they see."""
    if action == VIEW:
        visible = _with_projects(queryset, user, VIEW)
        if user.role in MINISTRY_ROLES:
            return visible.exclude(state=ReviewState.DRAFT)
        accepted = Q(state=ReviewState.ACCEPTED)
        if user.role in MEMBER_ROLES:
            shared = accepted & Q(reach__in=(Reach.ALLIANCE, Reach.OPEN))
            return visible.filter(shared | Q(participates(user, "project")))
        return visible.filter(accepted, reach=Reach.OPEN)
    if action == ASK:
        if user.role not in MEMBER_ROLES or queryset.model is not Result:
            return queryset.none()
        seen = _shared_work(queryset, user, VIEW).filter(state=ReviewState.ACCEPTED)
        return seen.exclude(owner_id=user.organization_id)
    return _reviewed_work(queryset, user, action)


def _contact_requests(queryset, user, action):
    """A contact request is seen by who asked and by the owner organization's members; the owner's editors answer
    it while it waits."""
    organization = _member_organization(user)
    if action == VIEW:
        return queryset.filter(Q(requester=user) | Q(result__owner_id=organization))
    if action == ANSWER:
        answerable = queryset.filter(result__owner_id=organization, state=ContactState.PENDING)
        return _all_or_none(answerable, user.role == Role.MEMBER_EDITOR)
    return queryset.none()


def _barriers(queryset, user, action):
    """Every signed-in user follows the alliance's barriers (their project links are restricted on their own);
    ministry administrators change their status."""
    if action == VIEW:
        return queryset
    if action == CHANGE:
        return _all_or_none(queryset, user.role == Role.MINISTRY_ADMIN)
    return queryset.none()


def _import_previews(queryset, user, action):
    """An import's preview is its uploader's, while they may still change the project (an organization's workbook
    names a project in each row, each held to the policy when checked); applying it is changing."""
    if action not in (VIEW, CHANGE):
        return queryset.none()
    mine = queryset.filter(uploaded_by=user)
    projects = restrict(Project.objects.all(), user, CHANGE)
    if not projects.query.has_filters():
        return mine
    return mine.filter(Q(project__isnull=True) | Q(project__in=projects))


def _reports(queryset, user, action):
    """Ministry staff see every report; members the monthly reports of projects their organization takes part
    in; partners none."""
    if action != VIEW:
        return queryset.none()
    if user.role in MINISTRY_ROLES:
        return queryset
    if user.role in MEMBER_ROLES:
        return queryset.filter(participates(user, "project"))
    return queryset.none()


def _attachable(queryset, user):
    """Where documents may be attached: a project's library and milestones by whoever changes the project, a status
    update while its editors may still change it (draft or returned: evidence is reviewed with it), a barrier by
    ministry administrators and the member editors of a project it blocks, a meeting by whoever writes its group's
    minutes (its members' editors, the chair's, the liaison, ministry administrators)."""
    model = queryset.model
    if model is Meeting:
        return queryset.filter(group__in=_groups_written_for(user).values("pk"))
    if model is StatusUpdate:
        return restrict(queryset.filter(state__in=EDITABLE_STATES), user, CHANGE)
    if model is PolicyBarrier:
        if user.role == Role.MINISTRY_ADMIN:
            return queryset
        return queryset.filter(projects__in=restrict(Project.objects.all(), user, CHANGE)).distinct()
    return restrict(queryset, user, CHANGE)  # projects, milestones


def _documents(queryset, user, action):
    """A document goes with what it is attached to: seen by whoever sees that (a confidential one — the default —
    only by the ministry and the project's participants, for a barrier the participants of a project it blocks, for
    a meeting its group's members); a new version by whoever may attach there; deleted by its uploader (while they
    may attach there) or a ministry administrator, and restored by them within ``DOCUMENT_RESTORE_DAYS``."""
    seen = _documents_seen(queryset, user)
    if action == VIEW:
        return seen.live()
    if action == CHANGE:
        return queryset.live().filter(_attached_where(user, _attachable))
    if action in (DELETE, RESTORE):
        if user.role == Role.MINISTRY_ADMIN:
            removable = Q(pk__in=seen.values("pk"))
        else:
            removable = Q(uploaded_by=user) & _attached_where(user, _attachable)
        if action == DELETE:
            return queryset.live().filter(removable)
        since = timezone.now() - datetime.timedelta(days=settings.DOCUMENT_RESTORE_DAYS)
        return queryset.deleted().filter(removable, deleted_at__gte=since)
    return queryset.none()


def _attached_where(user, rule: Callable) -> Q:
    """Documents whose parent is in ``rule(parents, user)``."""
    return (
        Q(attached_to=AttachedTo.PROJECT, project__in=rule(Project.objects.all(), user))
        | Q(attached_to=AttachedTo.STATUS_UPDATE, status_update__in=rule(StatusUpdate.objects.all(), user))
        | Q(attached_to=AttachedTo.MILESTONE, milestone__in=rule(Milestone.objects.all(), user))
        | Q(attached_to=AttachedTo.BARRIER, barrier__in=rule(PolicyBarrier.objects.all(), user))
        | Q(attached_to=AttachedTo.MEETING, meeting__in=rule(Meeting.objects.all(), user))
    )


def _documents_seen(queryset, user):
    seen = queryset.filter(_attached_where(user, restrict))
    if user.role in MINISTRY_ROLES:
        return seen
    organization = _member_organization(user)
    blocked = ProjectParticipant.objects.filter(
        project__policy_barriers=OuterRef("barrier"), organization_id=organization
    )
    in_group = Q(meeting__group__in=WorkingGroup.objects.filter(_in_group(user)).values("pk"))
    return seen.filter(Q(confidential=False) | Q(participates(user, "project")) | Q(Exists(blocked)) | in_group)


def _webhook_endpoints(queryset, user, action):
    """Owners manage their own endpoints; ministry administrators see every endpoint and may switch any off."""
    overseer = user.role == Role.MINISTRY_ADMIN
    if action in (VIEW, DISABLE):
        return queryset if overseer else queryset.filter(owner=user)
    if action == CHANGE:
        return queryset.filter(owner=user)
    if action == LIFT:  # another administrator's word, never the owner's own
        return queryset.exclude(owner=user) if overseer else queryset.none()
    return queryset.none()


def chat_channels_of(user, organization) -> models.QuerySet | None:
    """The chat channels the people of ``organization`` set up: a channel speaks to a team, so the organization's
    own people (and ministry administrators) know each is there — its owner, format and events, the URL masked; only
    its owner manages it. None: not the user's to see."""
    if not _active(user) or (user.role != Role.MINISTRY_ADMIN and _member_organization(user) != organization.pk):
        return None
    return Endpoint.objects.filter(owner__organization=organization).exclude(format=Endpoint.Format.STANDARD)


def _webhook_deliveries(queryset, user, action):
    """A delivery goes with its endpoint: seen by whoever sees the endpoint, sent again by its owner."""
    return queryset.filter(endpoint__in=restrict(Endpoint.objects.all(), user, action))


def _notifications(queryset, user, action):
    """One's notifications are one's own: seen and marked read by their recipient only (what each carries was cut
    for them by this policy and the field map when it was made)."""
    return queryset.filter(recipient=user) if action in (VIEW, CHANGE) else queryset.none()


def _saved_views(queryset, user, action):
    """A saved view is its owner's to change; seen by its owner and, when shared, by the owner's organization (the
    ministry's staff for a ministry view). Running it shows each viewer what this policy lets them see."""
    if action == VIEW:
        if user.organization_id is not None:
            colleagues = Q(owner__organization_id=user.organization_id)
        elif user.role in MINISTRY_ROLES:
            colleagues = Q(owner__role__in=MINISTRY_ROLES)
        else:
            colleagues = Q(pk__in=[])
        return queryset.filter(Q(owner=user) | (Q(shared=True) & colleagues))
    if action in (CHANGE, DELETE):
        return queryset.filter(owner=user)
    return queryset.none()


# -- working groups ---------------------------------------------------------------------------------------------------


def _in_group(user) -> Q:
    """Groups the user's organization chairs or belongs to (none for ministry staff and partners)."""
    organization = _member_organization(user)
    if organization is None:
        return Q(pk__in=[])
    return Q(chair_id=organization) | Q(members=organization)


def annotate_group_audience(queryset: models.QuerySet, user, group_ref: str) -> models.QuerySet:
    """``audience`` on each row for the group at ``group_ref`` (see ``group_audience``), in the row's query."""
    who: models.Expression = Value(audience(user) if _active(user) else PARTNER)
    if _active(user) and user.role in MEMBER_ROLES:
        theirs = WorkingGroup.objects.filter(_in_group(user)).values("pk")
        who = Case(When(**{f"{group_ref}__in": theirs}, then=Value(PARTICIPANT)), default=Value(MEMBER))
    return queryset.annotate(audience=models.ExpressionWrapper(who, output_field=models.CharField()))


def group_audience(user, group: WorkingGroup) -> str:
    """The field map's audience of ``user`` for a group's work: ``participant`` for its chair's and members' people."""
    if user.role in MEMBER_ROLES and WorkingGroup.objects.filter(_in_group(user), pk=group.pk).exists():
        return PARTICIPANT
    return audience(user)


def _groups_seen(user) -> models.QuerySet:
    groups = WorkingGroup.objects.all()
    if user.role in MINISTRY_ROLES:
        return groups
    if user.role in MEMBER_ROLES:
        return groups.filter(Q(is_open=True) | _in_group(user)).distinct()
    return groups.none()


def _groups_led(user) -> models.QuerySet:
    """Groups whose meetings the user schedules (and whose minutes they approve): ministry administrators all, the
    group's ministry liaison, and the chair organization's member editors."""
    groups = WorkingGroup.objects.all()
    if user.role == Role.MINISTRY_ADMIN:
        return groups
    if user.role == Role.MEMBER_EDITOR:
        return groups.filter(chair_id=user.organization_id)
    return groups.filter(liaison=user)


def _groups_written_for(user) -> models.QuerySet:
    """Groups whose minutes and action items the user writes: those who lead it and its members' editors."""
    led = _groups_led(user)
    if user.role != Role.MEMBER_EDITOR:
        return led
    return WorkingGroup.objects.filter(_in_group(user)).distinct()


def writes_for_group(user, group: WorkingGroup) -> bool:
    """The one rule for who writes a group's minutes and records its action items, before the row exists (pages and
    the API alike; ``_minutes``' and ``_of_groups``' CHANGE rules for the rows that exist)."""
    return _active(user) and _groups_written_for(user).filter(pk=group.pk).exists()


def _working_groups(queryset, user, action):
    """Ministry staff see every group, alliance members the open ones and those their organization chairs or
    belongs to, partners none. Who leads a group changes it (schedules its meetings)."""
    if action == VIEW:
        return queryset.filter(pk__in=_groups_seen(user).values("pk"))
    if action == CHANGE:
        return queryset.filter(pk__in=_groups_led(user).values("pk"))
    return queryset.none()


def _of_groups(group_field: str) -> Callable:
    """Meetings, agenda items and action items go with their group; the group's writers change action items, its
    leaders meetings and agendas."""

    def rule(queryset, user, action):
        if action == VIEW:
            return queryset.filter(**{f"{group_field}__in": _groups_seen(user).values("pk")})
        if action == CHANGE:
            writers = _groups_written_for if queryset.model is ActionItem else _groups_led
            return queryset.filter(**{f"{group_field}__in": writers(user).values("pk")})
        return queryset.none()

    return rule


def _minutes(queryset, user, action):
    """Minutes go with their group (closed groups' only to their members and the ministry); a draft only to those
    who write them. Its members' editors write and submit; the chair's editors, the liaison and ministry
    administrators approve what someone else wrote."""
    if action == VIEW:
        seen = queryset.filter(meeting__group__in=_groups_seen(user).values("pk"))
        written = Q(meeting__group__in=_groups_written_for(user).values("pk"))
        return seen.filter(~Q(state=ReviewState.DRAFT) | written)
    if action == CHANGE:
        return queryset.filter(meeting__group__in=_groups_written_for(user).values("pk"))
    if action == REVIEW:
        submitted = queryset.filter(state=ReviewState.SUBMITTED).exclude(author=user)
        return submitted.filter(meeting__group__in=_groups_led(user).values("pk"))
    return queryset.none()


def _calendar_feeds(queryset, user, action):
    """One's own feeds, to see and revoke."""
    return queryset.filter(user=user) if action in (VIEW, CHANGE) else queryset.none()


RULES: dict[type[models.Model], Callable] = {
    Project: _projects,
    Milestone: _of_projects("project"),
    Indicator: _of_projects("project"),
    IndicatorValue: _of_projects("indicator__project"),
    StatusUpdate: _status_updates,
    PolicyBarrier: _barriers,
    Report: _reports,
    Endpoint: _webhook_endpoints,
    Checklist: _checklists,
    Question: _questions,
    Assessment: _assessments,
    Answer: _answers,
    Delivery: _webhook_deliveries,
    Document: _documents,
    BudgetPlan: _budget_plans,
    Execution: _executions,
    ImportPreview: _import_previews,
    Notification: _notifications,
    SavedView: _saved_views,
    WorkingGroup: _working_groups,
    Meeting: _of_groups("group"),
    AgendaItem: _of_groups("meeting__group"),
    ActionItem: _of_groups("group"),
    Minutes: _minutes,
    CalendarFeed: _calendar_feeds,
    Result: _shared_work,
    Lesson: _shared_work,
    ContactRequest: _contact_requests,
}


def restrict(queryset: models.QuerySet, user, action: str = VIEW) -> models.QuerySet:
    """The part of ``queryset`` that ``user`` may ``action``; nothing for the signed-out or deactivated.

    ``queryset`` may also be a model's history (django-simple-history): each recorded version is then judged like
    the object in that state, so a draft's versions stay hidden from whoever may not see drafts."""
    if not _active(user):
        return queryset.none()
    model = getattr(queryset.model, "instance_type", queryset.model)  # a history table: its model's rule
    if action == ATTACH:
        return _attachable(queryset, user)
    return RULES[model](queryset, user, action)


def can(user, action: str, obj: models.Model | None = None) -> bool:
    """Whether ``user`` may ``action`` ``obj`` (the same rule as ``restrict``), or has the site-wide ability
    ``action`` when no object is given."""
    if not _active(user):
        return False
    if obj is None:
        if action == RAISE:  # a barrier is raised by a member editor for projects their organization changes
            return user.role == Role.MEMBER_EDITOR and restrict(Project.objects.all(), user, CHANGE).exists()
        return user.role in ABILITIES[action]
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


# -- who is told: the people a rule points at (mail recipients) -------------------------------------------------------


def participants_of(projects) -> models.QuerySet:
    """The active members of the organizations taking part in ``projects`` (project ids or a queryset)."""
    organizations = ProjectParticipant.objects.filter(project__in=projects).values("organization_id")
    return User.objects.filter(is_active=True, role__in=MEMBER_ROLES, organization_id__in=organizations)


def editors_of(projects) -> models.QuerySet:
    """The active member editors of the organizations taking part in ``projects``: who may change them."""
    return participants_of(projects).filter(role=Role.MEMBER_EDITOR)


def editors_at(organization_id: int | None) -> models.QuerySet:
    """The active member editors of one organization."""
    return User.objects.filter(is_active=True, role=Role.MEMBER_EDITOR, organization_id=organization_id)


def told_of_review(author) -> set:
    """Who hears of a review of someone's work (a status update, an AI-ethics check): the author, while active and
    with an address, and the active member editors of the author's organization with an address."""
    people = {author} if author.is_active and author.email else set()
    if author.organization_id:
        people |= set(editors_at(author.organization_id).exclude(email=""))
    return people


def holders_of(ability: str) -> models.QuerySet:
    """The active users who have a site-wide ability (e.g. administrators, told of a failed job)."""
    return User.objects.filter(is_active=True, role__in=ABILITIES[ability])
