from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prongsai.reminders import services


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The email's link: no sign-in, the signed token names the user. GET only
    asks (mail scanners follow links); the button's POST turns it off."""
    user = services.user_from_token(token)
    if user is None:
        raise Http404
    done = False
    if request.method == "POST":
        services.preference_set(user=user, enabled=False)
        done = True
    return render(request, "reminders/unsubscribe.html", {"done": done, "subject_user": user})


@login_required
@require_POST
def toggle(request: HttpRequest) -> HttpResponse:
    enabled = request.POST.get("enabled") == "1"
    services.preference_set(user=request.user, enabled=enabled)
    if enabled:
        messages.success(request, _("เปิดรับอีเมลสรุปรายสัปดาห์แล้ว"))
    else:
        messages.success(request, _("ปิดการรับอีเมลสรุปรายสัปดาห์แล้ว"))
    return redirect("accounts:security")
