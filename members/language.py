"""The language a visitor chose with the header's buttons before signing in becomes their saved language when they
sign in: the choice is the latest word, and a saved language otherwise overrides the buttons' cookie."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

CHOSEN = "language_chosen"  # the session key set_language writes for a visitor not signed in


@receiver(user_logged_in)
def adopt_the_language_chosen_before_sign_in(sender, request, user, **kwargs) -> None:
    language = request.session.pop(CHOSEN, None) if request is not None else None
    if language and language != user.preferred_language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language", "updated_at"])
