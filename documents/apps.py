from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from django.urls import reverse

        from access.policy import restrict
        from documents.models import DOCUMENT_SEARCH, Document
        from projects import search

        search.register(
            search.Kind(
                "documents",
                _("Documents"),
                DOCUMENT_SEARCH,
                lambda user: restrict(Document.objects.select_related("project"), user),
                lambda d: reverse("document_detail", kwargs={"pk": d.pk}),
                lambda d: f"{d.project.code} · {d.name}" if d.project else d.name,
            )
        )
