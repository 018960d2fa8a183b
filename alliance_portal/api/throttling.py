from rest_framework.throttling import SimpleRateThrottle

from members.models import ApiToken


class PerTokenThrottle(SimpleRateThrottle):
    """Counts requests per token (per user for browser sessions) in the Redis cache."""

    scope = "token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None  # anonymous requests are counted by AnonRateThrottle
        return self.cache_format % {"scope": self.scope, "ident": ident}
