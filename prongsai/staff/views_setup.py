"""The first-run page: whoever installed Prongsai creates their agency and
their own admin account, without typing a command. It exists only while no
agency does; on a production server only with SETUP_TOKEN (compared in
constant time), so a stranger who finds a fresh install cannot claim it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from prongsai.accounts.views_invite import BACKEND, _add_errors
from prongsai.staff.forms import SetupForm
from prongsai.staff.services import first_run_setup, setup_open


def _token_ok(token: str) -> bool:
    if not settings.SETUP_TOKEN:
        return True
    return constant_time_compare(token, settings.SETUP_TOKEN)


@never_cache
def setup(request: HttpRequest) -> HttpResponse:
    token = request.POST.get("token") or request.GET.get("token") or ""
    # Closed and "wrong token" look the same: 404, nothing to probe.
    if not setup_open() or not _token_ok(token):
        raise Http404
    form = SetupForm(request.POST or None, initial={"token": token})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = first_run_setup(
                agency={k: data[k] for k in ("slug", "name", "type", "province", "district")},
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                password=data["password1"],
                staff=data["staff"],
            )
        except ValidationError as e:
            _add_errors(form, e)
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, _("ติดตั้งเสร็จแล้ว ยินดีต้อนรับสู่ Prongsai"))
            return redirect("assessments:dashboard")
    status = 400 if form.errors else 200
    return render(request, "staff/setup.html", {"form": form}, status=status)
