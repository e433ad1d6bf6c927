"""Settings that run with nothing set: the embedded default (SQLite, local cache, DB task queue).

Every deployment choice comes from the environment (django-environ); see README "Configuration".
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "masthead"
VAR_DIR = Path(environ.Env().str("MASTHEAD_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

# A development key is generated per checkout so nothing secret is ever committed;
# production.py refuses to start without SECRET_KEY in the environment.
_dev_key_file = VAR_DIR / "dev-secret-key"


def _dev_secret_key() -> str:
    import secrets

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if not _dev_key_file.exists():
        _dev_key_file.write_text(secrets.token_urlsafe(50))
    return _dev_key_file.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _dev_secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", ".localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "masthead.core",
    "masthead.accounts",
    "masthead.newsroom",
    "masthead.distribution",
    "masthead.live",
    "masthead.comments",
    "masthead.search",
    "masthead.api",
    "masthead.ingest",
    "masthead.places",
    "masthead.weather",
    "masthead.traffic",
    "masthead.listings",
    "masthead.contributions",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app whose user editor cannot change a username (accounts/apps.py).
    "masthead.accounts.apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    # django-ninja's bundled Swagger UI (our static files) instead of its CDN page's inline script.
    "ninja",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after Django's: CSP, COOP and the admin's frame rule reach cached pages,
    # static files and error pages too; oversized bodies are refused before anything reads them.
    "masthead.core.security.SecurityHeadersMiddleware",
    "masthead.core.limits.RequestSizeLimitMiddleware",
    "masthead.core.limits.NulCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Serves whole anonymous pages from the cache before sessions, auth or routing run.
    "masthead.core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "masthead.accounts.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "masthead.urls"
WSGI_APPLICATION = "masthead.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "masthead.core.context_processors.network",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web workers read while the task worker writes; IMMEDIATE avoids
    # "database is locked" upgrades from read to write transactions.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )
    # Reopening SQLite per request (schema read, PRAGMAs) costs more than a page's queries.
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "masthead.core.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="masthead"),
            "OPTIONS": {
                # A Redis outage must not take pages or sign-in down: errors are logged, not raised.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    # The embedded default is served by several gunicorn workers and a task worker: a purge
    # must reach all of them, so the shared cache is on disk, not per-process memory.
    # See docs/decisions/0002-embedded-cache-on-disk.md.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Seconds a shared cache (the app's page cache, nginx, a CDN) may keep an anonymous page.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# false: the app stores no pages itself (they keep their Cache-Control); see docs/performance.md.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
# Seconds a reverse proxy or CDN may serve a page it cannot purge (ours purges the app cache).
PROXY_CACHE_SECONDS = env.int("PROXY_CACHE_SECONDS", default=10)

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_DOMAIN = env.str("SESSION_COOKIE_DOMAIN", default=None)
CSRF_COOKIE_DOMAIN = SESSION_COOKIE_DOMAIN

# --- Background work ------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Accounts (django-allauth 65): see docs/accounts.md.
ACCOUNT_ADAPTER = "masthead.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "masthead.accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "masthead.accounts.forms.SignupForm"}
SOCIALACCOUNT_FORMS = {"signup": "masthead.accounts.forms.SocialSignupForm"}
ACCOUNT_USERNAME_VALIDATORS = "masthead.accounts.usernames.username_validators"
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_PRESERVE_USERNAME_CASING = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# ACCOUNT_RATE_LIMITS is left unset: allauth's defaults (sign-in failures, sign-up, reset,
# confirmation) stay on. They count in the cache, so Redis makes them network-wide.
ACCOUNT_MAX_EMAIL_ADDRESSES = 5
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# Readers pick their permanent username on the first social sign-in, never a generated one.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
from masthead.accounts.config import social_providers  # noqa: E402 - no Django imports

SOCIALACCOUNT_PROVIDERS = social_providers(env.ENVIRON)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Masthead")
# Staff (anyone who may open the Wagtail admin) must set up an authenticator app first.
MASTHEAD_STAFF_REQUIRE_2FA = env.bool("MASTHEAD_STAFF_REQUIRE_2FA", default=False)
# Wagtail's own password form has no rate limit: the admin signs in through allauth.
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# WhiteNoise warns when STATIC_ROOT is missing; collectstatic fills it for production.
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Masthead <newsroom@localhost>")

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env.str("WAGTAIL_SITE_NAME", default="Masthead")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://localhost:8000")
WAGTAILIMAGES_IMAGE_MODEL = "newsroom.NewsImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAIL_WORKFLOW_ENABLED = True
# No Gravatar in the admin: staff e-mail hashes stay with us, and the CSP needs no third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_MODERATION_ENABLED = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Security defaults that hold in every environment ---------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Request bodies (uploads included) above this are answered 413 unread (docs/security.md).
MASTHEAD_MAX_REQUEST_BYTES = env.int("MASTHEAD_MAX_REQUEST_BYTES", default=25 * 1024 * 1024)
# Non-file form data held in memory; above it Django answers 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# Content-Security-Policy (masthead/core/security.py): report-only to try a change live, and
# extra sources per directive as JSON, e.g. {"img-src": ["https://media.example.net"]}.
MASTHEAD_CSP_REPORT_ONLY = env.bool("MASTHEAD_CSP_REPORT_ONLY", default=False)
MASTHEAD_CSP_EXTRA = env.json("MASTHEAD_CSP_EXTRA", default={})

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # No handler of its own: records propagate to the root's console once (with one here
        # too, every masthead line was printed twice).
        "masthead": {"level": env.str("LOG_LEVEL", default="INFO")},
    },
}

# The demo network's sites; hostnames and ports are settings so a deployment can rename them.
MASTHEAD_PORT = env.int("MASTHEAD_PORT", default=8000)

# --- Live front page, search and the public API (docs/api.md, docs/search.md) ---------------
# Seconds between an open page's polls for new stories and breaking news (tests shorten it).
MASTHEAD_LIVE_POLL_SECONDS = env.int("MASTHEAD_LIVE_POLL_SECONDS", default=45)
# How many reverse proxies (nginx, a load balancer) stand in front of the app and append to
# X-Forwarded-For. 0: the client is REMOTE_ADDR. Rate limits count the address this finds
# (masthead/core/ratelimit.py); a client cannot reset them by writing its own header.
MASTHEAD_TRUSTED_PROXIES = env.int("MASTHEAD_TRUSTED_PROXIES", default=0)
# Public API rate limits: requests per minute per personal token, and per address without one.
MASTHEAD_API_RATE_PER_TOKEN = env.int("MASTHEAD_API_RATE_PER_TOKEN", default=600)
MASTHEAD_API_RATE_PER_ADDRESS = env.int("MASTHEAD_API_RATE_PER_ADDRESS", default=120)
# Search by relevance ranks this many of the newest matches (0: all; for OpenSearch).
MASTHEAD_SEARCH_RELEVANCE_WINDOW = env.int("MASTHEAD_SEARCH_RELEVANCE_WINDOW", default=200)

# --- Reader contributions (docs/contributions.md) -------------------------------------------
# Files with no public address (reader photo originals), outside MEDIA_ROOT.
MASTHEAD_PRIVATE_ROOT = env.str("MASTHEAD_PRIVATE_ROOT", default=str(VAR_DIR / "private"))
MASTHEAD_CONTRIBUTIONS_REQUIRE_VERIFIED_EMAIL = env.bool(
    "MASTHEAD_CONTRIBUTIONS_REQUIRE_VERIFIED_EMAIL", default=True
)
MASTHEAD_CONTRIBUTIONS_RATE = env.str("MASTHEAD_CONTRIBUTIONS_RATE", default="30/h")
MASTHEAD_CONTRIBUTIONS_SUBMIT_RATE = env.str("MASTHEAD_CONTRIBUTIONS_SUBMIT_RATE", default="10/d")
MASTHEAD_CONTRIBUTION_PHOTO_MAX_BYTES = env.int(
    "MASTHEAD_CONTRIBUTION_PHOTO_MAX_BYTES", default=8 * 1024 * 1024
)
MASTHEAD_CONTRIBUTION_PHOTO_MAX_PIXELS = env.int(
    "MASTHEAD_CONTRIBUTION_PHOTO_MAX_PIXELS", default=40_000_000
)

# --- Places and weather (docs/places.md, docs/weather.md) -----------------------------------
WEATHER_OPEN_METEO_URL = env.str(
    "WEATHER_OPEN_METEO_URL", default="https://api.open-meteo.com/v1/forecast"
)
WEATHER_TIMEOUT_SECONDS = env.float("WEATHER_TIMEOUT_SECONDS", default=5.0)
# How often the background refresh fetches a place again, and how old figures may be shown.
WEATHER_REFRESH_SECONDS = env.int("WEATHER_REFRESH_SECONDS", default=1800)
WEATHER_STALE_SECONDS = env.int("WEATHER_STALE_SECONDS", default=3 * 3600)

# --- Traffic alerts and listings (docs/traffic.md, docs/listings.md) -------------------------
# Reader traffic reports per account and per address (core.ratelimit rate syntax).
TRAFFIC_REPORT_RATE = env.str("TRAFFIC_REPORT_RATE", default="5/h")
# Listing sources given as a file path are read from under this folder only.
LISTINGS_FILE_ROOT = Path(env.str("LISTINGS_FILE_ROOT", default=str(VAR_DIR / "listings")))
# Event feeds are expanded (RRULE) this many days ahead; listings are kept this long after.
LISTINGS_WINDOW_DAYS = env.int("LISTINGS_WINDOW_DAYS", default=60)
LISTINGS_KEEP_DAYS = env.int("LISTINGS_KEEP_DAYS", default=7)
