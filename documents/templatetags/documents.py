"""``{% attachments parent %}``: the documents on a status update, milestone, barrier or meeting that the user may
see, with an upload form where they may attach (the pages of the projects and groups apps show them without importing
this app)."""

from django import template

from access import policy
from access.policy import ATTACH, restrict
from documents.forms import AttachForm
from documents.models import Document, parent_field
from documents.selectors import file_help, listed
from documents.services import KINDS

register = template.Library()


@register.inclusion_tag("documents/_attachments.html", takes_context=True)
def attachments(context, parent, heading: str = ""):
    request = context["request"]
    kind = KINDS[type(parent)]
    documents = restrict(Document.objects.filter(attached_to=kind, **{parent_field(kind): parent}), request.user)
    form = None
    if policy.can(request.user, ATTACH, parent):
        form = AttachForm(kind=kind, auto_id=f"id_{kind}_{parent.pk}_%s")
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "heading": heading,
        "documents": listed(documents).order_by("name", "pk"),
        "kind": kind,
        "parent": parent,
        "form": form,
        "file_help": file_help(),
    }
