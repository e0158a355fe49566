"""Settings, all from the environment, with defaults that are safe to run in production."""

import datetime
import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {raw!r}.")


def env_int(name, default):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it in the environment (any long random string, "
            "e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(50))'`), "
            "start with `make run`, which keeps a local key in .secret_key, "
            "or set DJANGO_DEBUG=1 for development."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "kaiyaku.apps.EditorsAdminConfig",  # django.contrib.admin, with the editors' login
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "kaiyaku",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kaiyaku.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language is the URL's: /en/… English, everything else Japanese (kaiyaku.urls). With
    # prefix_default_language=False an unprefixed path is always Japanese, so neither the
    # browser's Accept-Language nor a cookie ever redirects or changes a page: a link is a link.
    "kaiyaku.languages.UrlLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kaiyaku.preview.PreviewMiddleware",  # after auth: only editors preview
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into its page
]

ROOT_URLCONF = "kaiyaku.urls"
WSGI_APPLICATION = "kaiyaku.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "kaiyaku.languages.alternates",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kaiyaku.preview.preview",
            ],
        },
    },
    {
        # The planner's facts in words (kaiyaku.result.words): plain text, escaped by whichever
        # page shows it, and left as it is in the JSON and the calendar file.
        "NAME": "words",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates" / "words"],
        "OPTIONS": {"autoescape": False},
    },
    {
        # The result page's main region (kaiyaku.jinja2): the site's heaviest template, rendered
        # for every new result, where Jinja2 took a fraction of Django's time (issue 13).
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "OPTIONS": {"environment": "kaiyaku.jinja2.environment"},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
# On SQLite, readers never wait for the writer (WAL), and a transaction takes the write lock when
# it begins (IMMEDIATE), so two editors saving at once queue for up to `timeout` seconds instead
# of one failing with "database is locked".
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": env_int("KAIYAKU_SQLITE_TIMEOUT", 20),
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account before the password
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes, counters in the database): after this many wrong passwords for
# one account, or from one address, logins from it are refused until the cool-off has passed.
AXES_FAILURE_LIMIT = env_int("KAIYAKU_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("KAIYAKU_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Behind N proxies that append to X-Forwarded-For, the client is the Nth address from the right;
# with 0 (no proxy), REMOTE_ADDR. Set it, or every login shares the proxy's address.
KAIYAKU_PROXY_COUNT = env_int("KAIYAKU_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "kaiyaku.security.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/kaiyaku/locked_out.html"
# A second factor (TOTP app, recovery codes) for every admin login; README recommends it on.
KAIYAKU_REQUIRE_2FA = env_bool("KAIYAKU_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "kaiyaku"

# The data snapshot and rendered result pages, keyed by the data version (kaiyaku.snapshot.store,
# kaiyaku.result.views). Each process keeps its own in local memory unless REDIS_URL names a
# Redis server that every app server shares (README § Running on several machines).
REDIS_URL = os.environ.get("REDIS_URL", "")


def code_digest():
    """A digest of the code, templates and static files this process runs: cache keys carry it, so
    servers of a new release never read pages or snapshots pickled by the release before."""
    digest = hashlib.sha256()
    for folder in ("kaiyaku", "templates", "static"):
        for path in sorted((BASE_DIR / folder).rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                digest.update(str(path.relative_to(BASE_DIR)).encode() + path.read_bytes())
    return digest.hexdigest()[:12]


CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
    )
    | {"KEY_PREFIX": f"kaiyaku-{code_digest()}"}
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ja"
# Japanese is the source language (msgids); locale/en is the English edition's catalogue, and
# locale/ja the Japanese for what Django and django-simple-history leave in English in the admin.
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Tokyo")
USE_I18N = True
USE_TZ = env_bool("USE_TZ", True)

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Self-only CSP; the nonce is there for any script a template must inline (none do today).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# /request/ is the only form that posts; its refusal is explained in Japanese.
CSRF_FAILURE_VIEW = "kaiyaku.requests.csrf_failure"

# /.well-known/security.txt (RFC 9116): where to report a vulnerability (mailto: or https:
# URIs, comma-separated); without one the file is not served.
KAIYAKU_SECURITY_CONTACTS = env_list("KAIYAKU_SECURITY_CONTACT")
KAIYAKU_SECURITY_POLICY = os.environ.get("KAIYAKU_SECURITY_POLICY", "")
KAIYAKU_SECURITY_TXT_DAYS = env_int("KAIYAKU_SECURITY_TXT_DAYS", 180)  # RFC 9116: under a year

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    # Preload lists are hard to leave: a site opts in once it is sure (hstspreload.org's rules).
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    # TLS is ended by the proxy in front; it sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", False)
    # Health checks come from inside (load balancer, container) over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

SILENCED_SYSTEM_CHECKS = [] if env_bool("DJANGO_SSL_REDIRECT", False) else ["security.W008"]
if not env_bool("DJANGO_HSTS_PRELOAD", False):
    SILENCED_SYSTEM_CHECKS.append("security.W021")  # preload is opted into, not a default

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # django-axes announces its configuration at every start, manage.py commands included.
    "loggers": {"axes.apps": {"level": "WARNING"}},
}
