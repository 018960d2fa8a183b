from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from access import policy


class PortalAdminSite(admin.AdminSite):
    """The Django admin, open to active ministry administrators only (the role decides, not ``is_staff``)."""

    site_header = _("Industrial AI Alliance — administration")
    site_title = _("Alliance admin")

    def has_permission(self, request) -> bool:
        return policy.can(request.user, "administer")
