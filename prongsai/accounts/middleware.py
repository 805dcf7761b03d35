from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from prongsai.accounts import twofactor
from prongsai.accounts.models import Membership

SESSION_KEY = "agency_id"


def current_membership(request: HttpRequest) -> Membership | None:
    """The membership the signed-in user works in: the agency chosen in this
    session, else their first. Every agency-scoped lookup starts here."""
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = Membership.objects.select_related("agency").filter(user=user)
    chosen = request.session.get(SESSION_KEY)
    if chosen is not None:
        found = memberships.filter(agency_id=chosen).first()
        if found is not None:
            return found
    return memberships.order_by("agency__name").first()


class MembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = SimpleLazyObject(lambda: current_membership(request))  # type: ignore[attr-defined]
        return self.get_response(request)


# Pages a signed-in user may reach before their second factor is settled:
# the code step and the setup pages, signing out, the language switch.
# Nothing else, so a stolen password alone reaches no agency's data.
TWO_FACTOR_OPEN = {
    "accounts:otp",
    "accounts:logout",
    "set_language",
}
TWO_FACTOR_SETUP = {"accounts:security", "accounts:totp_new", "accounts:totp_confirm"}


class TwoFactorMiddleware:
    """After OTPMiddleware: a user with an authenticator who has not entered a
    code in this session goes to the code step; a user who must have one
    (REQUIRE_2FA_FOR) but has none goes to set it up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]
            and not request.path_info.startswith(settings.STATIC_URL)
        ):
            name = _url_name(request)
            if twofactor.has_two_factor(user):  # type: ignore[arg-type]
                request.two_factor_pending = True  # type: ignore[attr-defined]
                if name not in TWO_FACTOR_OPEN:
                    return redirect(with_next("accounts:otp", request.get_full_path()))
            elif twofactor.required_for(user):
                # Templates hide the agency's menu until this is settled.
                request.two_factor_pending = True  # type: ignore[attr-defined]
                if name not in TWO_FACTOR_OPEN | TWO_FACTOR_SETUP:
                    messages.warning(
                        request,
                        _("บัญชีนี้ต้องใช้การยืนยันตัวตนสองขั้นตอน ตั้งค่าให้เสร็จก่อนใช้งานส่วนอื่น"),
                    )
                    return redirect("accounts:security")
        return self.get_response(request)


def _url_name(request: HttpRequest) -> str | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match.view_name


def with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"
