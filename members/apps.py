from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from members import audit, language, recovery  # noqa: F401  (connect their signal receivers)
        from members.middleware import note_sign_in

        user_logged_in.connect(note_sign_in, dispatch_uid="members.note_sign_in")
