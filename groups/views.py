"""Pages of the working groups: the list, a group's page (meetings, open action items, barriers, projects),
scheduling a meeting, a meeting's page (agenda, documents, attendance recorded, minutes written, submitted and
approved there, action items recorded), an action item's status, calendar feeds and "add to calendar". Partners see
none of it (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import policy
from access.policy import CHANGE, REVIEW, restrict
from core import pages, reviewed
from core.pages import ReviewForm
from core.parameters import whole_number
from core.reviewed import EDITABLE_STATES, FourEyes
from core.versions import StaleVersion
from groups import ical, selectors, services
from groups.forms import ActionItemForm, ActionStatusForm, AttendanceForm, FeedForm, MeetingForm, MinutesForm
from groups.models import ActionItem, ActionStatus, CalendarFeed, Meeting, Minutes, WorkingGroup
from projects.models import PolicyBarrier, Project

ICS = "text/calendar; charset=utf-8"


def _seeing_groups(request: HttpRequest) -> None:
    if not policy.can(request.user, "see_groups"):
        raise Http404


def _group(request: HttpRequest, slug: str, action: str = policy.VIEW) -> WorkingGroup:
    _seeing_groups(request)
    return get_object_or_404(restrict(WorkingGroup.objects.select_related("chair", "liaison"), request.user, action),
                             slug=slug)  # fmt: skip


def _links(group: WorkingGroup, user) -> tuple[list, list]:
    """The group's barriers and the projects it follows that the user sees (what agenda and action items serve)."""
    barriers = restrict(PolicyBarrier.objects.filter(working_groups=group), user).order_by("pk")
    projects = restrict(Project.objects.filter(working_groups=group), user).order_by("code")
    return list(barriers), list(projects)


@login_required
@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    _seeing_groups(request)
    return render(request, "groups/group_list.html", {"groups": selectors.groups(request.user)})


@login_required
@require_GET
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group(request, slug)
    user, today = request.user, timezone.localdate()
    items = selectors.marked(selectors.action_items(user, group=group, status="open").order_by("due_date", "pk"), today)
    barriers, projects = _links(group, user)
    context = {
        "group": group,
        "members": group.members.order_by("name_ko"),
        "meetings": selectors.meetings(user, group=group).order_by("-starts_at", "pk"),
        "items": items,
        "barriers": barriers,
        "projects": projects,
        "can_schedule": policy.can(user, CHANGE, group),
        "statuses": ActionStatus.choices,
    }
    return render(request, "groups/group_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_schedule(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group(request, slug, CHANGE)
    barriers, projects = _links(group, request.user)
    form = MeetingForm(request.POST or None, barriers=barriers, projects=projects)
    if request.method == "POST" and form.is_valid():
        agenda = [services.Item(**row) for row in form.agenda()]
        try:
            meeting = services.schedule_meeting(form.meeting(group), agenda, selectors.group_people(group))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Meeting scheduled; the group's people are invited."))
            return redirect("meeting_detail", pk=meeting.pk)
    return render(request, "groups/meeting_form.html", {"group": group, "form": form})


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    _seeing_groups(request)
    meetings = restrict(Meeting.objects.select_related("group", "group__chair"), request.user)
    return get_object_or_404(meetings.prefetch_related(selectors.agenda_prefetch()), pk=pk)


def _minutes_seen(meeting: Meeting, user) -> Minutes | None:
    return restrict(Minutes.objects.filter(meeting=meeting), user).select_related("author", "reviewer").first()


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    user, group = request.user, meeting.group
    minutes = _minutes_seen(meeting, user)
    writes = policy.writes_for_group(user, group)
    forms = _forms(request, meeting, minutes, writes)
    if request.method == "POST":
        done = _act(request, meeting, minutes, forms)
        if done:
            return redirect("meeting_detail", pk=meeting.pk)
    today = timezone.localdate()
    items = selectors.marked(selectors.action_items(user, meeting=meeting).order_by("due_date", "pk"), today)
    if minutes is not None:
        minutes.audience = policy.group_audience(user, group)
    notes = (minutes.item_notes if minutes else {}) or {}
    agenda = [(item, notes.get(str(item.pk), "")) for item in meeting.agenda.all()]
    context = {
        "meeting": meeting,
        "group": group,
        "agenda": agenda,
        "minutes": minutes,
        "items": items,
        "attended": meeting.attended.order_by("username"),
        "statuses": ActionStatus.choices,
        **forms,
    }
    return render(request, "groups/meeting_detail.html", context)


def _forms(request: HttpRequest, meeting: Meeting, minutes: Minutes | None, writes: bool) -> dict:
    """The meeting page's forms the user may use, bound to the POST of the one they sent."""
    user, group = request.user, meeting.group
    sent = request.POST.get("action") if request.method == "POST" else None

    def bound(name: str):
        return request.POST if sent == name else None

    editable = writes and (minutes is None or minutes.state in EDITABLE_STATES)
    forms = {"minutes_form": None, "submit_form": None, "review_form": None, "action_form": None,
             "attendance_form": None}  # fmt: skip
    if meeting.starts_at <= timezone.now() and policy.can(user, CHANGE, meeting):
        forms["attendance_form"] = AttendanceForm(bound("attendance"), invited=meeting.invited.order_by("username"),
                                                  initial={"version": meeting.version,
                                                           "attended": list(meeting.attended.all())})  # fmt: skip
    if editable:
        initial = {}
        if minutes is not None:
            initial = {"summary": minutes.summary, "decisions": minutes.decisions, "version": minutes.version}
            initial |= {f"note_{key}": text for key, text in minutes.item_notes.items()}
        forms["minutes_form"] = MinutesForm(bound("save"), initial=initial, agenda=meeting.agenda.all())
        barriers, projects = _links(group, user)
        people, organizations = selectors.group_people(group), [group.chair, *group.members.order_by("name_ko")]
        forms["action_form"] = ActionItemForm(bound("action"), people=people, organizations=organizations,
                                              barriers=barriers, projects=projects)  # fmt: skip
        if minutes is not None:
            forms["submit_form"] = pages.VersionedForm(bound("submit"), initial={"version": minutes.version})
    if minutes is not None and policy.can(user, REVIEW, minutes):
        forms["review_form"] = ReviewForm(bound("review"), initial={"version": minutes.version})
    return forms


def _act(request: HttpRequest, meeting: Meeting, minutes: Minutes | None, forms: dict) -> bool:
    """Do what the POST asks (save or submit the minutes, decide on them, record an action item or the attendance);
    True when done."""
    names = {"save": "minutes_form", "submit": "submit_form", "review": "review_form", "action": "action_form",
             "attendance": "attendance_form"}  # fmt: skip
    sent = request.POST.get("action", "")
    form = forms.get(names.get(sent, ""))
    if form is None:
        raise Http404
    if not form.is_valid():
        return False
    data, user = form.cleaned_data, request.user
    try:
        if sent == "save":
            work = minutes or services.minutes_of(meeting, user)
            work.summary, work.decisions, work.item_notes = data["summary"], data["decisions"], form.notes()
            services.save_minutes(work, user, expected_version=data["version"])
            messages.success(request, _("Minutes saved."))
        elif sent == "submit":
            reviewed.submit(minutes, by=user, expected_version=data["version"])
            messages.success(request, _("Minutes submitted for approval."))
        elif sent == "attendance":
            services.record_attendance(meeting, data["attended"], user, expected_version=data["version"])
            messages.success(request, _("Attendance recorded."))
        elif sent == "review":
            if not pages.decide(request, minutes, form):
                return False
            messages.success(request, _("Decision saved."))
        else:
            item = ActionItem(meeting=meeting, title=data["title"], due_date=data["due_date"], **form.owner_fields(),
                              **form.serves())  # fmt: skip
            services.record_action_item(item, user)
            messages.success(request, _("Action item recorded."))
    except (StaleVersion, FourEyes, ValidationError) as error:
        pages.refused(request, error, form)
        return False
    return True


@login_required
@require_POST
def action_item_status(request: HttpRequest, pk: int) -> HttpResponse:
    _seeing_groups(request)
    item = get_object_or_404(restrict(ActionItem.objects.select_related("group"), request.user, CHANGE), pk=pk)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
    else:
        try:
            services.set_action_status(item, form.cleaned_data["status"], request.user,
                                       expected_version=form.cleaned_data["version"])  # fmt: skip
            messages.success(request, _("Action item updated."))
        except (StaleVersion, ValidationError) as error:
            pages.refused(request, error)
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("group_detail", slug=item.group.slug)


@login_required
@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Add to calendar": the meeting as an iCalendar file."""
    meeting = _meeting(request, pk)
    response = HttpResponse(ical.meeting_file(meeting), content_type=ICS)
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feeds(request: HttpRequest) -> HttpResponse:
    """One's secret calendar addresses: open a new one (shown once), revoke one."""
    _seeing_groups(request)
    user = request.user
    form = FeedForm(request.POST or None, groups=restrict(WorkingGroup.objects.all(), user))
    if request.method == "POST":
        revoke = request.POST.get("revoke")
        if revoke:
            feed = get_object_or_404(restrict(CalendarFeed.objects.all(), user, CHANGE), pk=_whole(revoke))
            services.revoke_feed(feed)
            messages.success(request, _("The address is revoked: calendars using it get nothing more."))
            return redirect("calendar_feeds")
        if form.is_valid():
            _feed, token = services.open_feed(user, form.cleaned_data["group"])
            address = request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": token}))
            messages.success(
                request, _("Your new calendar address (shown only once): %(address)s") % {"address": address}
            )
            return redirect("calendar_feeds")
    feeds = restrict(CalendarFeed.objects.select_related("group"), user).filter(revoked_at__isnull=True)
    return render(request, "groups/calendar_feeds.html", {"form": form, "feeds": feeds})


def _whole(value: str) -> int:
    number = whole_number(value)
    if number is None:
        raise Http404
    return number


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A feed by its secret address (no sign-in: calendar programs have none); 404 once revoked. What it holds is
    what its owner may see now, in their language."""
    feed = services.feed_for(token)
    if feed is None or not policy.can(feed.user, "see_groups"):
        raise Http404
    if feed.group is not None and not policy.can(feed.user, policy.VIEW, feed.group):
        raise Http404
    with translation.override(feed.user.preferred_language):  # the owner's language: the program sends none
        body = ical.personal_feed(feed.user) if feed.group is None else ical.group_feed(feed.group, feed.user)
    response = HttpResponse(body, content_type=ICS)
    response["Cache-Control"] = "private, no-store"
    return response
