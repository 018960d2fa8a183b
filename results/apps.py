from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("Results and lessons")

    def ready(self):
        """An accepted result's webhook carries the result as its endpoint owner's API shows it; a saved or deleted
        result starts a new copy of the dashboard's kept panels (the alliance's figures are drawn from results)."""
        from django.db.models.signals import post_delete, post_save

        from projects import portfolio
        from projects.representations import REPRESENTATIONS
        from results.api.serializers import ResultSerializer
        from results.models import Result
        from results.selectors import results_for

        REPRESENTATIONS[Result] = (results_for, ResultSerializer)

        def changed(**kwargs) -> None:
            portfolio.invalidate()

        post_save.connect(changed, sender=Result, weak=False, dispatch_uid="portfolio-Result-save")
        post_delete.connect(changed, sender=Result, weak=False, dispatch_uid="portfolio-Result-delete")
