"""The blank answer page, rendered once and reused: the hot path of deadline days.

Everyone who opens a survey's link gets the same page except for two values: the
CSRF token and the hidden client id. So the page is rendered once per survey
version, language and minute with sentinels in their place, and each request only
substitutes them. Only for anonymous visitors without a session or messages cookie
and without a query string (a code prefilled from a slip takes the normal path), so
nothing personal can ever be cached.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from prongsai.surveys.models import Survey

CSRF_SENTINEL = "\x00csrf\x00"
CLIENT_SENTINEL = "0" * 31 + "x"  # 32 characters, never a valid client id
LIFETIME_SECONDS = 60

_pages: dict[tuple[object, ...], str] = {}
_lock = threading.Lock()


def cacheable(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (
        request.method == "GET"
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
    )


def blank_page(
    request: HttpRequest, survey: Survey, client_id: str, render: Callable[[str, str], HttpResponse]
) -> HttpResponse:
    """`render(csrf_token, client_id)` renders the page; it is called with the
    sentinels once per key, and the result is filled in for this request."""
    key = (survey.pk, survey.updated_at, get_language(), int(time.monotonic() // LIFETIME_SECONDS))
    html = _pages.get(key)
    if html is None:
        html = render(CSRF_SENTINEL, CLIENT_SENTINEL).content.decode()
        with _lock:
            if len(_pages) > 500:
                _pages.clear()
            _pages[key] = html
    page = html.replace(CSRF_SENTINEL, get_token(request)).replace(CLIENT_SENTINEL, client_id)
    return HttpResponse(page)
