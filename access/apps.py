from django.apps import AppConfig


class AccessConfig(AppConfig):
    """Who may do what (``access.policy``) and who sees which field (``access.fields``); no models of its own."""

    name = "access"
