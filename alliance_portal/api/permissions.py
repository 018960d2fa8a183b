from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from members.models import ApiToken


def token_scopes(request) -> set[str]:
    """The scopes of the request's token; a signed-in browser session has both."""
    if isinstance(request.auth, ApiToken):
        return set(request.auth.scope_list)
    return {"read", "write"}


class ScopedAccess(permissions.IsAuthenticated):
    """Signed in (or a valid token), and a ``write`` scope for anything but reading.

    What a user may do with which object is decided by ``access.policy`` in the views, exactly as on the pages.
    """

    message = _("This token lacks the write scope.")

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or "write" in token_scopes(request)
