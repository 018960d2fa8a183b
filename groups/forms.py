"""The groups app's forms: scheduling a meeting (its agenda items each linked to one of the group's barriers or
projects, or to nothing), writing minutes (a note per agenda item), recording an action item, changing its
status, opening and revoking calendar feeds."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.pages import VersionedForm
from groups.models import ActionStatus, Meeting, WorkingGroup

AGENDA_ROWS = 5
TEXT_MAX_LENGTH = 10_000
NO_LINK = ("", _("— nothing —"))


def link_choices(barriers, projects) -> list[tuple[str, str]]:
    """What an agenda or action item may serve: ``barrier:<pk>`` or ``project:<pk>``."""
    return (
        [NO_LINK]
        + [(f"barrier:{b.pk}", f"{_('Barrier')}: {b.title}") for b in barriers]
        + [(f"project:{p.pk}", f"{p.code} {p.title}") for p in projects]
    )


def linked(value: str, barriers, projects) -> dict:
    """The ``barrier``/``project`` keyword of a chosen link (an empty dict for none)."""
    kind, _sep, pk = value.partition(":")
    if kind == "barrier":
        return {"barrier": next(b for b in barriers if str(b.pk) == pk)}
    if kind == "project":
        return {"project": next(p for p in projects if str(p.pk) == pk)}
    return {}


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts (Asia/Seoul)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=15, max_value=600, initial=90)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False, max_length=200, assume_scheme="https")

    def __init__(self, *args, barriers=(), projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.barriers, self.projects = list(barriers), list(projects)
        choices = link_choices(self.barriers, self.projects)
        for row in range(1, AGENDA_ROWS + 1):
            self.fields[f"item_{row}"] = forms.CharField(
                label=_("Agenda item %(n)d") % {"n": row}, max_length=300, required=row == 1
            )
            self.fields[f"link_{row}"] = forms.ChoiceField(
                label=_("About (item %(n)d)") % {"n": row}, choices=choices, required=False
            )

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if not 2000 <= starts_at.year <= 2100:
            raise forms.ValidationError(_("Choose a day between 2000 and 2100."))
        return starts_at

    def clean(self):
        data = super().clean()
        if not (data.get("place") or data.get("video_link")):
            raise forms.ValidationError(_("Give a place or a video link."))
        return data

    def agenda(self) -> list[dict]:
        """(title, link) of each agenda row filled in, in order."""
        rows = []
        for row in range(1, AGENDA_ROWS + 1):
            title = self.cleaned_data.get(f"item_{row}", "").strip()
            if title:
                rows.append({"title": title, **linked(self.cleaned_data[f"link_{row}"], self.barriers, self.projects)})
        return rows

    def meeting(self, group: WorkingGroup) -> Meeting:
        data = self.cleaned_data
        starts_at = data["starts_at"]
        return Meeting(group=group, title=data["title"], starts_at=starts_at, place=data["place"],
                       video_link=data["video_link"],
                       ends_at=starts_at + datetime.timedelta(minutes=data["duration_minutes"]))  # fmt: skip


class MinutesForm(forms.Form):
    """The minutes' text: a summary, a note per agenda item (``note_<item id>``) and the decisions."""

    summary = forms.CharField(label=_("Summary"), required=False, max_length=TEXT_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    decisions = forms.CharField(label=_("Decisions"), required=False, max_length=TEXT_MAX_LENGTH,
                                widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, agenda=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.agenda = list(agenda)
        for item in self.agenda:
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=f"{item.order}. {item.title}", required=False, max_length=TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
            )  # fmt: skip

    def notes(self) -> dict[str, str]:
        return {str(item.pk): self.cleaned_data.get(f"note_{item.pk}", "") for item in self.agenda}


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.ChoiceField(label=_("Owner"), help_text=_("A person, or an organization as a whole."))
    due_date = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))
    link = forms.ChoiceField(label=_("Serves"), required=False)

    def __init__(self, *args, people=(), organizations=(), barriers=(), projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people, self.organizations = list(people), list(organizations)
        self.barriers, self.projects = list(barriers), list(projects)
        self.fields["owner"].choices = [
            (f"user:{u.pk}", u.get_full_name() or u.get_username()) for u in self.people
        ] + [(f"organization:{o.pk}", o.name) for o in self.organizations]
        self.fields["link"].choices = link_choices(self.barriers, self.projects)

    def owner_fields(self) -> dict:
        kind, _sep, pk = self.cleaned_data["owner"].partition(":")
        if kind == "user":
            return {"owner": next(u for u in self.people if str(u.pk) == pk)}
        return {"owner_organization": next(o for o in self.organizations if str(o.pk) == pk)}

    def serves(self) -> dict:
        return linked(self.cleaned_data.get("link", ""), self.barriers, self.projects)


class AttendanceForm(VersionedForm):
    """Who of the invited attended the meeting."""

    attended = forms.ModelMultipleChoiceField(label=_("Attended"), queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple)  # fmt: skip

    def __init__(self, *args, invited=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = invited
        self.fields["attended"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class ActionStatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class FeedForm(forms.Form):
    """Open a new secret calendar address: one's own calendar, or one group's."""

    group = forms.ModelChoiceField(label=_("Calendar"), queryset=WorkingGroup.objects.none(), required=False,
                                   empty_label=_("My meetings and action items"))  # fmt: skip

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        if groups is not None:
            self.fields["group"].queryset = groups
