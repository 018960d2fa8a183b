from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class PortalConfig(AppConfig):
    """The project package as an app of its own: its management commands (backup, restore)."""

    name = "alliance_portal"


class PortalAdminConfig(AdminConfig):
    default_site = "alliance_portal.admin.PortalAdminSite"
