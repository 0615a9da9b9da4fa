"""Settings for RIN portal. Every deploy-specific value comes from the environment.

The readers below fail loudly: a malformed value stops start-up with a message
that names the variable. `docs/deploy.md` lists every variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def is_weak_key(key: str) -> bool:
    return (
        len(key) < 50
        or len(set(key)) < 5
        or key.startswith("django-insecure")
        or key.startswith("dev-only")
    )


def checked_secret_key(key: str, *, debug: bool) -> str:
    """Refuse to run in production with a missing, short or placeholder secret key."""
    if is_weak_key(key) and not debug:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is missing or weak. With DJANGO_DEBUG off it must be at least "
            '50 random characters, e.g. from: python -c "import secrets; '
            'print(secrets.token_urlsafe(50))"'
        )
    return key or "dev-only-insecure-key-never-use-in-production-0123456789"


def checked_fallback_keys(keys: list[str], *, debug: bool) -> list[str]:
    """Former secret keys, still accepted for what they signed (sessions, unsubscribe
    links) until taken out: anyone who knows one can sign with it, so each must be as
    strong as the secret key."""
    if not debug and any(is_weak_key(key) for key in keys):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY_FALLBACKS holds a weak key. It lists former values of "
            "DJANGO_SECRET_KEY, comma-separated, each at least 50 random characters."
        )
    return keys


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = checked_secret_key(env_str("DJANGO_SECRET_KEY"), debug=DEBUG)
# After SECRET_KEY is changed, what the former key signed still works until it is taken
# out of here: sessions, unsubscribe links (docs/deploy.md, "Rotating the secret key").
SECRET_KEY_FALLBACKS = checked_fallback_keys(env_list("DJANGO_SECRET_KEY_FALLBACKS"), debug=DEBUG)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# True only in environments that may hold demo accounts with published passwords.
DEMO_MODE = env_bool("RIN_DEMO_MODE", False)
SITE_URL = env_str("RIN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "rin_portal",
    "municipalities",
    "providers",
    "plans",
    "reports",
    "news",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "rin_portal.apps.TaskQueueConfig",  # django_tasks_db, its name translated
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost with the security headers: every response gets them, also the error page
    # a middleware further in answers with (a foreign Host header, a failing session).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "rin_portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "rin_portal.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Innermost: the page it puts in place of an empty 405 gets the headers above.
    "rin_portal.errors.MethodNotAllowedMiddleware",
]

ROOT_URLCONF = "rin_portal.urls"
WSGI_APPLICATION = "rin_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "rin_portal.templating.DjangoTemplates",  # (lets go of contexts)
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rin_portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while pages read; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "rin_portal.cache.RedisCache",
        "LOCATION": env_str("REDIS_URL"),
    }
    if env_str("REDIS_URL")
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "rin-portal",
    }
}

TASKS = {
    "default": {
        "BACKEND": env_str("RIN_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "documents"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Failed sign-ins before a user name or an address is locked out, and for how long.
LOGIN_FAILURE_LIMIT = env_int("RIN_LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = env_int("RIN_LOGIN_LOCKOUT_MINUTES", 15)
# Set to the number of reverse proxies in front of the app that append X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("RIN_TRUSTED_PROXY_COUNT", 0)

# Whole pages kept in each process's memory under the content generation
# (rin_portal/caching.py), besides the shared cache.
RIN_PAGE_MEMORY_MB = env_int("RIN_PAGE_MEMORY_MB", 32)
AUTHENTICATION_BACKENDS = ["rin_portal.auth.GenerationModelBackend"]


def gc_thresholds(raw: str) -> tuple[int, int, int]:
    """RIN_GC_THRESHOLDS: the garbage collector's three thresholds in a serving process."""
    try:
        values = tuple(int(part) for part in raw.split(","))
    except ValueError:
        values = ()
    if len(values) != 3 or min(values) < 1:
        raise ImproperlyConfigured(
            f"RIN_GC_THRESHOLDS must be three whole numbers above 0, e.g. 50000,20,100, "
            f"not {raw!r}."
        )
    return values


RIN_GC_THRESHOLDS = gc_thresholds(env_str("RIN_GC_THRESHOLDS", "50000,20,100"))
# With a shared cache (Redis), sessions are read from it and written through to the
# database. A per-process memory cache cannot hold them: a sign-out in one worker
# would not reach the others. Single-process development may use it.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if env_str("REDIS_URL") or DEBUG
    else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_AGE = 12 * 60 * 60  # absolute lifetime
SESSION_IDLE_TIMEOUT = env_int("RIN_SESSION_IDLE_MINUTES", 30) * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "sl"
LANGUAGES = [("sl", _("Slovenian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Ljubljana"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["rin_portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("RIN_MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# In development WhiteNoise serves straight from the app folders, without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

CSRF_FAILURE_VIEW = "rin_portal.errors.csrf_failure"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# The portal's Slovenian name: e-mails go out in Slovenian.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Portal RIN <noreply@rin-portal.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. Everything below is what `check --deploy` asks for in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Documents (PDF) rendering limits: see reports/rendering.py.
RIN_RENDER_TIMEOUT_SECONDS = env_int("RIN_RENDER_TIMEOUT_SECONDS", 300)
RIN_RENDER_MEMORY_MB = env_int("RIN_RENDER_MEMORY_MB", 500)
# Documents -----------------------------------------------------------------------------
# Larger documents are refused before rendering, with a message that says why
# (docs/reports.md).
RIN_DOCUMENT_MAX_TABLE_ROWS = env_int("RIN_DOCUMENT_MAX_TABLE_ROWS", 8000)
RIN_DOCUMENT_MAX_TEXT_KB = env_int("RIN_DOCUMENT_MAX_TEXT_KB", 2048)
# Accessible PDFs of at least this many parts (chapters, programme pages), or made from
# this much data, are assembled from parts rendered apart (this many at once), each
# in its own process within the memory limit, and reused while unchanged.
RIN_DOCUMENT_ASSEMBLE_FROM_PARTS = env_int("RIN_DOCUMENT_ASSEMBLE_FROM_PARTS", 60)
RIN_DOCUMENT_ASSEMBLE_FROM_KB = env_int("RIN_DOCUMENT_ASSEMBLE_FROM_KB", 600)
RIN_RENDER_PROCESSES = env_int("RIN_RENDER_PROCESSES", 2)
# Evidence uploads and spreadsheet imports.
RIN_EVIDENCE_MAX_MB = env_int("RIN_EVIDENCE_MAX_MB", 10)
RIN_IMPORT_MAX_MB = env_int("RIN_IMPORT_MAX_MB", 5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "pikepdf": {"level": "WARNING"},
    },
}
