"""When a user's credentials change — a new password (changed or reset), a deactivation, the administrator's reset
of their authenticator — their API tokens stop working at once (``tokens.revoke_all``), so a token made with a
stolen password does not outlive the recovery. A new password also clears the account's failed sign-ins, so the
owner ends a sign-in pause by resetting it. The user's sessions end by themselves: each stores a hash of the password
it signed in with (Django's ``get_session_auth_hash``), so every other session is signed out at its next request.
Other apps hear of it through ``credentials_changed`` (the webhooks pause their owner's endpoints)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal, receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from members import lockout, tokens
from members.models import User

credentials_changed = Signal()  # sent with ``user`` and ``reason`` (a key of tokens.REVOCATION_REASONS) after commit


def _credentials_changed(user: User, reason: str) -> None:
    tokens.revoke_all(user, reason)
    credentials_changed.send(sender=User, user=user, reason=reason)


@receiver(pre_save, sender=User)
def _note_credential_change(sender, instance: User, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields is not None and not {"password", "is_active"} & set(update_fields)):
        return
    before = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    if before["is_active"] and not instance.is_active:
        instance._credentials_changed = "deactivated"
    elif before["password"] != instance.password:
        instance._credentials_changed = "password changed"


@receiver(post_save, sender=User)
def _revoke_after_credential_change(sender, instance: User, **kwargs):
    reason = instance.__dict__.pop("_credentials_changed", None)
    if reason:
        transaction.on_commit(lambda: _credentials_changed(instance, reason))
    if reason == "password changed":  # a reset by mail ends a sign-in pause (members/lockout.py)
        lockout.clear_account(instance.get_username())


@receiver(post_delete, sender=TOTPDevice)
def _revoke_after_authenticator_reset(sender, instance: TOTPDevice, **kwargs):
    if instance.confirmed:
        transaction.on_commit(lambda: _revoke(instance.user_id, "authenticator reset"))


def _revoke(user_id: int, reason: str) -> None:
    user = User.objects.filter(pk=user_id).first()  # gone when the user itself was deleted
    if user is not None:
        _credentials_changed(user, reason)
