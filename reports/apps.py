from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Periodic progress-report jobs (Celery): daily snapshots, reminders, weekly and monthly reports."""

    name = "reports"
    verbose_name = _("Reports")
