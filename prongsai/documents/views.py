from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from prongsai.accounts.access import member_required
from prongsai.documents.builder import NothingToReport
from prongsai.documents.services import TITLES, document_render


@member_required
def index(request: HttpRequest) -> HttpResponse:
    agency = request.agency  # type: ignore[attr-defined]
    years = sorted({a.year for a in agency.assessments.all()}, reverse=True)
    plans = [{"plan_year": year + 1, "assessment_year": year} for year in years]
    return render(request, "documents/index.html", {"plans": plans, "titles": TITLES})


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
        )
    except NothingToReport as e:
        raise Http404(str(e)) from e
    response = HttpResponse(doc.data, content_type=doc.content_type)
    disposition = "inline" if fmt == "pdf" and request.GET.get("view") else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(doc.filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
