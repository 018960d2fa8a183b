"""Settings for every environment, read from the environment (see README "Configuration").

With ``DATABASE_URL`` / ``REDIS_URL`` unset the portal uses the embedded PostgreSQL and Redis under ``DATA_DIR``
(see ``alliance_portal.embedded``), started by the first process that connects; with them set, those servers are
used and nothing is started. Importing this module starts no server and writes no file.
"""

import datetime
import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.conf import global_settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from alliance_portal.storage import documents_storage

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DATA_DIR") or BASE_DIR / "var").resolve()


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _development_secret_key() -> str:
    """The per-checkout key in DATA_DIR (no secret ever sits in the repository); until the first process that does
    work has written it there (``embedded.ensure_running``), a new one."""
    path = DATA_DIR / SECRET_KEY_FILE
    return path.read_text().strip() if path.exists() else secrets.token_urlsafe(50)


SECRET_KEY_FILE = "secret_key"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
if not DATABASE_URL or not REDIS_URL:
    from alliance_portal.embedded import EmbeddedServices

    EMBEDDED_SERVICES = EmbeddedServices(DATA_DIR, postgres=not DATABASE_URL, redis=not REDIS_URL)
    REDIS_URL = REDIS_URL or EMBEDDED_SERVICES.redis_url()
else:
    EMBEDDED_SERVICES = None

SECRET_KEY = os.environ.get("SECRET_KEY") or _development_secret_key()
DEBUG = _env_bool("DEBUG")
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "alliance_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "csp",
    "axes",
    "django_prometheus",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "core",
    "members",
    "projects",
    "reports",
    "webhooks",
    "assessments",
    "documents",
    "opendata",
    "money",
    "access",
    "alliance_portal.apps.PortalConfig",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "alliance_portal.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "alliance_portal.security.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "documents.uploads.UploadLimitMiddleware",  # before anything reads a body (CSRF, the API's parsers)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "members.middleware.SecondFactorMiddleware",
    "members.audit.AccessDeniedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "members.middleware.UserLanguageMiddleware",
    "members.middleware.IdleTimeoutMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "alliance_portal.urls"
WSGI_APPLICATION = "alliance_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:  # the socket folder is learnt when the first connection starts the server
    DATABASES = {
        "default": {
            "ENGINE": "alliance_portal.embedded_postgres", "NAME": EMBEDDED_SERVICES.database_name, "USER": "postgres",
            "PASSWORD": "", "HOST": "", "PORT": "", "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True,
        }
    }  # fmt: skip
# PostgreSQL's JIT compiles the portfolio's subquery-heavy queries for longer than they run (measured on 10,000
# projects: ratings to check 4.2 s with JIT, 0.39 s without); these are short OLTP queries, so it stays off.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# An optional read replica for the reads of GET/HEAD requests (alliance_portal/replica.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True)
    DATABASES["replica"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["alliance_portal.replica.ReplicaRouter"]
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
                      "alliance_portal.replica.ReplicaReadsMiddleware")  # fmt: skip
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "alliance",
    }
}

# Browser protections (the HTTPS ones are in alliance_portal/production.py). No inline script or style anywhere;
# the API's documentation pages relax style-src for the third-party viewers they embed (alliance_portal/api/urls.py).
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # request bodies (forms, API JSON) over 2 MB are refused
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# Sign-in lockout (django-axes): 5 failures for one username from one address pause that pair for 15 minutes from
# the lock (more failures meanwhile do not extend it, so nobody can impose a lasting lock; the account stays open
# from other addresses). Every attempt is recorded (AccessAttempt, AccessFailureLog, AccessLog). Behind a proxy,
# the address is REMOTE_ADDR as the proxy hands it on (set it from X-Forwarded-For in the proxy's WSGI layer).
MINISTRY_IDLE_TIMEOUT = datetime.timedelta(minutes=30)  # ministry staff are signed out after this long idle
# The client's address: X-Forwarded-For is believed only from these proxies (alliance_portal/proxies.py).
TRUSTED_PROXIES = _env_list("TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "alliance_portal.proxies.client_address"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The monitoring system's key for /metrics (alliance_portal/metrics.py); unset, only ministry administrators see it.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
# Ministry staff also pass a TOTP authenticator (members/two_factor.py); the issuer names the portal in their app.
OTP_TOTP_ISSUER = "Industrial AI Alliance"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["alliance_portal.formats"]  # dates as 2026-11-30 in both languages
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))  # for the file-based backend
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@industrial-ai-alliance.kr")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")  # for the SMTP backend
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL")


def _celery_url(redis_url: str) -> str:
    """kombu and Celery's result backend spell a Unix-socket Redis URL ``redis+socket://``."""
    return redis_url.replace("unix://", "redis+socket://", 1)


CELERY_BROKER_URL = _celery_url(REDIS_URL)
CELERY_RESULT_BACKEND = _celery_url(REDIS_URL)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
# Longer than any task or retry delay, so an unacknowledged task is not redelivered while still running. A task
# whose worker died is redelivered once this much time has passed (at the next worker start or restore sweep).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", 2 * 60 * 60))}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "alliance_portal.heartbeat:HeartbeatScheduler"  # django-celery-beat's, with a heartbeat

# Reports: where generated files live (never under a public URL), the monthly update due day, and the address
# e-mails link to.
REPORTS_DIR = Path(os.environ.get("REPORTS_DIR") or DATA_DIR / "reports").resolve()
REPORTING_DUE_DAY = int(os.environ.get("REPORTING_DUE_DAY", "10"))
if not 1 <= REPORTING_DUE_DAY <= 25:
    raise ImproperlyConfigured("REPORTING_DUE_DAY must be a day of the month from 1 to 25.")
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Documents (the documents app): where their files live (alliance_portal/storage.py), how large one may be (refused
# before its body is read), how much one project may hold, and how long a deleted one can be restored.
STORAGE_URL = os.environ.get("STORAGE_URL", "")
STORAGES = {**global_settings.STORAGES, "documents": documents_storage(STORAGE_URL, DATA_DIR)}
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_MB", "25")) * 1024 * 1024
DOCUMENT_PROJECT_QUOTA_BYTES = int(os.environ.get("DOCUMENT_PROJECT_QUOTA_MB", "2048")) * 1024 * 1024
DOCUMENT_RESTORE_DAYS = 30

# Open data (/open/, /api/open/v1/): who publishes, under which licence, and the optional scheduled publication.
OPEN_DATA = {
    "publisher": {"ko": "산업통상자원부", "en": "Ministry of Trade, Industry and Energy"},
    "iati_org_ref": os.environ.get("OPEN_DATA_IATI_ORG_REF", "KR-GOV-MOTIE"),
    "licence": {
        "name": os.environ.get("OPEN_DATA_LICENCE_NAME", "KOGL-Type1"),
        "title_ko": os.environ.get("OPEN_DATA_LICENCE_TITLE_KO", "공공누리 제1유형 (출처표시)"),
        "title_en": os.environ.get("OPEN_DATA_LICENCE_TITLE_EN", "Korea Open Government License Type 1 (attribution)"),
        "url": os.environ.get("OPEN_DATA_LICENCE_URL", "https://www.kogl.or.kr/info/licenseType1.do"),
    },
}
_publish_days = os.environ.get("OPEN_DATA_PUBLISH_DAYS_AFTER_REVIEW", "")
OPEN_DATA_PUBLISH_DAYS_AFTER_REVIEW = int(_publish_days) if _publish_days else None  # unset: only by hand
OPEN_DATA_PUBLISH_RATINGS = _env_bool("OPEN_DATA_PUBLISH_RATINGS")
OPEN_DATA_CACHE_SECONDS = 300

# Webhooks: what a subscriber's URL may be (webhooks.transport). Production: https, ports 443/80, public addresses
# only. ``make run`` (a developer's laptop) allows plain-http loopback endpoints on any port; never production.
WEBHOOK_ALLOW_HTTP = _env_bool("WEBHOOK_ALLOW_HTTP")
WEBHOOK_ALLOWED_NETWORKS = [ipaddress.ip_network(n) for n in _env_list("WEBHOOK_ALLOWED_NETWORKS")]
_ports = os.environ.get("WEBHOOK_PORTS", "443,80")
WEBHOOK_PORTS = [] if _ports == "any" else [int(p) for p in _ports.split(",")]
WEBHOOK_LEASE_SECONDS = int(os.environ.get("WEBHOOK_LEASE_SECONDS", "60"))  # a dead sender's endpoint is free after

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "alliance_portal.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["alliance_portal.api.permissions.ScopedAccess"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["alliance_portal.api.parsers.LimitedJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "alliance_portal.api.pagination.StableCursorPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "alliance_portal.api.filters.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "alliance_portal.api.throttling.PerTokenThrottle",
        "alliance_portal.api.throttling.AnonymousThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": os.environ.get("API_RATE_PER_TOKEN", "1000/hour"),
        "anon": os.environ.get("API_RATE_ANONYMOUS", "100/hour"),
        "open": os.environ.get("API_RATE_OPEN_DATA", "600/hour"),  # the open API, per address
    },
    "EXCEPTION_HANDLER": "alliance_portal.api.errors.problem_details_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Industrial AI Alliance Portal API",
    "DESCRIPTION": "Projects, milestones, status updates, indicators and policy barriers of the Industrial AI "
    "Alliance. Authenticate with `Authorization: Bearer <token>`; errors are RFC 9457 problem details.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Confidential fields are left out for callers who may not see them, so read-only fields are not "required".
    "COMPONENT_NO_READ_ONLY_REQUIRED": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "alliance_portal.api.schema.add_problem_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RagEnum": "projects.models.Rag",
        "MilestoneStatusEnum": "projects.models.MilestoneStatus",
        "UpdateStateEnum": "projects.models.UpdateState",
        "BarrierStatusEnum": "projects.models.BarrierStatus",
    },
}

# One line per record on stderr with the request id (alliance_portal/request_id.py): JSON with LOG_FORMAT=json
# (the production default), readable text otherwise. Celery's worker keeps this configuration too.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "alliance_portal.request_id.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": os.environ.get("LOG_FORMAT", "text"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"pgserver": {"level": "WARNING"}},
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
