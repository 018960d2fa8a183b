import logging

from redis.exceptions import RedisError
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from core.proxies import client_address
from members.models import ApiToken

logger = logging.getLogger(__name__)


class FailOpen:
    """Throttles count in Redis; with Redis down a request passes (logged) rather than failing: throttling
    protects the service from floods, it is not an access control. A request's address is the portal's one client
    address (``core.proxies``: X-Forwarded-For believed from ``TRUSTED_PROXIES`` only), never DRF's own,
    which believes any such header."""

    def get_ident(self, request) -> str:
        return client_address(request) or ""

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except RedisError:
            logger.warning("API throttling skipped: the cache is unavailable")
            return True


class PerTokenThrottle(FailOpen, SimpleRateThrottle):
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


class AnonymousThrottle(FailOpen, AnonRateThrottle):
    pass


class PerAddressThrottle(FailOpen, AnonRateThrottle):
    """The open API: every caller is anonymous, counted per address (``API_RATE_OPEN_DATA``)."""

    scope = "open"


class PerAddressPageThrottle(FailOpen, SimpleRateThrottle):
    """The public pages and files under ``/open/``, counted per client address (``OPEN_DATA_RATE_PER_ADDRESS``)."""

    scope = "open_pages"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PerUserThrottle(FailOpen, SimpleRateThrottle):
    """The expensive outputs of the pages (``core.limits``), counted per signed-in user and scope."""

    def __init__(self, scope: str):
        self.scope = scope
        super().__init__()

    def get_cache_key(self, request, view):
        user = request.user
        ident = f"user-{user.pk}-{user.date_joined.timestamp():.0f}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
