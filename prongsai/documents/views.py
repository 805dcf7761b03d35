import datetime as dt
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.accounts.access import is_admin, member_required, membership_of
from prongsai.documents.builder import NothingToReport, build_report, officer_texts
from prongsai.documents.content import text_of
from prongsai.documents.services import (
    TITLES,
    document_render,
    document_text_reset,
    document_text_save,
)


@member_required
def index(request: HttpRequest) -> HttpResponse:
    agency = request.agency  # type: ignore[attr-defined]
    years = sorted({a.year for a in agency.assessments.all()}, reverse=True)
    plans = [{"plan_year": year + 1, "assessment_year": year} for year in years]
    context = {"plans": plans, "titles": TITLES, "today": timezone.localdate().isoformat()}
    return render(request, "documents/index.html", context)


@member_required
def download(request: HttpRequest, plan_year: int, kind: str, fmt: str) -> HttpResponse:
    if kind not in TITLES or fmt not in ("pdf", "docx"):
        raise Http404
    try:
        doc = document_render(
            request.agency,  # type: ignore[attr-defined]
            plan_year=plan_year,
            kind=kind,  # type: ignore[arg-type]
            fmt=fmt,  # type: ignore[arg-type]
            signed_on=_signed_on(request),
        )
    except NothingToReport as e:
        raise Http404(str(e)) from e
    response = HttpResponse(doc.data, content_type=doc.content_type)
    disposition = "inline" if fmt == "pdf" and request.GET.get("view") else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(doc.filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _signed_on(request: HttpRequest) -> dt.date | None:
    """The signing date typed on the documents page; today when empty or wrong."""
    raw = request.GET.get("signed", "")
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@member_required
def texts(request: HttpRequest, plan_year: int, kind: str) -> HttpResponse:
    """Each generated section of the document with the officer's wording, if
    any; an admin rewords or resets one section at a time."""
    agency = request.agency  # type: ignore[attr-defined]
    if kind != "measures":
        raise Http404
    try:
        generated = build_report(
            agency, plan_year=plan_year, kind="measures", officer_wording=False
        )
    except NothingToReport as e:
        raise Http404(str(e)) from e
    admin = is_admin(membership_of(request))
    error: tuple[str, str] | None = None
    if request.method == "POST":
        if not admin:
            raise PermissionDenied(_("เฉพาะผู้ดูแลหน่วยงานแก้ไขข้อความในเอกสารได้"))
        key = request.POST.get("key", "")
        try:
            if request.POST.get("action") == "reset":
                document_text_reset(
                    agency=agency, plan_year=plan_year, kind=kind, key=key, actor=request.user
                )
            else:
                document_text_save(
                    agency=agency,
                    plan_year=plan_year,
                    kind=kind,
                    key=key,
                    text=request.POST.get("text", ""),
                    actor=request.user,
                )
        except ValidationError as e:
            error = (key, " ".join(e.messages))
        else:
            messages.success(request, _("บันทึกแล้ว ข้อความนี้จะใช้ในการส่งออกครั้งต่อไป"))
            return redirect("documents:texts", plan_year=plan_year, kind=kind)
    officer = officer_texts(agency, plan_year=plan_year, kind=kind)
    sections = [*generated.analysis, *([generated.practice] if generated.practice else [])]
    rows = [
        {
            "key": s.key,
            "heading": s.heading,
            "generated": text_of(s),
            "text": officer.get(s.key, text_of(s)),
            "edited": s.key in officer,
            "error": error[1] if error and error[0] == s.key else None,
        }
        for s in sections
    ]
    # An error for a key no row shows (a forged form) is shown above them all.
    page_error = error[1] if error and error[0] not in {r["key"] for r in rows} else None
    context = {
        "rows": rows,
        "plan_year": plan_year,
        "kind": kind,
        "can_edit": admin,
        "page_error": page_error,
    }
    return render(request, "documents/texts.html", context, status=400 if error else 200)
