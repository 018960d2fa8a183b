from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from members.models import ApiToken


def token_scopes(request) -> set[str]:
    """The scopes of the request's token; a signed-in browser session has them all."""
    if isinstance(request.auth, ApiToken):
        return set(request.auth.scope_list)
    return set(ApiToken.Scope.values)


class ScopedAccess(permissions.IsAuthenticated):
    """Signed in (or a valid token), and the view's write scope for anything but reading: ``write``, or the one a
    view names in ``write_scope`` (``webhooks``: a partner's read-only token may still manage its webhooks).

    What a user may do with which object is decided by ``access.policy`` in the views, exactly as on the pages.
    """

    message = _("This token lacks the scope this change needs.")

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        scope = getattr(view, "write_scope", ApiToken.Scope.WRITE)
        return request.method in permissions.SAFE_METHODS or scope in token_scopes(request)
