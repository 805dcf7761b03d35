"""Strict readers for environment variables.

A typo in production configuration must stop the server at start-up, not
silently fall back to a default: every reader raises ImproperlyConfigured on a
value it cannot read.
"""

import os
from ipaddress import IPv4Network, IPv6Network
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def envstr(name: str, default: str = "") -> str:
    return os.getenv(name, default)


def envsecret(name: str, default: str = "") -> str:
    """Read NAME, or the file named by NAME_FILE (for container secrets)."""
    file_name = os.getenv(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as e:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name}: {e}") from e
    return os.getenv(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.getenv(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def envint(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.getenv(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def envlist(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.getenv(name, default).split(",") if part.strip()]


def envchoice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.getenv(name) or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def envnetworks(name: str) -> tuple[IPv4Network | IPv6Network, ...]:
    """Comma-separated CIDRs ("127.0.0.0/8, 10.1.0.0/16") as ipaddress networks."""
    from prongsai.lib.safe_http import parse_networks

    try:
        return parse_networks(envlist(name))
    except ValueError as e:
        raise ImproperlyConfigured(f"{name}: {e}") from None


def envheader(name: str) -> tuple[str, str] | None:
    """ "X-Forwarded-Proto: https" as Django's SECURE_PROXY_SSL_HEADER pair
    ("HTTP_X_FORWARDED_PROTO", "https"); None when unset."""
    raw = os.getenv(name, "").strip()
    if not raw:
        return None
    header, sep, value = raw.partition(":")
    header, value = header.strip(), value.strip()
    if not sep or not header or not value or not all(c.isalnum() or c == "-" for c in header):
        raise ImproperlyConfigured(f"{name} must look like 'X-Forwarded-Proto: https', not {raw!r}")
    return "HTTP_" + header.upper().replace("-", "_"), value
