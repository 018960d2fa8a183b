"""Which fields each audience sees: the one field-visibility map.

Serializers, CSV/XLSX exports, history pages, report builders and templates (``{% if obj|sees:"field" %}``) all
read it. A field that is not listed here is seen by everyone who may see its object (``access.policy`` decides
which objects); a listed field only by the audiences named. Adding a confidential field is one line below.

Audiences, widest first: ``public`` (open data: anyone, no sign-in), ``partner`` (research institutes and agencies
with API tokens), ``member`` (of the alliance), ``participant`` (a member whose organization takes part in the
project), ``ministry``.

The public is the one audience that sees only what is named: ``PUBLISHED`` lists, per model, the fields open data
may carry (and ``FIELDS`` can still withhold one of them). Everything the ``opendata`` app publishes — its pages,
files, API and feed — is built from these columns.
"""

from __future__ import annotations

PUBLIC, PARTNER, MEMBER, PARTICIPANT, MINISTRY = "public", "partner", "member", "participant", "ministry"
AUDIENCES = (PUBLIC, PARTNER, MEMBER, PARTICIPANT, MINISTRY)

# Money, risks, support requests, AI-ethics answers and the ministry's review: the project's participants and the
# ministry only.
CONFIDENTIAL = frozenset({PARTICIPANT, MINISTRY})

FIELDS: dict[str, dict[str, frozenset[str]]] = {
    "projects.project": {
        "government_budget_krw": CONFIDENTIAL,
        "private_budget_krw": CONFIDENTIAL,
    },
    "projects.projectfigures": {  # the stored money figures (``money.figures``)
        "money_year": CONFIDENTIAL,
        "year_planned_krw": CONFIDENTIAL,
        "year_funds_krw": CONFIDENTIAL,
        "year_spent_krw": CONFIDENTIAL,
        "execution_rate": CONFIDENTIAL,
        "spent_to_date_krw": CONFIDENTIAL,
    },
    "projects.statusupdate": {
        "risks_and_issues": CONFIDENTIAL,
        "support_requested": CONFIDENTIAL,
        "review_comment": CONFIDENTIAL,
        "reviewer": CONFIDENTIAL,
    },
    # AI-ethics answers and their review (the policy already shows assessments to no one else: kept here so that
    # every output that writes these fields asks the same map)
    "assessments.assessment": {
        "review_comment": CONFIDENTIAL,
        "reviewer": CONFIDENTIAL,
    },
    # a group's minutes: its returned minutes' comment for the group's own people (``participant``) and the ministry
    "groups.minutes": {
        "review_comment": CONFIDENTIAL,
    },
    "assessments.answer": {
        "note": CONFIDENTIAL,  # the answer itself (yes/partly/no) is never shown apart from its assessment
    },
    # the ministry's review of results and lessons (everything else of them: who sees the row, ``access.policy``)
    "results.result": {
        "review_comment": CONFIDENTIAL,
        "reviewer": CONFIDENTIAL,
    },
    "results.lesson": {
        "review_comment": CONFIDENTIAL,
        "reviewer": CONFIDENTIAL,
    },
}


# What open data publishes of an "open data" project (a foreign key publishes its object's name). The ministry
# decides per publication whether the self-reported rating (``statusupdate.rag``) goes out.
PUBLISHED: dict[str, tuple[str, ...]] = {
    "projects.project": (
        "code", "title_ko", "title_en", "summary_ko", "summary_en", "area", "phase", "start_date", "end_date",
        "lead_organization",
    ),
    "projects.projectparticipant": ("organization", "role"),
    "projects.statusupdate": ("period", "progress_percent", "rag"),
    "projects.milestone": ("title_ko", "title_en", "baseline_date", "forecast_date", "completed_date", "status"),
    "projects.indicator": (
        "name_ko", "name_en", "unit", "baseline_value", "baseline_date", "target_value", "target_date",
    ),
    "projects.indicatorvalue": ("period", "actual_value"),
    "projects.policybarrier": ("title_ko", "title_en", "regulation", "responsible_agency", "status", "resolved_on"),
    # accepted results their project's participants opened (``results.choices.Reach.OPEN``); never their details
    "results.result": ("kind", "title", "owner", "achieved_on"),
    # approved minutes of the working groups that publish them (``WorkingGroup.publishes_minutes``): the group's
    # name, the meeting's title and start, the minutes' summary and decisions; never notes, review or people
    "groups.workinggroup": ("name_ko", "name_en"),
    "groups.meeting": ("title", "starts_at"),
    "groups.minutes": ("summary", "decisions"),
}  # fmt: skip


def _label(model) -> str:
    return model if isinstance(model, str) else model._meta.label_lower


def sees(audience: str, model, field: str) -> bool:
    """Whether ``audience`` sees ``field`` of ``model`` (a model, an instance or an ``app.model`` label)."""
    label = _label(model)
    if audience == PUBLIC and field not in PUBLISHED.get(label, ()):
        return False
    allowed = FIELDS.get(label, {}).get(field)
    return allowed is None or audience in allowed


def published(model) -> tuple[str, ...]:
    """The fields of ``model`` that open data carries, in their published order."""
    return tuple(name for name in PUBLISHED.get(_label(model), ()) if sees(PUBLIC, model, name))


def hidden(audience: str, model) -> frozenset[str]:
    """The fields of ``model`` that ``audience`` does not see (for the public: every field it is not given)."""
    label = _label(model)
    if audience == PUBLIC:
        from django.apps import apps

        return frozenset(f.name for f in apps.get_model(label)._meta.get_fields()) - frozenset(published(label))
    return frozenset(name for name, allowed in FIELDS.get(label, {}).items() if audience not in allowed)


def restricted(model) -> frozenset[str]:
    """The fields of ``model`` that the map keeps from some audience signed in (those listed in ``FIELDS``)."""
    return frozenset(FIELDS.get(_label(model), {}))


def shown(data: dict, audience: str, model) -> dict:
    """``data`` (field name → value) without the fields ``audience`` does not see."""
    for name in hidden(audience, model):
        data.pop(name, None)
    return data
