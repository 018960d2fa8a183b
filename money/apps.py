from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The cost categories the ministry's R&D programmes use (code, Korean, English); more can be added in the admin.
CATEGORIES = [
    ("personnel", "인건비", "Personnel"),
    ("equipment", "연구장비·시설비", "Equipment and facilities"),
    ("materials", "재료비", "Materials"),
    ("commissioned", "위탁연구개발비", "Commissioned work"),
    ("indirect", "간접비", "Indirect costs"),
    ("other", "기타 경비", "Other"),
]


def ensure_categories(sender, using="default", **kwargs) -> None:
    """After every ``migrate`` (and a ``flush``, which empties the tables): the default categories exist, as Django
    makes sure of content types and permissions. Idempotent; a category renamed or switched off stays so."""
    from money.models import CostCategory

    for order, (code, name_ko, name_en) in enumerate(CATEGORIES):
        CostCategory.objects.using(using).get_or_create(
            code=code, defaults={"name_ko": name_ko, "name_en": name_en, "order": order}
        )


def fill_missing_figures(sender, using="default", **kwargs) -> None:
    """After ``migrate``: projects with accepted executions but no stored money figures (the figures' columns were
    just added, or rows were loaded around the services) get them (cheap when none is missing)."""
    from core.reviewed import ReviewState
    from money import figures
    from money.models import Execution

    missing = Execution.objects.using(using).filter(
        state=ReviewState.ACCEPTED, project__figures__money_year__isnull=True
    )
    project_ids = set(missing.values_list("project_id", flat=True).distinct())
    if project_ids:
        figures.refresh(project_ids)


class MoneyConfig(AppConfig):
    name = "money"
    verbose_name = _("Budget and execution")

    def ready(self):
        post_migrate.connect(ensure_categories, sender=self)
        post_migrate.connect(fill_missing_figures, sender=self)
