"""The sign-in throttling backend (django-axes), first in AUTHENTICATION_BACKENDS."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class SignInThrottleBackend(AxesStandaloneBackend):
    """Axes' check of a locked-out account or address, for sign-ins that come
    with a request.

    Axes refuses authenticate() without a request outright. Every web sign-in
    here passes one (Django's AuthenticationForm does); what calls it without
    is not a visitor at all: the test client's login() and code run on the
    server. Those have no address to throttle, so they are let through to
    the password check rather than turned into an error.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[no-any-return]
