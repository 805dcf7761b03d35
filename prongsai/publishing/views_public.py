"""Public pages (/public/<slug>/…), no sign-in.

They render only from Publication snapshots, never from live tables: what the
public sees is what the admin published, and nothing of another agency can
slip in because a snapshot holds one agency's data only. An agency that never
published answers 404 everywhere.
"""

from __future__ import annotations

import copy
import csv
import io
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from prongsai.publishing.blobs import blob_exists, blob_open
from prongsai.publishing.models import Publication
from prongsai.publishing.selectors import (
    publication_for_item,
    publication_for_year,
    published_agency,
    published_file,
)
from prongsai.publishing.snapshot import CSV_COLUMNS, measure_summary, snapshot_rows, year_slice

# Files whose type a browser shows safely inline; everything else downloads.
INLINE_TYPES = ("application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp")


def _public(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "public, max-age=300"
    return response


def item_url(slug: str, year: int, code: str) -> str:
    number = int(code[1:])
    return reverse("publishing:public_item", args=[slug, year, number])


def file_url(slug: str, sha256: str) -> str:
    return reverse("publishing:public_file", args=[slug, sha256])


def _context(publication: Publication, **extra: Any) -> dict[str, Any]:
    content = publication.content
    years = Publication.objects.filter(agency=publication.agency).values_list(
        "content__years", flat=True
    )
    archives = sorted({y for some in years for y in (some or [])}, reverse=True)
    return {
        "publication": publication,
        "content": content,
        "agency": content["agency"],
        "slug": publication.agency.slug,
        "archives": archives,
        **extra,
    }


@require_GET
def public_index(request: HttpRequest, slug: str) -> HttpResponse:
    _agency, publication = published_agency(slug)
    content = publication.content
    plan_years = sorted({m["plan_year"] for m in content["measures"]}, reverse=True)
    measure_years = []
    for year in plan_years:
        measures = [m for m in content["measures"] if m["plan_year"] == year]
        measure_years.append(
            {"year": year, "measures": measures, "summary": measure_summary(measures)}
        )
    disclosure = content["disclosure"][0] if content["disclosure"] else None
    return _public(
        render(
            request,
            "publishing/public/index.html",
            _context(
                publication,
                measure_years=measure_years,
                disclosure=disclosure,
            ),
        )
    )


@require_GET
def public_year(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    agency, _latest = published_agency(slug)
    publication = publication_for_year(agency, year)
    if publication is None:
        raise Http404
    part = year_slice(publication.content, year)
    return _public(
        render(
            request,
            "publishing/public/year.html",
            _context(
                publication,
                year=year,
                assessments=part["assessments"],
                measures=part["measures"],
                summary=part["measure_summary"],
                answering=part["answering_plan_years"],
                disclosure=part["disclosure"],
            ),
        )
    )


@require_GET
def public_item(request: HttpRequest, slug: str, year: int, number: int) -> HttpResponse:
    """The stable answer link of one OIT item of one year: the assessor sees the
    item, what it requires and the agency's link(s), not a bare redirect."""
    agency, _latest = published_agency(slug)
    found = publication_for_item(agency, year, f"o{number}")
    if found is None:
        raise Http404
    publication, block, item = found
    return _public(
        render(
            request,
            "publishing/public/item.html",
            _context(publication, year=year, item=item, block=block),
        )
    )


def open_data(publication: Publication) -> dict[str, Any]:
    """The snapshot with absolute links added; the page shows the same content."""
    slug = publication.agency.slug
    base = settings.SITE_URL
    content = copy.deepcopy(publication.content)
    for block in content["disclosure"]:
        for item in block["items"]:
            item["page_url"] = base + item_url(slug, block["year"], item["code"])
    for m in content["measures"]:
        for r in m["results"]:
            for e in r["evidence"]:
                if e["file"]:
                    e["file"]["url"] = base + file_url(slug, e["file"]["sha256"])
    return {
        "publication": {
            "version": publication.version,
            "published_at": publication.published_at.isoformat(),
            "url": base + reverse("publishing:public_index", args=[slug]),
        },
        **content,
    }


@require_GET
def public_json(request: HttpRequest, slug: str) -> HttpResponse:
    _agency, publication = published_agency(slug)
    response = JsonResponse(open_data(publication), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return _public(response)


@require_GET
def public_csv(request: HttpRequest, slug: str) -> HttpResponse:
    _agency, publication = published_agency(slug)
    base = settings.SITE_URL
    rows = snapshot_rows(
        publication.content,
        item_url=lambda year, code: base + item_url(slug, year, code),
        file_url=lambda sha: base + file_url(slug, sha),
    )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    # With a BOM, Thai Excel opens the file as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-v{publication.version}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return _public(response)


@xframe_options_exempt
@require_GET
def public_embed(request: HttpRequest, slug: str) -> HttpResponse:
    """A compact card for an iframe on the agency's own website: the only
    page that may be framed."""
    _agency, publication = published_agency(slug)
    content = publication.content
    response = render(
        request,
        "publishing/public/embed.html",
        _context(
            publication,
            assessment=content["assessments"][0] if content["assessments"] else None,
            disclosure=content["disclosure"][0] if content["disclosure"] else None,
            summary=measure_summary(content["measures"]),
        ),
    )
    # The site's whole policy, except that any website may frame this card.
    response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}  # type: ignore[attr-defined]
    return _public(response)


@require_GET
def public_file(request: HttpRequest, slug: str, sha256: str) -> HttpResponseBase:
    """An evidence file frozen into a publication of this agency, by its hash."""
    agency, _latest = published_agency(slug)
    info = published_file(agency, sha256)
    if info is None or not blob_exists("published", sha256):
        raise Http404
    content_type = info.get("content_type") or "application/octet-stream"
    inline = content_type in INLINE_TYPES
    response = FileResponse(
        blob_open("published", sha256),
        as_attachment=not inline,
        filename=info.get("name") or sha256,
        content_type=content_type if inline else "application/octet-stream",
    )
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
