"""Which fields each audience sees: the one field-visibility map.

Serializers, CSV/XLSX exports, history pages, report builders and templates (``{% if obj|sees:"field" %}``) all
read it. A field that is not listed here is seen by everyone who may see its object (``access.policy`` decides
which objects); a listed field only by the audiences named. Adding a confidential field is one line below.

Audiences, widest first: ``partner`` (research institutes and agencies with API tokens), ``member`` (of the
alliance), ``participant`` (a member whose organization takes part in the project), ``ministry``.
"""

from __future__ import annotations

PARTNER, MEMBER, PARTICIPANT, MINISTRY = "partner", "member", "participant", "ministry"
AUDIENCES = (PARTNER, MEMBER, PARTICIPANT, MINISTRY)

# Money, risks, support requests, AI-ethics answers and the ministry's review: the project's participants and the
# ministry only.
CONFIDENTIAL = frozenset({PARTICIPANT, MINISTRY})

FIELDS: dict[str, dict[str, frozenset[str]]] = {
    "projects.project": {
        "government_budget_krw": CONFIDENTIAL,
        "private_budget_krw": CONFIDENTIAL,
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
    "assessments.answer": {
        "note": CONFIDENTIAL,  # the answer itself (yes/partly/no) is never shown apart from its assessment
    },
}


def _label(model) -> str:
    return model if isinstance(model, str) else model._meta.label_lower


def sees(audience: str, model, field: str) -> bool:
    """Whether ``audience`` sees ``field`` of ``model`` (a model, an instance or an ``app.model`` label)."""
    allowed = FIELDS.get(_label(model), {}).get(field)
    return allowed is None or audience in allowed


def hidden(audience: str, model) -> frozenset[str]:
    """The fields of ``model`` that ``audience`` does not see."""
    return frozenset(name for name, allowed in FIELDS.get(_label(model), {}).items() if audience not in allowed)


def shown(data: dict, audience: str, model) -> dict:
    """``data`` (field name → value) without the fields ``audience`` does not see."""
    for name in hidden(audience, model):
        data.pop(name, None)
    return data
