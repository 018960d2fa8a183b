from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("Results and lessons")

    def ready(self):
        """An accepted result's webhook carries the result as its endpoint owner's API shows it."""
        from projects.representations import REPRESENTATIONS
        from results.api.serializers import ResultSerializer
        from results.models import Result
        from results.selectors import results_for

        REPRESENTATIONS[Result] = (results_for, ResultSerializer)
