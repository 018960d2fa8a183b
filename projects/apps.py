from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        """Stored per-project figures follow their milestones and updates (``projects.figures``); any saved or
        deleted row the dashboard figures, or the pages kept beside them (``portfolio.kept_drawing``: organizations'
        names too), are drawn from starts a new cached copy of them."""
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from members.models import Organization
        from projects import figures, models, portfolio

        figures.connect()
        post_migrate.connect(figures.fill_missing, sender=self, dispatch_uid="figures-fill-missing")

        def changed(**kwargs) -> None:
            portfolio.invalidate()

        sources = [
            Organization, models.Project, models.ProjectParticipant, models.Milestone, models.StatusUpdate,
            models.Indicator, models.IndicatorValue, models.PolicyBarrier,
        ]  # fmt: skip
        for model in sources:
            post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"portfolio-{model.__name__}-save")
            post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"portfolio-{model.__name__}-delete")
        m2m_changed.connect(
            changed, sender=models.PolicyBarrier.projects.through, weak=False, dispatch_uid="portfolio-barrier-projects"
        )
