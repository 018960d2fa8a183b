from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Working groups")

    def ready(self):
        """Minutes' and action items' webhooks carry them as their endpoint owner's API shows them."""
        from groups.representations import REPRESENTATIONS as GROUPS
        from projects.representations import REPRESENTATIONS

        REPRESENTATIONS.update(GROUPS)
