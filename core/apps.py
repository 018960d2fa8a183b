from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Mechanics every app shares (reviewed work, insert-once, versions, the base viewset, stored figures)."""

    name = "core"
    verbose_name = "core"
