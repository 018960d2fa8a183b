from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from members.recovery import credentials_changed
        from webhooks import outbox

        outbox.record_event  # noqa: B018  (importing outbox connects it to core.events.happened)
        credentials_changed.connect(_pause_endpoints, dispatch_uid="webhooks.pause_for_credentials")


def _pause_endpoints(sender, user, reason: str, **kwargs) -> None:
    """The owner's endpoints pause with their API tokens (``members.recovery``)."""
    from members.tokens import REVOCATION_REASONS
    from webhooks import services

    services.pause_for_credentials(user, str(REVOCATION_REASONS.get(reason, reason)))
