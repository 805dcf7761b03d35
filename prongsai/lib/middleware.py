from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class ChosenLanguageMiddleware:
    """Thai unless the person chose English with the language button.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so
    an officer whose phone is set to English would get a half-English page
    they never asked for; the interface is Thai first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            # Back to Thai once the page is rendered: whatever runs next in
            # this thread outside a request (a test, a command) must not
            # inherit one visitor's English.
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response


# Features no page of ours uses: a script injected into a page (or a page framed by
# the embed) cannot ask for them. Public surveys are answered anonymously; nobody's
# camera, microphone or location is ever needed.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "bluetooth=(), hid=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), "
    "display-capture=(), browsing-topics=(), interest-cohort=()"
)


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header on every answer (a view may set its own)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
