import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The visitor's address, for rate limits only (never stored as such).

    Behind N reverse proxies (TRUSTED_PROXY_COUNT=N) every request comes from
    the last proxy; the visitor is then the Nth address from the right of
    X-Forwarded-For, the only part a client cannot forge.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


def client_ip_for_axes(request: HttpRequest) -> str | None:
    """The same visitor address for sign-in throttling (AXES_CLIENT_IP_CALLABLE).

    Axes stores it in an IP address column (inet on PostgreSQL): anything that
    is not an address (a misconfigured proxy) is stored as unknown rather than
    failing the sign-in.
    """
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
