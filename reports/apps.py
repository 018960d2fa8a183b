from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Periodic progress-report jobs; the jobs themselves arrive with the reports issue."""

    name = "reports"
    verbose_name = _("Reports")
