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
    # Outermost: every answer (page-cache hits too) gets a request id and is counted.
    "masthead.core.logs.RequestIdMiddleware",
    "masthead.core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outermost after Django's: CSP, COOP and the admin's frame rule reach cached pages,
    # static files and error pages too; oversized bodies are refused before anything reads them.
    "masthead.core.security.SecurityHeadersMiddleware",
    "masthead.core.limits.RequestSizeLimitMiddleware",
    "masthead.core.limits.NulCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # /api/v1/: HEAD, OPTIONS, 405 and 414 in the API's shape, CORS for public reads. Outside
    # ConditionalGetMiddleware, so a 304 (a new response) carries the CORS headers too.
    "masthead.api.middleware.ApiHttpMiddleware",
    # Outside the page cache, so a stored page answers If-None-Match/If-Modified-Since with 304
    # too; adds an ETag (a digest of the body) to every GET answer that lacks one.
    "django.middleware.http.ConditionalGetMiddleware",
    # Serves whole anonymous pages from the cache before sessions, auth or routing run.
    "masthead.core.pagecache.PageCacheMiddleware",
    # A miss reads from a replica when one is configured and fresh (core/replicas.py).
    "masthead.core.replicas.ReplicaRoutingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "masthead.accounts.middleware.StaffTwoFactorMiddleware",
    # A Wagtail StreamField form missing its bookkeeping fields is a 400, not a 500.
    "masthead.core.admin_forms.IncompleteAdminFormMiddleware",
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

# Fields render through the design system's field template (core/templates/forms/field.html).
FORM_RENDERER = "masthead.core.forms_renderer.MastheadFormRenderer"

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
# Streaming replicas of a PostgreSQL primary for anonymous reads (masthead/core/replicas.py):
# comma-separated URLs, each becomes the alias replica1, replica2 …
DATABASE_REPLICA_URLS = env.list("DATABASE_REPLICA_URLS", default=[])
for _number, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    _replica = env.db_url_config(_url)
    _replica.setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    _replica.setdefault("CONN_HEALTH_CHECKS", True)
    # A dead replica must cost a reader at most this long before reads move to the primary.
    _replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    # Tests read the primary's test database through the replica alias.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_number}"] = _replica
if DATABASE_REPLICA_URLS:
    DATABASE_ROUTERS = ["masthead.core.replicas.ReplicaRouter"]
# Seconds a replica may be behind before reads go to the primary; how often each process
# checks a replica, and how long it leaves a replica that did not answer.
MASTHEAD_REPLICA_MAX_LAG_SECONDS = env.float("MASTHEAD_REPLICA_MAX_LAG_SECONDS", default=5.0)
MASTHEAD_REPLICA_CHECK_SECONDS = env.float("MASTHEAD_REPLICA_CHECK_SECONDS", default=1.0)
MASTHEAD_REPLICA_RETRY_SECONDS = env.float("MASTHEAD_REPLICA_RETRY_SECONDS", default=5.0)
# A reader who wrote (any POST) reads from the primary for this long (read-your-writes).
MASTHEAD_READ_YOUR_WRITES_SECONDS = env.int("MASTHEAD_READ_YOUR_WRITES_SECONDS", default=15)
# Paths whose reads always use the primary: the admin and a reader's own pages.
MASTHEAD_PRIMARY_ONLY_PATHS = (
    "/admin/", "/accounts/", "/my-contributions/", "/contribute/", "/documents/",
)  # fmt: skip
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
# Seconds Varnish or a CDN may keep a page purged by surrogate key (Surrogate-Control): hours,
# since a change purges exactly the pages that show it (docs/architecture.md "Caches").
MASTHEAD_SURROGATE_SECONDS = env.int("MASTHEAD_SURROGATE_SECONDS", default=6 * 3600)
# Edge Side Includes for parts that go stale more often than their page (the related list
# under an article), when the proxy announces it processes them (masthead/core/esi.py).
MASTHEAD_ESI = env.bool("MASTHEAD_ESI", default=True)
# "keys" (exact purges by surrogate key) or "all" (every change purges every page, the old
# behaviour, kept for the churn bench's comparison).
MASTHEAD_PURGE = env.str("MASTHEAD_PURGE", default="keys")
# Varnish instances (their admin addresses, e.g. http://127.0.0.1:6081/) a purge task sends
# each change's keys to; comma-separated. Empty: only the app's own page cache is purged.
MASTHEAD_PURGE_PROXIES = env.list("MASTHEAD_PURGE_PROXIES", default=[])
# Attempts of a purge task before it gives up (backing off 1, 2, 4… s, at most 60 s apart).
MASTHEAD_PURGE_ATTEMPTS = env.int("MASTHEAD_PURGE_ATTEMPTS", default=8)
# Pages a change dropped from the page cache that the purge task renders again before it
# purges the proxies, so the proxies' re-fetch of a purged listing is a page-cache hit and the
# readers it holds wait milliseconds, not a render (Redis page cache only; 0: none).
MASTHEAD_PURGE_REFRESH = env.int("MASTHEAD_PURGE_REFRESH", default=24)
# ... and the time it may spend on them: the change reaches readers only after the purge.
MASTHEAD_PURGE_REFRESH_SECONDS = env.float("MASTHEAD_PURGE_REFRESH_SECONDS", default=0.3)

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
# One backend, open only inside allauth's sign-in flow (masthead/accounts/backends.py): no
# other view can prove a password without the limits, the verified address and the second factor.
AUTHENTICATION_BACKENDS = ["masthead.accounts.backends.AccountBackend"]
# Accounts (django-allauth 65): see docs/accounts.md.
ACCOUNT_ADAPTER = "masthead.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "masthead.accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_FORMS = {
    "login": "masthead.accounts.forms.LoginForm",
    "signup": "masthead.accounts.forms.SignupForm",
}
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
# Wagtail's own password form has no rate limit: the admin signs in through allauth, and so
# do readers sent to sign in by a sign-in-only page (never Django's bare LoginView).
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
# Wrong page passwords (Wagtail view restrictions) per address before the form answers 429.
MASTHEAD_PAGE_PASSWORD_RATE = env.str("MASTHEAD_PAGE_PASSWORD_RATE", default="10/10m")
# Failed sign-ins to one account from every client together before a password alone is
# refused from clients that never proved themselves (accounts/lockout.py).
MASTHEAD_LOGIN_FAILED_ACCOUNT_RATE = env.str("MASTHEAD_LOGIN_FAILED_ACCOUNT_RATE", default="20/h")
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Signed in everywhere at once (accounts/network.py, decision 0105): sites on unrelated
# domains share a sign-in through a hop via the home site. Off when the sites share a parent
# domain's session cookie instead (SESSION_COOKIE_DOMAIN), where it has nothing to add.
MASTHEAD_NETWORK_SIGN_IN = env.bool("MASTHEAD_NETWORK_SIGN_IN", default=not SESSION_COOKIE_DOMAIN)
# Hostname of the site readers' sign-ins are kept at; empty: the default Wagtail Site.
MASTHEAD_NETWORK_HOME = env.str("MASTHEAD_NETWORK_HOME", default="")
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
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Files with no public address (reader photo originals, data exports), outside MEDIA_ROOT.
MASTHEAD_PRIVATE_ROOT = env.str("MASTHEAD_PRIVATE_ROOT", default=str(VAR_DIR / "private"))
# One S3-compatible bucket for every node's files instead of the folders above
# (masthead/core/storage.py): s3+http://KEY:SECRET@host:port/bucket, s3://KEY:SECRET@/bucket.
MEDIA_STORAGE_URL = env.str("MEDIA_STORAGE_URL", default="")
# The bucket's address as readers reach it, when it differs from the nodes' (signed links).
MEDIA_STORAGE_PUBLIC_ENDPOINT = env.str("MEDIA_STORAGE_PUBLIC_ENDPOINT", default="")
# How long a signed link to a private file (an original, a data export) works.
MASTHEAD_SIGNED_URL_SECONDS = env.int("MASTHEAD_SIGNED_URL_SECONDS", default=300)
from masthead.core.storage import storages_for  # noqa: E402 - no Django imports at load

STORAGES = {
    **storages_for(
        storage_url=MEDIA_STORAGE_URL,
        signing_url=MEDIA_STORAGE_PUBLIC_ENDPOINT,
        media_root=MEDIA_ROOT,
        private_root=MASTHEAD_PRIVATE_ROOT,
    ),
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
# mp4/webm: a video page may carry its own file instead of a link (VideoPage.video_file).
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "mp4", "odt", "pdf", "txt", "webm", "xlsx"]
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
# A form sent from a stale page: our page in the site's look (masthead/core/errors.py).
CSRF_FAILURE_VIEW = "masthead.core.errors.csrf_failure"
# Content-Security-Policy (masthead/core/security.py): report-only to try a change live, and
# extra sources per directive as JSON, e.g. {"img-src": ["https://media.example.net"]}.
MASTHEAD_CSP_REPORT_ONLY = env.bool("MASTHEAD_CSP_REPORT_ONLY", default=False)
MASTHEAD_CSP_EXTRA = env.json("MASTHEAD_CSP_EXTRA", default={})

# Log lines carry the request id (passed on to the tasks a request enqueues); LOG_FORMAT=json
# writes one JSON object per line for a log collector (masthead/core/logs.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "masthead.core.logs.RequestIdFilter"},
        # A Redis outage fails every cache call: one warning per 30 s, not one traceback each.
        "cache_outage": {"()": "masthead.core.logs.RateLimitedWarning", "seconds": 30},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "masthead.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # No handler of its own: records propagate to the root's console once (with one here
        # too, every masthead line was printed twice).
        "masthead": {"level": env.str("LOG_LEVEL", default="INFO")},
        "masthead.cache.outage": {"level": "WARNING", "filters": ["cache_outage"]},
    },
}
DJANGO_REDIS_LOGGER = "masthead.cache.outage"

# Prometheus metrics at /metrics for a scraper sending "Authorization: Bearer <token>";
# without a token the address answers 404 (masthead/core/metrics.py).
MASTHEAD_METRICS_TOKEN = env.str("MASTHEAD_METRICS_TOKEN", default="")

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
# Reader search (docs/search.md, decision 0705): "index" is our own index (SQLite FTS5 or
# PostgreSQL full text, every match ranked); "wagtail" searches WAGTAILSEARCH_BACKENDS instead
# (e.g. OpenSearch/Elasticsearch), ranking the newest MASTHEAD_SEARCH_RELEVANCE_WINDOW matches.
MASTHEAD_SEARCH_ENGINE = env.str("MASTHEAD_SEARCH_ENGINE", default="index")
MASTHEAD_SEARCH_RELEVANCE_WINDOW = env.int("MASTHEAD_SEARCH_RELEVANCE_WINDOW", default=200)
# Freshness: a story published now scores (1 + boost) times its text score, one
# MASTHEAD_SEARCH_FRESHNESS_DAYS old (1 + boost/2) times, a very old one about 1 times.
MASTHEAD_SEARCH_FRESHNESS_BOOST = env.float("MASTHEAD_SEARCH_FRESHNESS_BOOST", default=1.0)
MASTHEAD_SEARCH_FRESHNESS_DAYS = env.float("MASTHEAD_SEARCH_FRESHNESS_DAYS", default=30.0)
# Seconds a query's champion list and counts are kept (docs/decisions/0707); each read ranks
# the list and what was indexed since afresh. 0: every request ranks every match.
MASTHEAD_SEARCH_RESULT_SECONDS = env.int("MASTHEAD_SEARCH_RESULT_SECONDS", default=300)
# Field weights: headline, standfirst, tags/places/bylines, body.
MASTHEAD_SEARCH_WEIGHTS = tuple(
    env.list("MASTHEAD_SEARCH_WEIGHTS", cast=float, default=[10.0, 4.0, 2.5, 1.0])
)

# --- Reader contributions (docs/contributions.md) -------------------------------------------
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
# "demo" (these settings: `make run`, development) makes up deterministic figures offline and
# labels them; production.py defaults to "open-meteo", the real forecast.
WEATHER_PROVIDER = env.str("WEATHER_PROVIDER", default="demo")
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
