"""Settings shared by every environment, read from the environment with django-environ (see README
"Configuration"). ``local`` (development, ``manage.py`` and ``make run``), ``test`` (pytest) and ``production``
(deployments, ``make serve``) build on this module.

With ``DATABASE_URL`` / ``REDIS_URL`` unset the portal uses the embedded PostgreSQL and Redis under ``DATA_DIR``
(see ``runtime.embedded``), started by the first process that connects; with them set, those servers are
used and nothing is started. Importing this module starts no server and writes no file.
"""

import datetime
import ipaddress
import secrets
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import dj_database_url
import environ
from csp.constants import NONE, SELF
from django.conf import global_settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from alliance_portal.storage import documents_storage, opendata_storage, reports_storage

env = environ.Env()
BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(env.str("DATA_DIR", default="") or BASE_DIR / "var").resolve()


def _other_database(redis_url: str) -> str:
    """Another database of the Redis server at ``redis_url`` (1, or 2 when the URL names 1)."""
    parts = urlsplit(redis_url)
    if parts.scheme == "unix":
        query = dict(parse_qsl(parts.query))
        query["db"] = "2" if query.get("db") == "1" else "1"
        return f"unix://{parts.path}?{urlencode(query)}"  # urlunsplit would drop the empty host's "//"
    return urlunsplit(parts._replace(path="/2" if parts.path.strip("/") == "1" else "/1"))


def _development_secret_key() -> str:
    """The per-checkout key in DATA_DIR (no secret ever sits in the repository); until the first process that does
    work has written it there (``embedded.ensure_running``), a new one."""
    path = DATA_DIR / SECRET_KEY_FILE
    return path.read_text().strip() if path.exists() else secrets.token_urlsafe(50)


# a file name, not a password (bandit B105)
SECRET_KEY_FILE = "secret_key"  # nosec B105
DATABASE_URL = env.str("DATABASE_URL", default="")
REDIS_URL = env.str("REDIS_URL", default="")
if not DATABASE_URL or not REDIS_URL:
    from runtime.embedded import EmbeddedServices

    EMBEDDED_SERVICES = EmbeddedServices(DATA_DIR, postgres=not DATABASE_URL, redis=not REDIS_URL)
    REDIS_URL = REDIS_URL or EMBEDDED_SERVICES.redis_url()
else:
    EMBEDDED_SERVICES = None

SECRET_KEY = env.str("SECRET_KEY", default="") or _development_secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

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
    "imports",
    "notifications",
    "groups",
    "results",
    "access",
    "alliance_portal.apps.PortalConfig",
]

# A history record's reason is what the person wrote (a slip's reason: up to 500 characters in the milestone form),
# never cut to django-simple-history's default 100-character column
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

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
    "members.middleware.SessionLifetimeMiddleware",
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
            "ENGINE": "runtime.embedded_postgres", "NAME": EMBEDDED_SERVICES.database_name, "USER": "postgres",
            # the embedded PostgreSQL: a Unix socket under DATA_DIR, no TCP (bandit B105)
            "PASSWORD": "", "HOST": "", "PORT": "", "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True,  # nosec B105
        }
    }  # fmt: skip
# PostgreSQL's JIT compiles the portfolio's subquery-heavy queries for longer than they run (measured on 10,000
# projects: ratings to check 4.2 s with JIT, 0.39 s without); these are short OLTP queries, so it stays off.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# An optional read replica for the reads of GET/HEAD requests (alliance_portal/replica.py).
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True)
    DATABASES["replica"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["alliance_portal.replica.ReplicaRouter"]
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
                      "alliance_portal.replica.ReplicaReadsMiddleware")  # fmt: skip
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache (pages, throttle counts, the beat heartbeat) lives apart from Celery's broker and results, so a full
# cache or cache.clear() never drops a queued task or a result: CACHE_URL, a Redis of its own with maxmemory and
# allkeys-lru (compose's `cache`; the embedded one), else database 1 of REDIS_URL's server.
CACHE_URL = env.str("CACHE_URL", default="") or (
    EMBEDDED_SERVICES.cache_url() if EMBEDDED_SERVICES and EMBEDDED_SERVICES.redis else _other_database(REDIS_URL)
)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "alliance",
    }
}

# Browser protections (the HTTPS ones are in settings/production.py). No inline script or style anywhere;
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
# Sign-in lockout (django-axes, members/lockout.py): 5 failures for one username from one address pause that pair
# for 15 minutes from the lock (more failures meanwhile do not extend it, so nobody can impose a lasting lock; the
# account stays open from other addresses); 20 failures for one username from any addresses within 15 minutes
# pause the account everywhere for the rest of those 15 minutes. Every attempt is recorded (AccessAttempt,
# AccessFailureLog, AccessLog). Behind a proxy the address is read through TRUSTED_PROXIES (below): unset, every
# client counts as the proxy's one address.
# Session lifetime (members/middleware.py): everyone is signed out after an idle spell, ministry staff after 30
# minutes, everyone else after 2 hours; ministry staff also 12 hours after signing in, however active.
MINISTRY_IDLE_TIMEOUT = datetime.timedelta(minutes=30)
IDLE_TIMEOUT = datetime.timedelta(hours=2)
MINISTRY_SESSION_LIFETIME = datetime.timedelta(hours=12)
# The client's address: X-Forwarded-For is believed only from these proxies (core/proxies.py).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "core.proxies.client_address"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HANDLER = "members.lockout.AccountAndAddressHandler"
ACCOUNT_LOCKOUT_FAILURES = 20
# The monitoring system's key for /metrics (alliance_portal/metrics.py); unset, only ministry administrators see it.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# Ministry staff also pass a TOTP authenticator (members/two_factor.py); the issuer names the portal in their app.
OTP_TOTP_ISSUER = "Industrial AI Alliance"
# Single sign-on with member organizations' OpenID Connect providers (members/sso.py): how long the portal waits for
# a provider's answer, and whether a provider's issuer may be plain http (a developer's own provider; never in
# production).
SSO_TIMEOUT_SECONDS = env.int("SSO_TIMEOUT_SECONDS", default=10)
SSO_ALLOW_HTTP = env.bool("SSO_ALLOW_HTTP", default=False)
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

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(DATA_DIR / "mail"))  # for the file-based backend
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@industrial-ai-alliance.kr")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")  # for the SMTP backend
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)


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
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60)}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "runtime.heartbeat:HeartbeatScheduler"  # django-celery-beat's, with a heartbeat
# A queue per kind of work, so a slow webhook receiver never holds up a report: compose runs the webhooks' worker
# apart; ``make run``'s one worker takes every queue (WORKER_QUEUES); what no route names goes to "celery".
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = {
    "reports.reminders": {"queue": "mail"},  # exact names are matched before patterns
    "reports.*": {"queue": "reports"},
    "webhooks.*": {"queue": "webhooks"},
    "opendata.*": {"queue": "opendata"},
    "notifications.digests": {"queue": "mail"},  # the fan-out of events goes to "celery"
}
WORKER_QUEUES = "celery,reports,webhooks,opendata,mail"

# Reports: the folder of their files when STORAGE_URL is unset (never under a public URL; with STORAGE_URL, the
# files are in its bucket under reports/ and this folder is only where `move_report_files` finds older ones), the
# monthly update due day, and the address e-mails link to.
REPORTS_DIR = Path(env.str("REPORTS_DIR", default="") or DATA_DIR / "reports").resolve()
REPORTING_DUE_DAY = env.int("REPORTING_DUE_DAY", default=10)
if not 1 <= REPORTING_DUE_DAY <= 25:
    raise ImproperlyConfigured("REPORTING_DUE_DAY must be a day of the month from 1 to 25.")
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Documents (the documents app), report files and open-data files: where they live (alliance_portal/storage.py); for
# documents, how large one may be (refused before its body is read), how much one project may hold, and how long a
# deleted one can be restored. OPEN_DATA_DIR: the folder of open-data files when STORAGE_URL is unset.
STORAGE_URL = env.str("STORAGE_URL", default="")
OPEN_DATA_DIR = Path(env.str("OPEN_DATA_DIR", default="") or DATA_DIR / "opendata").resolve()
STORAGES = {
    **global_settings.STORAGES,
    "documents": documents_storage(STORAGE_URL, DATA_DIR),
    "reports": reports_storage(STORAGE_URL),
    "opendata": opendata_storage(STORAGE_URL),
}
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_MB", default=25) * 1024 * 1024
DOCUMENT_PROJECT_QUOTA_BYTES = env.int("DOCUMENT_PROJECT_QUOTA_MB", default=2048) * 1024 * 1024
DOCUMENT_RESTORE_DAYS = 30

# Open data (/open/, /api/open/v1/): who publishes, under which licence, and the optional scheduled publication.
OPEN_DATA = {
    "publisher": {"ko": "산업통상자원부", "en": "Ministry of Trade, Industry and Energy"},
    "iati_org_ref": env.str("OPEN_DATA_IATI_ORG_REF", default="KR-GOV-MOTIE"),
    "licence": {
        "name": env.str("OPEN_DATA_LICENCE_NAME", default="KOGL-Type1"),
        "title_ko": env.str("OPEN_DATA_LICENCE_TITLE_KO", default="공공누리 제1유형 (출처표시)"),
        "title_en": env.str("OPEN_DATA_LICENCE_TITLE_EN", default="Korea Open Government License Type 1 (attribution)"),
        "url": env.str("OPEN_DATA_LICENCE_URL", default="https://www.kogl.or.kr/info/licenseType1.do"),
    },
}
OPEN_DATA_PUBLISH_DAYS_AFTER_REVIEW = env.int("OPEN_DATA_PUBLISH_DAYS_AFTER_REVIEW", default=None)  # unset: by hand
OPEN_DATA_PUBLISH_RATINGS = env.bool("OPEN_DATA_PUBLISH_RATINGS", default=False)
# IATI activities per file of a publication (IATI lets a publisher split its activities over several files): about
# 16 KB an activity, so ~32 MB a file at the default, and no file near PostgreSQL's or a reader's limits.
OPEN_DATA_IATI_ACTIVITIES_PER_FILE = env.int("OPEN_DATA_IATI_ACTIVITIES_PER_FILE", default=2000)
if OPEN_DATA_IATI_ACTIVITIES_PER_FILE < 1:
    raise ImproperlyConfigured("OPEN_DATA_IATI_ACTIVITIES_PER_FILE must be at least 1.")
OPEN_DATA_CACHE_SECONDS = 300

# Webhooks: what a subscriber's URL may be (webhooks.transport). Production: https, ports 443/80, public addresses
# only. ``make run`` (a developer's laptop) allows plain-http loopback endpoints on any port; never production.
WEBHOOK_ALLOW_HTTP = env.bool("WEBHOOK_ALLOW_HTTP", default=False)
WEBHOOK_ALLOWED_NETWORKS = [ipaddress.ip_network(n) for n in env.list("WEBHOOK_ALLOWED_NETWORKS", default=[])]
_ports = env.str("WEBHOOK_PORTS", default="443,80")
WEBHOOK_PORTS = [] if _ports == "any" else [int(p) for p in _ports.split(",")]
WEBHOOK_LEASE_SECONDS = env.int("WEBHOOK_LEASE_SECONDS", default=60)  # a dead sender's endpoint is free after
# Fernet keys sealing the secrets kept in the database (webhook signing secrets, identity providers' client
# secrets), comma-separated: the first seals, every one opens (rotation). Unset (local, test): a key derived from
# SECRET_KEY (core.sealing).
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEY", default=[])
WEBHOOK_MAX_ENDPOINTS = env.int("WEBHOOK_MAX_ENDPOINTS", default=10)  # per person
WEBHOOK_REQUESTS_PER_HOUR = env.int("WEBHOOK_REQUESTS_PER_HOUR", default=30)  # test events, redeliveries, replays

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
        "token": env.str("API_RATE_PER_TOKEN", default="1000/hour"),
        "anon": env.str("API_RATE_ANONYMOUS", default="100/hour"),
        "open": env.str("API_RATE_OPEN_DATA", default="600/hour"),  # the open API, per address
        "open_pages": env.str("OPEN_DATA_RATE_PER_ADDRESS", default="600/hour"),  # /open/ pages and files
        "exports": env.str("EXPORT_RATE_PER_USER", default="60/hour"),  # PDF, workbooks, answer exports (pages)
        "search": env.str("SEARCH_RATE_PER_USER", default="30/min"),  # the search page, per user
        "imports": env.str("IMPORT_RATE_PER_USER", default="30/hour"),  # uploads to preview, pages and API together
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
        "ReviewStateEnum": "core.reviewed.ReviewState",
        "BarrierStatusEnum": "projects.models.BarrierStatus",
        "ActionStatusEnum": "groups.models.ActionStatus",
        "ResultKindEnum": "results.choices.ResultKind",
        "ReachEnum": "results.choices.Reach",
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
            "formatter": env.str("LOG_FORMAT", default="text"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"pgserver": {"level": "WARNING"}},
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
