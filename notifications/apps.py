from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from notifications import fanout, inbox

        fanout.heard  # noqa: B018  (importing fanout connects it to core.events.happened)
        user_logged_in.connect(inbox.count_on_sign_in, dispatch_uid="notifications.count_on_sign_in")
