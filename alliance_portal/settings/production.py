"""Production settings: the shared settings plus everything ``manage.py check --deploy`` asks for.

``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL``, ``REDIS_URL`` and ``EMAIL_BACKEND`` (with ``EMAIL_HOST`` for
SMTP) must be set — a missing one stops start-up with a message naming it (production never generates a key, starts
embedded servers or writes password-reset links into its log: naming the console backend is the explicit opt-out,
for a trial); a weak key fails ``check --deploy`` (security.W009). TLS ends at the proxy in front, which sets
``X-Forwarded-Proto``.
``PORTAL_HTTPS=0`` is for a local trial without such a proxy only: it turns off the HTTPS redirect, HSTS and secure
cookies (and ``check --deploy`` says so).
"""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
_required = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_BACKEND"]
if os.environ.get("EMAIL_BACKEND") == SMTP_BACKEND:
    _required.append("EMAIL_HOST")
_missing = [name for name in _required if not os.environ.get(name)]
if _missing:
    raise ImproperlyConfigured(f"Production settings need {', '.join(_missing)} in the environment (see README).")

os.environ.setdefault("LOG_FORMAT", "json")

from alliance_portal.settings.base import *  # noqa: E402, F403
from alliance_portal.settings.base import env  # noqa: E402

DEBUG = False
_LOOPBACK_V4, _LOOPBACK_V6 = ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")
HTTPS = env.bool("PORTAL_HTTPS", default=True)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]  # probes and scrapes inside the network: HTTP
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS

# Hashed, compressed static files served by WhiteNoise (run ``collectstatic`` first; ``make serve`` does).
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware"
)
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Webhooks go to public https addresses only, whatever the environment says (plain http and loopback are for a
# developer's laptop).
WEBHOOK_ALLOW_HTTP = False
SSO_ALLOW_HTTP = False
WEBHOOK_ALLOWED_NETWORKS = [
    n
    for n in WEBHOOK_ALLOWED_NETWORKS  # noqa: F405
    if not (n.overlaps(_LOOPBACK_V4) or n.overlaps(_LOOPBACK_V6))
]
