"""Sign-in in two steps, the account security page, and the lockout page.

Step one is Django's password form (throttled by django-axes); a user with an
authenticator is signed in but not yet *verified*, and TwoFactorMiddleware
keeps them on the code step until a code from the app or a recovery code is
accepted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import django_otp
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.accounts import twofactor
from prongsai.accounts.middleware import with_next


class SignInView(LoginView):
    """The password step. Django's view, then off to the code step for a
    user with an authenticator, or to set one up for a user who must."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from prongsai.staff.services import setup_open

        context = super().get_context_data(**kwargs)
        # A fresh install says where to begin; one that needs a setup token
        # does not advertise the page (its operator has the link).
        context["setup_link"] = not settings.SETUP_TOKEN and setup_open()
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        if twofactor.has_two_factor(user):
            return redirect(with_next("accounts:otp", self.get_success_url()))
        if twofactor.required_for(user):
            return redirect("accounts:security")
        return response


def _safe_next(request: HttpRequest) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return reverse(settings.LOGIN_REDIRECT_URL)


@never_cache
@login_required
def otp(request: HttpRequest) -> HttpResponse:
    """The code step: a six-digit code from the app or a recovery code."""
    user = cast(User, request.user)
    if user.is_verified() or not twofactor.has_two_factor(user):  # type: ignore[attr-defined]
        return redirect(_safe_next(request))
    error = None
    if request.method == "POST":
        device = twofactor.code_verify(user=user, code=request.POST.get("code", ""))
        if device is not None:
            request.session.cycle_key()
            django_otp.login(request, device)
            return redirect(_safe_next(request))
        # A wrong code counts toward the account's and the address's lockout
        # like a wrong password; once locked, the half-signed-in session ends.
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
        if getattr(request, "axes_locked_out", False):
            credentials = {"username": user.get_username()}
            logout(request)
            return lockout_response(request, None, credentials)
        error = _("รหัสไม่ถูกต้อง ตรวจรหัสล่าสุดในแอปหรือรหัสสำรองแล้วลองอีกครั้ง")
    until = twofactor.throttled_until(user)
    return render(
        request,
        "accounts/otp_verify.html",
        {"error": error, "throttled_until": until, "next": _safe_next(request)},
        status=400 if error else 200,
    )


@login_required
def security(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    return render(
        request,
        "accounts/security.html",
        {
            "device": twofactor.confirmed_totp(user),
            "codes_left": twofactor.recovery_codes_left(user),
            "required": twofactor.required_for(user),
        },
    )


@require_POST
@login_required
def totp_new(request: HttpRequest) -> HttpResponse:
    device = twofactor.totp_device_start(user=request.user)  # type: ignore[arg-type]
    return redirect("accounts:totp_confirm", device_id=device.pk)


@never_cache
@login_required
def totp_confirm(request: HttpRequest, device_id: int) -> HttpResponse:
    """Scan, then prove it with the first code; the recovery codes are shown
    on the answer to that POST and nowhere else."""
    device = get_object_or_404(TOTPDevice, pk=device_id, user=request.user, confirmed=False)
    error = None
    if request.method == "POST":
        try:
            codes = twofactor.totp_device_confirm(device=device, code=request.POST.get("code", ""))
        except ValidationError as e:
            error = e.message_dict["code"][0]
        else:
            # This session proved the new factor: it counts as verified.
            request.session.cycle_key()
            django_otp.login(request, device)
            return render(request, "accounts/security_codes.html", {"codes": codes})
    return render(
        request,
        "accounts/security_setup.html",
        {
            "device": device,
            "qr_svg": twofactor.qr_svg(device),
            "secret": twofactor.secret_base32(device),
            "error": error,
        },
        status=400 if error else 200,
    )


@never_cache
@require_POST
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if not twofactor.has_two_factor(user):
        return redirect("accounts:security")
    codes = twofactor.recovery_codes_regenerate(user=user)
    return render(request, "accounts/security_codes.html", {"codes": codes, "regenerated": True})


@login_required
def totp_disable(request: HttpRequest, device_id: int) -> HttpResponse:
    device = get_object_or_404(TOTPDevice, pk=device_id, user=request.user, confirmed=True)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            twofactor.two_factor_disable(
                user=request.user,  # type: ignore[arg-type]
                password=request.POST.get("password", ""),
                code=request.POST.get("code", ""),
            )
        except ValidationError as e:
            errors = e.message_dict
        else:
            messages.success(request, _("ปิดการยืนยันตัวตนสองขั้นตอนแล้ว"))
            return redirect("accounts:security")
    return render(
        request,
        "accounts/security_disable.html",
        {"device": device, "errors": errors},
        status=400 if errors else 200,
    )


def locked_until(request: HttpRequest, credentials: dict[str, Any] | None) -> datetime:
    """When the lockout ends: the cool-off after the latest failure counted
    against this account or this address (attempts during a lockout are not
    counted, so this does not move)."""
    username = (credentials or {}).get("username")
    address = getattr(request, "axes_ip_address", None)
    match = Q(ip_address=address)
    if username:
        match |= Q(username=username)
    latest = AccessAttempt.objects.filter(match).aggregate(Max("attempt_time"))["attempt_time__max"]
    return (latest or timezone.now()) + (get_cool_off(request) or settings.AXES_COOLOFF_TIME)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponseBase | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the sign-in page again, saying why and until when."""
    until = timezone.localtime(locked_until(request, credentials))
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    return render(
        request,
        "accounts/login.html",
        {
            "form": AuthenticationForm(request),
            "lockout": {"until": until, "minutes": minutes},
            "next": request.POST.get("next", ""),
        },
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )
