"""The staff area (/staff/): agencies, supervisors, the staff log. Only
is_staff users; everyone else gets 404 (accounts.access.staff_required)."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.accounts.access import staff_required
from prongsai.accounts.invitations import invitation_link
from prongsai.accounts.views_invite import _add_errors
from prongsai.lib.imports import ImportFailed
from prongsai.staff import selectors
from prongsai.staff.agencies_import import (
    agencies_import,
    agencies_read,
    rows_from_payload,
    rows_to_payload,
)
from prongsai.staff.forms import AgenciesFileForm, AgencyCreateForm, SupervisorInviteForm
from prongsai.staff.services import agency_create_by_staff, supervisor_invite


def _home(request: HttpRequest, status: int = 200, **extra: object) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    context = {
        "query": query,
        "page": selectors.agencies_page(query, request.GET.get("page")),
        "supervisors": selectors.supervisors(),
        "supervisor_invitations": selectors.supervisor_invitations(),
        "log": selectors.staff_log(),
        "file_form": AgenciesFileForm(),
        "supervisor_form": SupervisorInviteForm(),
        **extra,
    }
    return render(request, "staff/home.html", context, status=status)


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    return _home(request)


@staff_required
def agency_new(request: HttpRequest) -> HttpResponse:
    form = AgencyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agency, token = agency_create_by_staff(
                actor=request.user,  # type: ignore[arg-type]
                fields={k: data[k] for k in ("slug", "name", "type", "province", "district")},
                code=data["code"],
                admin_email=data["admin_email"],
            )
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, _("สร้างหน่วยงาน %s แล้ว") % agency.name)
            if not token:
                return redirect("staff:home")
            # The link is shown once, so staff can pass it on by LINE.
            return _home(
                request, new_link=invitation_link(token), new_link_email=data["admin_email"]
            )
    status = 400 if form.errors else 200
    return render(request, "staff/agency_new.html", {"form": form}, status=status)


@staff_required  # first: a stranger gets 404 whatever the method
@require_POST
def agencies_preview(request: HttpRequest) -> HttpResponse:
    form = AgenciesFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _home(request, status=400, file_form=form)
    try:
        rows = agencies_read(form.cleaned_data["file"].read(), max_bytes=settings.IMPORT_MAX_BYTES)
    except ImportFailed as e:
        return _home(request, status=400, file_form=form, import_errors=e.errors)
    context = {
        "rows": rows,
        "payload": json.dumps(rows_to_payload(rows), ensure_ascii=False),
        "counts": {s: sum(r.status == s for r in rows) for s in ("create", "update", "same")},
        "invites": sum(r.invite for r in rows),
    }
    return render(request, "staff/agencies_preview.html", context)


@staff_required  # first: a stranger gets 404 whatever the method
@require_POST
def agencies_confirm(request: HttpRequest) -> HttpResponse:
    try:
        payload = json.loads(request.POST.get("rows", ""))
        rows = rows_from_payload(payload)
    except ValueError as e:
        errors = (
            e.errors if isinstance(e, ImportFailed) else [_("ข้อมูลที่ยืนยันอ่านไม่ได้ กรุณาอัปโหลดไฟล์อีกครั้ง")]
        )
        return _home(request, status=400, import_errors=errors)
    outcome = agencies_import(rows=rows, actor=request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        _("นำเข้ารายชื่อหน่วยงานแล้ว: สร้างใหม่ %(c)d ปรับปรุง %(u)d ไม่เปลี่ยน %(s)d เชิญผู้ดูแล %(i)d")
        % {
            "c": len(outcome.created),
            "u": len(outcome.updated),
            "s": outcome.unchanged,
            "i": len(outcome.links),
        },
    )
    links = [(a.name, email, invitation_link(t)) for a, email, t in outcome.links]
    return _home(request, new_links=links)


@staff_required  # first: a stranger gets 404 whatever the method
@require_POST
def supervisor_new(request: HttpRequest) -> HttpResponse:
    form = SupervisorInviteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            _invitation, token = supervisor_invite(
                actor=request.user,  # type: ignore[arg-type]
                email=data["email"],
                scope=data["scope"],
                types=list(data["types"]),
            )
        except ValidationError as e:
            if hasattr(e, "error_dict"):
                _add_errors(form, e)
            else:  # the scope's own parser speaks about the scope
                form.add_error("scope", e.messages)
        else:
            return _home(request, new_link=invitation_link(token), new_link_email=data["email"])
    return _home(request, status=400, supervisor_form=form)
