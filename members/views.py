from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from access import policy
from access.policy import restrict
from core.listing import filtered_page
from core.parameters import plain_text
from core.rows import streamed
from core.spreadsheets import csv_stream
from members import two_factor
from members.filters import AuditEventFilter, OrganizationFilter
from members.language import CHOSEN
from members.models import AuditEvent, Organization, User
from projects.models import Project, ProjectParticipant


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language; for a signed-in user it is saved and follows them to every device."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language not in dict(User.Language.choices):
        return response
    if request.user.is_authenticated:
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language", "updated_at"])
    else:  # saved on the account at sign-in (members.language), so the account's older choice does not undo it
        request.session[CHOSEN] = language
    response.set_cookie("django_language", language, max_age=365 * 24 * 3600, samesite="Lax")
    return response


class ProfileForm(forms.ModelForm):
    """Name, e-mail and language; a new e-mail address (where reset links go) needs the current password."""

    current_password = forms.CharField(
        label=gettext_lazy("Current password"),
        widget=forms.PasswordInput,
        required=False,
        max_length=4096,
        help_text=gettext_lazy("Needed only to change your e-mail address."),
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "preferred_language"]

    def clean(self):
        cleaned = super().clean()
        if "email" in self.changed_data and not User.objects.get(pk=self.instance.pk).check_password(
            cleaned.get("current_password") or ""
        ):
            self.add_error("current_password", _("Enter your current password to change your e-mail address."))
        return cleaned


def _tell_old_address(user: User, old_email: str) -> None:
    """A notice to the address that stops receiving the account's mail, so a takeover does not go unseen."""
    with translation.override(user.preferred_language):
        subject = _("The e-mail address of your portal account was changed")
        body = _(
            "The address of the account %(username)s is now %(email)s. If this was not you, tell the ministry's "
            "administrators at once."
        ) % {"username": user.get_username(), "email": user.email}
    send_mail(subject, body, None, [old_email], fail_silently=True)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    old_email = request.user.email
    if request.method == "POST" and form.is_valid():
        form.save()
        if old_email and old_email != form.instance.email:
            _tell_old_address(request.user, old_email)
        translation.activate(form.cleaned_data["preferred_language"])
        messages.success(request, _("Profile saved."))
        return redirect("profile")
    context = {"form": form}
    if two_factor.is_required(request.user):
        context["authenticator"] = two_factor.authenticator(request.user)
        context["recovery_codes_left"] = two_factor.remaining_recovery_codes(request.user)
    return render(request, "members/profile.html", context)


@login_required
@require_safe
def organization_list(request: HttpRequest) -> HttpResponse:
    project_count = (
        ProjectParticipant.objects.filter(organization=OuterRef("pk"))
        .order_by()
        .values("organization")
        .annotate(n=Count("pk"))
        .values("n")
    )
    organizations = Organization.objects.filter(is_active=True).annotate(
        project_count=Coalesce(Subquery(project_count), 0)
    )
    listing = filtered_page(request, OrganizationFilter, organizations.order_by("tier", "name_ko"))
    return render(request, "members/organization_list.html", listing.context())


SUGGESTIONS = 20


@login_required
@require_safe
def organization_suggest(request: HttpRequest) -> HttpResponse:
    """Up to 20 organizations whose name or slug contains the text typed, as ``<option>``s for a datalist
    (``OrganizationSearchInput``). The text is the request's one parameter, named after the field asking."""
    text = plain_text(next(iter(request.GET.values()), ""))
    organizations = Organization.objects.filter(is_active=True).order_by("name_ko")
    if text:
        organizations = organizations.filter(
            Q(name_ko__icontains=text) | Q(name_en__icontains=text) | Q(slug__icontains=text)
        )
    return render(request, "members/_organization_options.html", {"organizations": organizations[:SUGGESTIONS]})


@login_required
@require_safe
def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    today = timezone.localdate()
    projects = restrict(Project.objects.taking_part(organization.pk), request.user).listed(today)
    people = (
        organization.users.filter(is_active=True).order_by("username")
        if policy.can(request.user, "see_people")
        else None
    )
    return render(
        request,
        "members/organization_detail.html",
        {
            "organization": organization,
            "projects": projects,
            "people": people,
            "sees_channels": policy.chat_channels_of(request.user, organization) is not None,
        },
    )


def _audit_events(request: HttpRequest):
    if not policy.can(request.user, "see_audit_log"):
        raise Http404
    return AuditEvent.objects.all()  # newest first (Meta.ordering)


@login_required
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    """Sign-ins and failures, refusals, tokens and data changes, newest first, for ministry staff."""
    listing = filtered_page(request, AuditEventFilter, _audit_events(request), page_size=50)
    return render(request, "members/audit_log.html", listing.context())


@login_required
@require_safe
def audit_log_csv(request: HttpRequest) -> HttpResponse:
    """The filtered audit log as CSV, streamed (it can be long)."""
    events = AuditEventFilter(request.GET, queryset=_audit_events(request))
    rows = (
        [timezone.localtime(e.at).isoformat(), e.get_kind_display(), e.username, e.ip_address, e.subject, e.detail,
         e.request_id]
        for e in streamed(events.qs if events.is_valid() else events.queryset.none())
    )  # fmt: skip
    header = [_("Time"), _("Event"), _("Username"), _("Address"), _("Subject"), _("Detail"), _("Request id")]
    return csv_stream("audit-log", header, rows)
