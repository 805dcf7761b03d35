"""The one settings module. Production differs only by environment variables.

See README.md "Configuration" for the list of variables.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from prongsai.lib.env import (
    envbool,
    envchoice,
    envheader,
    envint,
    envlist,
    envnetworks,
    envsecret,
    envstr,
)

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

DEBUG = envbool("DEBUG", False)
# PRODUCTION=true turns on the checks a real deployment needs (a secret key,
# secure cookies) and makes load-demo refuse to run.
PRODUCTION = envbool("PRODUCTION", False)
SECRET_KEY = envsecret("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when PRODUCTION=true"
        )
    # Fine for the demo and tests; a real deployment sets SECRET_KEY.
    SECRET_KEY = "prongsai-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The first-run page (/setup/) creates the first agency and its admin while no
# agency exists. A production server opens it only to whoever has this token
# (/setup/?token=…), so a fresh public install cannot be claimed by a stranger.
SETUP_TOKEN = envstr("SETUP_TOKEN", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "prongsai.accounts",
    "prongsai.agencies",
    "prongsai.framework",
    "prongsai.assessments",
    "prongsai.improvement",
    "prongsai.documents",
    "prongsai.surveys",
    "prongsai.publishing",
    "prongsai.history",
    "prongsai.backup",
    "prongsai.network",
    "prongsai.staff",
    "prongsai.reminders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "prongsai.lib.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "prongsai.lib.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "prongsai.accounts.middleware.MembershipMiddleware",
    "prongsai.accounts.middleware.TwoFactorMiddleware",
    # Last, as axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "prongsai.urls"
WSGI_APPLICATION = "prongsai.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
            "builtins": ["prongsai.lib.templatetags"],
        },
    }
]

# Without DATABASE_URL: an embedded SQLite file in the project folder, in WAL
# mode with IMMEDIATE transactions so concurrent writers queue instead of
# failing with "database is locked".
DATABASE_URL = envstr("DATABASE_URL")
if DATABASE_URL:
    try:
        _db = dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))
    except ValueError as e:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {e}") from e
    if _db["ENGINE"] not in (
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    ):
        raise ImproperlyConfigured("DATABASE_URL must be postgres://… or sqlite:////absolute/path")
else:
    _db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": envstr("SQLITE_PATH", str(PROJECT_DIR / "prongsai.sqlite3")),
    }
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    _db["CONN_MAX_AGE"] = 0
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (django-axes): the first backend refuses a locked-out
# account or address before ModelBackend checks the password.
AUTHENTICATION_BACKENDS = [
    "prongsai.accounts.throttling.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15, minimum=1))
# Each one alone locks: one account tried from many addresses, and one address
# trying many accounts (password spraying).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout do not push its end further: the time the page
# promises stays true, and the rate an attacker gets is the same.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "prongsai.lib.http.client_ip_for_axes"
AXES_LOCKOUT_CALLABLE = "prongsai.accounts.views_security.lockout_response"
AXES_VERBOSE = False
# Never stored in the attempts' copy of the form: usernames, addresses, codes.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
# Two-factor sign-in (django-otp): who must have it. `staff` (is_staff or
# superuser) and/or `admin` (an agency admin of any agency).
REQUIRE_2FA_FOR = envlist("REQUIRE_2FA_FOR", "staff")
if set(REQUIRE_2FA_FOR) - {"admin", "staff"}:
    raise ImproperlyConfigured(
        f"REQUIRE_2FA_FOR takes admin and/or staff, not {','.join(REQUIRE_2FA_FOR)!r}"
    )
OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "Prongsai")

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "assessments:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = envstr("TIME_ZONE", "Asia/Bangkok")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(PROJECT_DIR / "var" / "static")))


def _sarabun_dir() -> str:
    import fontpkg  # from fontpkg-sarabun: the same OFL font the documents use

    return str(Path(fontpkg.path("Sarabun")).parent)


# The web pages use the Sarabun files installed from PyPI, not a copy.
STATICFILES_DIRS = [BASE_DIR / "static", ("fonts", _sarabun_dir())]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded evidence. S3-compatible storage is selected by environment variables
# when one machine is not enough; the default is a folder on disk.
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(PROJECT_DIR / "var" / "media")))
MEDIA_URL = "/media/"
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)

# Where uploaded evidence, signature images, snapshots of checked pages and
# restored files live. `filesystem` (MEDIA_ROOT) for one machine; `s3` for
# several stateless app servers sharing an S3-compatible bucket (AWS, MinIO,
# Ceph, a Thai cloud's object storage) through django-storages. Files are never
# served from the bucket: the views that check the agency stream them, so the
# bucket stays private.
STORAGE_BACKEND = envchoice("STORAGE_BACKEND", "filesystem", ("filesystem", "s3"))
_default_storage: dict[str, Any]
if STORAGE_BACKEND == "s3":
    if not envstr("S3_BUCKET"):
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs S3_BUCKET")
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": envstr("S3_BUCKET"),
            "endpoint_url": envstr("S3_ENDPOINT_URL") or None,
            "region_name": envstr("S3_REGION") or None,
            "access_key": envsecret("S3_ACCESS_KEY_ID") or None,
            "secret_key": envsecret("S3_SECRET_ACCESS_KEY") or None,
            "location": envstr("S3_PREFIX", ""),
            "default_acl": None,
            "querystring_auth": True,
            # Never replace an object silently: a name taken gets a suffix.
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Internal networks the website checker may fetch all the same (comma-separated
# CIDRs); by default it refuses every loopback, private and link-local address, so a
# disclosure link cannot make this server read its own network.
CHECKER_ALLOWED_NETWORKS = envnetworks("CHECKER_ALLOWED_NETWORKS")

# How many reverse proxies stand in front of the app servers (0: none).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0, minimum=0)

# Keyed hashes (survey rate limits) use their own key so rotating it does not
# log everybody out.
HASH_KEY = envsecret("HASH_KEY", "") or SECRET_KEY

# Days a survey's raw answers are kept after it closes (PDPA); then
# `prongsai purge-survey-answers` deletes them and keeps only the aggregates.
SURVEY_RAW_RETENTION_DAYS = envint("SURVEY_RAW_RETENTION_DAYS", 365, minimum=1)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Survey links carry access codes in the URL: never send them to another site.
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS: HSTS for a year in production. includeSubDomains and preload bind every
# subdomain of the agency's domain for good, which is the domain owner's decision:
# only by env.
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", PRODUCTION)
# Behind a TLS-terminating proxy: "X-Forwarded-Proto: https" (the header the proxy
# sets, and the value meaning HTTPS). Only set it when the proxy overwrites that header.
SECURE_PROXY_SSL_HEADER = envheader("SECURE_PROXY_SSL_HEADER")
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
    # The proxy redirects to HTTPS itself when the app leaves it off behind one.
    *(["security.W008"] if SECURE_PROXY_SSL_HEADER and not SECURE_SSL_REDIRECT else []),
]
# Content-Security-Policy (Django's own middleware): our scripts, styles, images and
# fonts only; no inline script without the page's nonce, no inline style at all.
# Only the public embed card may be framed (publishing.views_public.public_embed).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF, SITE_URL],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

EMAIL_BACKEND = envchoice(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend",
    (
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.smtp.EmailBackend",
    ),
)
# Invitations and password resets are sent by email (console by default: the
# message, link included, is printed in the server's log).
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Prongsai <noreply@localhost>")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}
