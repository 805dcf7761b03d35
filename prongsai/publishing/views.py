"""Agency pages (/disclosure/…): the OIT checklist, import, website checks, publishing.

Every page works with plain form posts; with htmx an item is swapped in place
and the check progress is polled.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.accounts.access import admin_required, get_for_agency, member_required
from prongsai.lib.imports import ImportFailed
from prongsai.publishing import selectors
from prongsai.publishing.blobs import blob_exists, blob_open
from prongsai.publishing.checking import (
    may_check,
    run_in_background,
    run_in_progress,
    run_start,
)
from prongsai.publishing.forms import DisclosureImportForm, ItemForm, RejectForm, WindowForm
from prongsai.publishing.models import CheckRun, DisclosureItem, DisclosureLink, LinkCheck
from prongsai.publishing.services import (
    disclosure_accept,
    disclosure_import,
    disclosure_items_ensure,
    disclosure_propose,
    disclosure_reject,
    disclosure_update,
    disclosure_year_update,
    oit_spec,
    publication_is_current,
    publication_publish,
)


def _agency(request: HttpRequest) -> Any:
    return request.agency  # type: ignore[attr-defined]


def _membership(request: HttpRequest) -> Any:
    return request.membership  # type: ignore[attr-defined]


def _spec_or_404(year: int) -> Any:
    try:
        return oit_spec(year)
    except ImportFailed:
        raise Http404 from None


def _messages_of(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


@member_required
def checklist_default(request: HttpRequest) -> HttpResponse:
    year = selectors.default_year(_agency(request))
    if year is None:
        raise Http404
    return redirect("publishing:checklist", year=year)


@member_required
def checklist(request: HttpRequest, year: int) -> HttpResponse:
    agency = _agency(request)
    _spec_or_404(year)
    data = selectors.checklist(agency, year, _membership(request))
    is_admin = _membership(request).is_admin
    for group in data["groups"]:
        for row in group.rows:
            row.form = _item_form(request, row, data=None) if row.can_edit else None
            row.reject_form = RejectForm(prefix=f"reject-{row.item.code}")
    return render(
        request,
        "publishing/checklist.html",
        {
            **data,
            "year": year,
            "years": selectors.disclosure_years(agency),
            "year_not_loaded": selectors.current_year_not_loaded(year),
            "is_admin": is_admin,
            "may_check": may_check(request.user, agency),
            "running": run_in_progress(agency, year),
            "window_form": WindowForm(
                initial={
                    "window_opens": data["window"].window_opens if data["window"] else None,
                    "window_closes": data["window"].window_closes if data["window"] else None,
                }
            )
            if is_admin
            else None,
        },
    )


@admin_required
@require_POST
def items_start(request: HttpRequest, year: int) -> HttpResponse:
    _spec_or_404(year)
    items = disclosure_items_ensure(agency=_agency(request), year=year)
    messages.success(
        request, _("สร้างรายการ OIT ปี %(y)d แล้ว %(n)d ข้อ") % {"y": year, "n": len(items)}
    )
    return redirect("publishing:checklist", year=year)


@admin_required
@require_POST
def window_update(request: HttpRequest, year: int) -> HttpResponse:
    form = WindowForm(request.POST)
    if form.is_valid():
        try:
            disclosure_year_update(agency=_agency(request), year=year, actor=request.user,
                                   **form.cleaned_data)  # fmt: skip
            messages.success(request, _("บันทึกช่วงรับข้อมูล OIT แล้ว"))
        except ValidationError as e:
            for m in _messages_of(e):
                messages.error(request, m)
    else:
        messages.error(request, _("วันที่ไม่ถูกต้อง"))
    return redirect("publishing:checklist", year=year)


# ---------------------------------------------------------------- one item


def _item_form(request: HttpRequest, row: selectors.ItemRow, data: Any) -> ItemForm:
    item = row.item
    requirements = row.question.requirements if row.question is not None else ()
    initial = {
        "components": list(item.components),
        "links": "\n".join(link.link.url for link in row.links),
        "notes": item.notes,
        "department": item.department_id,
        "responsible": item.responsible,
        "due_date": item.due_date,
    }
    return ItemForm(data, agency=item.agency, requirements=requirements, admin=row.can_accept,
                    prefix=item.code, initial=initial)  # fmt: skip


def _row(request: HttpRequest, item: DisclosureItem) -> selectors.ItemRow:
    from django.utils import timezone

    from prongsai.publishing.models import DisclosureYear

    window = DisclosureYear.objects.filter(agency=item.agency, year=item.year).first()
    return selectors.item_row(
        item, oit_spec(item.year), _membership(request),
        selectors.recent_checks(item.agency, item.year),
        window.window_closes if window else None, timezone.localdate(),
    )  # fmt: skip


def _item_response(
    request: HttpRequest, item: DisclosureItem, *, form: ItemForm | None = None,
    errors: list[str] | None = None, status: int = 200,
) -> HttpResponse:  # fmt: skip
    """The item partial for htmx; a redirect to the checklist (or the full
    edit page when there are errors) for plain posts."""
    item.refresh_from_db()
    row = _row(request, item)
    row.form = form or (_item_form(request, row, None) if row.can_edit else None)  # type: ignore[attr-defined]
    row.reject_form = RejectForm(prefix=f"reject-{item.code}")  # type: ignore[attr-defined]
    context = {"row": row, "open": True, "errors": errors or []}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "publishing/_item.html", context)
    if form is not None or errors:
        return render(request, "publishing/item.html", context, status=status)
    return redirect(reverse("publishing:checklist", args=[item.year]) + f"#item-{item.code}")


@member_required
def item_edit(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    item = get_for_agency(DisclosureItem, _agency(request), pk=pk, year=year)
    if request.method != "POST":
        row = _row(request, item)
        row.form = _item_form(request, row, None) if row.can_edit else None  # type: ignore[attr-defined]
        row.reject_form = RejectForm(prefix=f"reject-{item.code}")  # type: ignore[attr-defined]
        return render(request, "publishing/item.html", {"row": row, "open": True})
    row = _row(request, item)
    if not row.can_edit:
        raise PermissionDenied(_("ไม่มีสิทธิ์แก้ไขรายการของส่วนราชการอื่น"))
    form = _item_form(request, row, request.POST)
    if not form.is_valid():
        return _item_response(request, item, form=form, status=400)
    try:
        disclosure_update(item=item, actor=request.user, **form.changes())
    except ValidationError as e:
        for field, errors in e.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _item_response(request, item, form=form, status=400)
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, _("บันทึกข้อ %s แล้ว") % item.code)
    return _item_response(request, item)


def _transition(request: HttpRequest, year: int, pk: int, action: str) -> HttpResponse:
    item = get_for_agency(DisclosureItem, _agency(request), pk=pk, year=year)
    try:
        if action == "propose":
            disclosure_propose(item=item, actor=request.user)
            done = _("เสนอข้อ %s ให้ผู้ดูแลอนุมัติแล้ว")
        elif action == "accept":
            disclosure_accept(item=item, actor=request.user)
            done = _("อนุมัติข้อ %s แล้ว (จะแสดงต่อสาธารณะเมื่อกดเผยแพร่)")
        else:
            form = RejectForm(request.POST, prefix=f"reject-{item.code}")
            reason = form.data.get(form.add_prefix("reason"), "")
            disclosure_reject(item=item, actor=request.user, reason=reason)
            done = _("ส่งข้อ %s กลับไปปรับปรุงแล้ว")
    except ValidationError as e:
        return _item_response(request, item, errors=_messages_of(e), status=400)
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, done % item.code)
    return _item_response(request, item)


@member_required
@require_POST
def item_propose(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    return _transition(request, year, pk, "propose")


@admin_required
@require_POST
def item_accept(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    return _transition(request, year, pk, "accept")


@admin_required
@require_POST
def item_reject(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    return _transition(request, year, pk, "reject")


# ---------------------------------------------------------------- import


@admin_required
def import_links(request: HttpRequest, year: int) -> HttpResponse:
    _spec_or_404(year)
    form = DisclosureImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            summary = disclosure_import(agency=_agency(request), year=year, actor=request.user,
                                        data=form.cleaned_data["file"].read())  # fmt: skip
        except ImportFailed as e:
            errors = e.errors
        else:
            messages.success(request, _("นำเข้าลิงก์แล้ว %(l)d ลิงก์ใน %(i)d ข้อ (เพิ่ม %(a)d ลบ %(r)d)")
                             % {"l": summary["links"], "i": summary["items"],
                                "a": summary["added"], "r": summary["removed"]})  # fmt: skip
            return redirect("publishing:checklist", year=year)
    status = 400 if request.method == "POST" else 200
    return render(request, "publishing/import.html", {"form": form, "errors": errors, "year": year},
                  status=status)  # fmt: skip


# ---------------------------------------------------------------- checks


@member_required
@require_POST
def check_start(request: HttpRequest, year: int) -> HttpResponse:
    agency = _agency(request)
    _spec_or_404(year)
    if not may_check(request.user, agency):
        raise PermissionDenied(_("ผู้อ่านตรวจลิงก์ไม่ได้"))
    run = run_in_progress(agency, year)
    if run is None:
        run = run_start(agency=agency, year=year, actor=request.user)
        run_in_background(run)
    return redirect("publishing:check_progress", pk=run.pk)


@member_required
def check_progress(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_for_agency(CheckRun, _agency(request), pk=pk)
    checks = run.checks.select_related("item").order_by("item__order", "link__order", "id")
    context = {"run": run, "checks": checks, "year": run.year}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "publishing/_check_progress.html", context)
    return render(request, "publishing/check_progress.html", context)


@member_required
def link_history(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_for_agency(DisclosureLink, _agency(request), path="item__agency", pk=pk)
    history = selectors.link_history(link.item, link.url)
    return render(request, "publishing/link_history.html", {"link": link, "history": history})


@member_required
def check_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """The dated copy of what a URL returned: always a download (the page of an
    agency website must not run inside ours)."""
    check = get_for_agency(LinkCheck, _agency(request), path="run__agency", pk=pk)
    if not check.sha256 or not blob_exists("snapshots", check.sha256):
        raise Http404
    when = check.fetched_at.strftime("%Y%m%d-%H%M")
    ext = ".pdf" if "pdf" in check.content_type else ".html" if "html" in check.content_type else ""
    response = FileResponse(
        blob_open("snapshots", check.sha256), as_attachment=True,
        filename=f"{check.code}-{when}-{check.sha256[:12]}{ext}",
        content_type="application/octet-stream",
    )  # fmt: skip
    response["X-Checksum-SHA256"] = check.sha256
    return response  # type: ignore[return-value]


# ---------------------------------------------------------------- publishing


@admin_required
def publish_page(request: HttpRequest) -> HttpResponse:
    from prongsai.publishing.models import Publication

    agency = _agency(request)
    publications = Publication.objects.filter(agency=agency).select_related("published_by")[:20]
    public_url = f"{settings.SITE_URL}{reverse('publishing:public_index', args=[agency.slug])}"
    embed_url = f"{settings.SITE_URL}{reverse('publishing:public_embed', args=[agency.slug])}"
    return render(
        request,
        "publishing/publish.html",
        {
            "agency": agency,
            "publications": publications,
            "latest": publications[0] if publications else None,
            "current": publication_is_current(agency),
            "public_url": public_url,
            "embed_url": embed_url,
            "example_url": _example_item_url(agency, publications[0] if publications else None),
        },
    )


def _example_item_url(agency: Any, publication: Any) -> str:
    """An answer link the admin can give the NACC, from the latest publication."""
    for block in publication.content["disclosure"] if publication else []:
        for item in block["items"]:
            path = reverse(
                "publishing:public_item", args=[agency.slug, block["year"], int(item["code"][1:])]
            )
            return f"{settings.SITE_URL}{path}"
    return ""


@admin_required
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    publication = publication_publish(agency=_agency(request), actor=request.user)
    messages.success(request, _("เผยแพร่แล้ว (ครั้งที่ %d)") % publication.version)
    return redirect("publishing:publish_page")
