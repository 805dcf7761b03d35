"""A staff user loads the framework of a new year: upload, read it as a table with
what changed from the year before, then confirm. Nothing is written before the
confirmation, and the confirmed text is validated again (the hidden field came back
from the browser)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.accounts.access import staff_required
from prongsai.accounts.staff_log import Action, staff_action_record
from prongsai.framework.diff import framework_diff
from prongsai.framework.library import FrameworkFileError, parse_framework_text
from prongsai.framework.models import Framework
from prongsai.framework.schema import FrameworkSpec
from prongsai.framework.services import framework_load, framework_spec

MAX_FRAMEWORK_BYTES = 2 * 1024 * 1024


def _previous_spec(year: int) -> FrameworkSpec | None:
    previous = Framework.objects.filter(year__lt=year).order_by("-year").first()
    return framework_spec(previous) if previous is not None else None


def _read_upload(request: HttpRequest) -> tuple[str | None, str]:
    upload = request.FILES.get("file")
    if upload is None:
        return None, _("กรุณาเลือกไฟล์ YAML")
    if (upload.size or 0) > MAX_FRAMEWORK_BYTES:
        return None, _("ไฟล์ใหญ่เกินไป (ไม่เกิน 2 MB)")
    try:
        return upload.read().decode("utf-8-sig"), upload.name or "upload.yaml"
    except UnicodeDecodeError:
        return None, _("ไฟล์ต้องเป็นข้อความ UTF-8")


# Frameworks are shared by every agency: an agency role never grants this
# (staff_required: non-staff get 404, anonymous the sign-in page).
@staff_required  # first: a stranger gets 404 whatever the method
@require_POST
def import_preview(request: HttpRequest) -> HttpResponse:
    text, name = _read_upload(request)
    context: dict[str, object] = {"errors": [], "spec": None}
    if text is None:
        context["errors"] = [name]
    else:
        try:
            spec = parse_framework_text(text, source_name=name)
        except FrameworkFileError as e:
            context["errors"] = [str(err) for err in (e, *e.others)]
        else:
            indicators = [(i, spec.questions_for_indicator(i.number)) for i in spec.indicators]
            context.update(
                spec=spec,
                name=name,
                text=text,
                indicators=indicators,
                diff=framework_diff(spec, _previous_spec(spec.year)),
                replaces=Framework.objects.filter(year=spec.year).first(),
                unknown=spec.unknown_text_codes(),
            )
    status = 400 if context["errors"] else 200
    return render(request, "framework/import_preview.html", context, status=status)


@staff_required  # first: a stranger gets 404 whatever the method
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    name = request.POST.get("name") or "upload.yaml"
    text = request.POST.get("text", "")
    if len(text.encode()) > MAX_FRAMEWORK_BYTES:
        raise PermissionDenied(_("ไฟล์ใหญ่เกินไป (ไม่เกิน 2 MB)"))
    try:
        spec = parse_framework_text(text, source_name=name)
    except FrameworkFileError as e:
        errors = [str(err) for err in (e, *e.others)]
        return render(
            request, "framework/import_preview.html", {"errors": errors, "spec": None}, status=400
        )
    with transaction.atomic():  # the framework and its staff log entry, or neither
        framework, changed = framework_load(spec, source="imported")
        if changed:
            staff_action_record(
                actor=request.user,  # type: ignore[arg-type]
                action=Action.FRAMEWORK_IMPORT,
                summary=f"นำเข้ากรอบการประเมินปี {framework.year} ({name}, {spec.status})",
            )
    messages.success(
        request,
        _("นำเข้ากรอบการประเมินปี %(y)s แล้ว") % {"y": framework.year}
        if changed
        else _("กรอบการประเมินปี %(y)s ไม่มีการเปลี่ยนแปลง") % {"y": framework.year},
    )
    return redirect("framework:detail", year=framework.year)
