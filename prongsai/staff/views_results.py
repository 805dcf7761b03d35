"""The staff page of many agencies' ITA results in one file: upload and
preview (nothing written), then confirm (the kept file checked again from
scratch, then written all or nothing, and logged as a staff action)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prongsai.accounts.access import staff_required
from prongsai.assessments.imports_many import results_import_many
from prongsai.lib.imports import ImportFailed
from prongsai.staff.forms import ResultsFileForm
from prongsai.staff.results_import import pending_claim, pending_keep, pending_open


@staff_required
@require_http_methods(["GET", "POST"])
def results_import(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: check the file as a dry run and show what each
    agency's results would be; the file is kept for the confirmation."""
    form = ResultsFileForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data, year = upload.read(), form.cleaned_data["year"]
        try:
            result = results_import_many(
                year=year, data=data, actor=request.user, dry_run=True, file_name=upload.name
            )
        except ImportFailed as e:
            errors = e.errors
        else:
            token = pending_keep(data=data, year=year, file_name=upload.name, user=request.user)
            context = {"result": result, "token": token, "file_name": upload.name}
            return render(request, "staff/results_preview.html", context)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "staff/results_import.html", {"form": form, "import_errors": errors}, status=status
    )


@staff_required  # first: a stranger gets 404 whatever the method
@require_POST
def results_confirm(request: HttpRequest) -> HttpResponse:
    try:
        pending, data = pending_open(request.POST.get("token", ""), user=request.user)
        with transaction.atomic():
            pending_claim(pending, user=request.user)
            result = results_import_many(
                year=pending.year, data=data, actor=request.user, file_name=pending.file_name
            )
    except ImportFailed as e:
        context = {"form": ResultsFileForm(), "import_errors": e.errors}
        return render(request, "staff/results_import.html", context, status=400)
    messages.success(
        request,
        _("นำเข้าผลคะแนน ITA %(year)d ของ %(n)d หน่วยงานแล้ว")
        % {"year": result.year, "n": len(result.agencies)},
    )
    context = {"result": result, "file_name": pending.file_name}
    return render(request, "staff/results_preview.html", context)
