"""Results and evidence: adding, editing, and serving files through the agency check."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.accounts.access import get_for_agency, member_required
from prongsai.history.services import history_for
from prongsai.improvement.forms import (
    EvidenceForm,
    ResultAddForm,
    ResultForm,
    ReviseForm,
    add_service_errors,
)
from prongsai.improvement.models import Evidence, EvidenceKind, EvidenceRevision, Result
from prongsai.improvement.services import (
    evidence_add_file,
    evidence_add_link,
    evidence_add_screenshot,
    evidence_revise,
    result_add,
    result_delete,
    result_update,
)
from prongsai.improvement.uploads import limit_uploads, too_large_message
from prongsai.improvement.views_measures import (
    flash,
    measure_to_edit,
    part_to_edit,
    render_part,
)

INLINE_TYPES = ("application/pdf", "image/png", "image/jpeg", "image/webp", "image/gif")


def _result_to_edit(request: HttpRequest, pk: int) -> Result:
    return part_to_edit(request, Result, pk, measure="measure")


def _done(request: HttpRequest, result_or_measure: Any, anchor: str = "results") -> HttpResponse:
    measure = getattr(result_or_measure, "measure", result_or_measure)
    if request.htmx:  # type: ignore[attr-defined]
        return render_part(request, measure, "results", status=200)
    return redirect(reverse("improvement:measure", args=[measure.pk]) + f"#{anchor}")


def _oversized(request: HttpRequest, form: Any) -> bool:
    """Did the upload handler drop a file for its size? Then the message goes
    next to that field and nothing is saved."""
    fields = getattr(request, "uploads_too_large", [])
    for name in fields:
        form.add_error(name if name in form.fields else None, too_large_message())
    return bool(fields)


def _result_fields(data: dict[str, Any]) -> dict[str, Any]:
    """A result's own fields from ResultForm's cleaned data (ResultAddForm's too),
    blank where the form refused a value: the service then names what is wrong."""
    return {
        "text": data.get("text", ""),
        "date": data.get("date"),
        "doc_number": data.get("doc_number", ""),
        "doc_date": data.get("doc_date"),
        "public": data.get("public", False),
    }


@limit_uploads
@member_required
@require_POST
def result_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    measure = measure_to_edit(request, pk)
    form = ResultAddForm(request.POST, request.FILES)
    form.is_valid()
    data = form.cleaned_data
    upload = request.FILES.get("evidence_file")
    if _oversized(request, form):
        return render_part(request, measure, "results", result_form=form)
    try:
        result_add(
            measure=measure,
            actor=request.user,
            **_result_fields(data),
            evidence_file=upload,
            evidence_name=(upload.name or "") if upload else "",
            evidence_caption=data.get("evidence_caption", ""),
        )
    except ValidationError as e:
        add_service_errors(form, e)
    if form.errors:
        return render_part(request, measure, "results", result_form=form)
    flash(request, _("บันทึกผลการดำเนินการแล้ว"))
    return _done(request, measure)


@member_required
def result_edit(request: HttpRequest, pk: int) -> HttpResponse:
    result = _result_to_edit(request, pk)
    initial = {
        "text": result.text,
        "date": result.date,
        "doc_number": result.doc_number,
        "doc_date": result.doc_date,
        "public": result.public,
    }
    form = ResultForm(request.POST or None, initial=initial)
    if request.method == "POST":
        form.is_valid()
        data = form.cleaned_data
        try:
            result_update(result=result, actor=request.user, **_result_fields(data))
        except ValidationError as e:
            add_service_errors(form, e)
        if not form.errors:
            messages.success(request, _("บันทึกผลการดำเนินการแล้ว"))
            return redirect("improvement:measure", pk=result.measure_id)
    return render(
        request,
        "improvement/result_form.html",
        {"form": form, "result": result, "history": history_for(result)},
        status=400 if form.errors else 200,
    )


@member_required
@require_POST
def result_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    result = _result_to_edit(request, pk)
    measure = result.measure
    try:
        result_delete(result=result, actor=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return _done(request, measure)


@limit_uploads
@member_required
@require_POST
def evidence_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    result = _result_to_edit(request, pk)
    form = EvidenceForm(request.POST, request.FILES, auto_id=f"ev{result.pk}_%s")
    form.is_valid()
    data = form.cleaned_data
    upload = request.FILES.get("file")
    kind = data.get("kind") or EvidenceKind.FILE
    if _oversized(request, form):
        return render_part(request, result.measure, "results", evidence_forms={result.pk: form})
    common = {
        "result": result,
        "actor": request.user,
        "caption": data.get("caption", ""),
        "public": data.get("public", False),
    }
    try:
        if kind == EvidenceKind.LINK:
            evidence_add_link(link=data.get("link", ""), **common)
        elif upload is None:
            raise ValidationError({"file": _("กรุณาเลือกไฟล์")})
        elif kind == EvidenceKind.SCREENSHOT:
            evidence_add_screenshot(upload=upload, name=upload.name or "", **common)
        else:
            evidence_add_file(upload=upload, name=upload.name or "", **common)
    except ValidationError as e:
        add_service_errors(form, e)
        return render_part(request, result.measure, "results", evidence_forms={result.pk: form})
    flash(request, _("เพิ่มหลักฐานแล้ว"))
    return _done(request, result, anchor=f"r{result.pk}")


@limit_uploads
@member_required
@require_POST
def evidence_revise_view(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = part_to_edit(request, Evidence, pk, measure="result__measure")
    form = ReviseForm(request.POST, request.FILES)
    form.is_valid()
    upload = request.FILES.get("file")
    try:
        if getattr(request, "uploads_too_large", None):
            raise ValidationError(too_large_message())
        evidence_revise(
            evidence=evidence,
            actor=request.user,
            upload=upload,
            name=upload.name or "" if upload else "",
            link=form.cleaned_data.get("link", ""),
            note=form.cleaned_data.get("note", ""),
        )
    except ValidationError as e:
        messages.error(request, _("ยังไม่ได้เพิ่มฉบับใหม่: %s") % " ".join(e.messages))
    else:
        messages.success(request, _("เพิ่มฉบับใหม่ของหลักฐานแล้ว ฉบับก่อนหน้ายังเปิดดูได้"))
    return _done(request, evidence.result, anchor=f"e{evidence.pk}")


def _revision(request: HttpRequest, pk: int) -> EvidenceRevision:
    return get_for_agency(
        EvidenceRevision.objects.select_related("evidence"),
        request.agency,  # type: ignore[attr-defined]
        path="evidence__result__measure__agency",
        pk=pk,
    )


def _file_response(
    field: Any, *, content_type: str, filename: str, attachment: bool
) -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, content_type=content_type, as_attachment=attachment, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even a file that is what it claims to be runs no script in our origin.
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@member_required
def evidence_file(request: HttpRequest, pk: int) -> Any:
    """The stored file of one revision, to members of its agency only."""
    revision = _revision(request, pk)
    inline = revision.content_type in INLINE_TYPES and request.GET.get("download") != "1"
    return _file_response(
        revision.file,
        content_type=revision.content_type or "application/octet-stream",
        filename=revision.original_name or "evidence",
        attachment=not inline,
    )


@member_required
def evidence_thumbnail(request: HttpRequest, pk: int) -> Any:
    revision = _revision(request, pk)
    return _file_response(
        revision.thumbnail, content_type="image/jpeg", filename="thumbnail.jpg", attachment=False
    )
