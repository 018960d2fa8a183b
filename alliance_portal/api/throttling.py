from rest_framework.throttling import SimpleRateThrottle

from members.models import ApiToken


class PerTokenThrottle(SimpleRateThrottle):
    """Counts requests per token (per user for browser sessions) in the Redis cache."""

    scope = "token"

    def get_cache_key(self, request, view):
        # Keys name the token's hash and the user's join time, not bare ids, so a recreated database (tests,
        # restores) never inherits another token's counts from Redis.
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.key_hash[:24]}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}-{request.user.date_joined.timestamp():.0f}"
        else:
            return None  # anonymous requests are counted by AnonRateThrottle
        return self.cache_format % {"scope": self.scope, "ident": ident}
