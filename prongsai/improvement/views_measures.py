"""Measure pages: list, my measures, detail, create, edit, status and steps."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.accounts.access import (
    admin_required,
    can_edit,
    get_for_agency,
    member_required,
    require_edit,
)
from prongsai.assessments.selectors import latest_assessment
from prongsai.improvement.forms import (
    EvidenceForm,
    MeasureForm,
    ResultAddForm,
    StatusForm,
    StepForm,
    add_service_errors,
)
from prongsai.improvement.models import Measure, MeasureStatus, Step, Weakness
from prongsai.improvement.selectors import (
    measure_for_page,
    measure_history,
    measures_list,
    my_measures,
)
from prongsai.improvement.services import (
    measure_close,
    measure_create,
    measure_reopen,
    measure_set_status,
    measure_update,
    step_add,
    step_delete,
    step_done_set,
    step_move,
    step_update,
)
from prongsai.lib.thai import fiscal_year_be, fiscal_year_bounds

TEMPLATE = "improvement/measure_detail.html"
# Tells the history section of the page to reload itself (hx-trigger).
CHANGED = {"HX-Trigger": "measure-changed"}


def _membership(request: HttpRequest) -> Any:
    return request.membership  # type: ignore[attr-defined]


def flash(request: HttpRequest, text: str) -> None:
    """A success message for the next full page; an htmx answer already shows
    the change in place, and a message kept for later would only confuse."""
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, text)


def department_ids(measure: Measure) -> list[int]:
    return [d.pk for d in measure.departments.all()]


def measure_to_edit(request: HttpRequest, pk: int) -> Measure:
    """A measure of the signed-in agency (else 404) that this member may
    change (else 403: department editors only their departments')."""
    measure = get_for_agency(Measure.objects.select_related("agency"), request.agency, pk=pk)  # type: ignore[attr-defined]
    require_edit(_membership(request), department_ids(measure))
    return measure


def part_to_edit[M: Model](request: HttpRequest, model: type[M], pk: int, *, measure: str) -> M:
    """A step, result or evidence of a measure (`measure` is the lookup path to
    it, e.g. "result__measure") checked like measure_to_edit: 404 outside the
    agency, 403 when the member may not change that measure."""
    part = get_for_agency(
        model.objects.select_related(f"{measure}__agency"),  # type: ignore[attr-defined]
        request.agency,  # type: ignore[attr-defined]
        path=f"{measure}__agency",
        pk=pk,
    )
    require_edit(_membership(request), department_ids(attrgetter(measure.replace("__", "."))(part)))
    return part


def detail_context(request: HttpRequest, measure: Measure, **extra: Any) -> dict[str, Any]:
    """Everything the measure page shows. `extra` replaces a blank form with
    the bound one that has errors (step_forms/evidence_forms merge by pk)."""
    membership = _membership(request)
    status_initial = {
        "status": measure.status,
        "reason": measure.status_reason,
        "progress": measure.progress,
    }
    step_forms = {
        s.pk: StepForm(auto_id=f"step{s.pk}_%s", initial={"text": s.text, "due": s.due})
        for s in measure.steps.all()
    }
    step_forms.update(extra.pop("step_forms", {}))
    evidence_forms = {
        r.pk: EvidenceForm(auto_id=f"ev{r.pk}_%s", initial={"public": True})
        for r in measure.results.all()
    }
    evidence_forms.update(extra.pop("evidence_forms", {}))
    context = {
        "measure": measure,
        "can_edit": can_edit(membership, department_ids(measure)) and measure.closed_at is None,
        "is_admin": membership.is_admin,
        "status_form": StatusForm(initial=status_initial),
        "step_form": StepForm(auto_id="step_new_%s"),
        "result_form": ResultAddForm(initial={"public": True}),
        "step_forms": step_forms,
        "evidence_forms": evidence_forms,
        "history": measure_history(measure),
    }
    context.update(extra)
    return context


def render_part(
    request: HttpRequest, measure: Measure, part: str, status: int = 400, **extra: Any
) -> HttpResponse:
    """The whole page (no JS, status `status` after an error) or, for htmx, the
    one section that changed (always 2xx, or htmx would not swap it in)."""
    measure = measure_for_page(measure.agency, measure.pk)
    context = detail_context(request, measure, **extra)
    if request.htmx:  # type: ignore[attr-defined]
        response = render(request, f"{TEMPLATE}#{part}", context)
        for key, value in CHANGED.items():
            response[key] = value
        return response
    return render(request, TEMPLATE, context, status=status)


def _filters(request: HttpRequest) -> dict[str, Any]:
    department = request.GET.get("department", "")
    return {
        "status": request.GET.get("status", ""),
        "department": int(department) if department.isdigit() else None,
        "overdue": request.GET.get("overdue") == "1",
    }


@member_required
def measure_list(request: HttpRequest) -> HttpResponse:
    agency = request.agency  # type: ignore[attr-defined]
    filters = _filters(request)
    context = {
        "measures": measures_list(agency, **filters),
        "filters": filters,
        "statuses": [*MeasureStatus.choices, ("closed", _("ปิดแล้ว"))],
        "departments": agency.departments.all(),
        "is_admin": _membership(request).is_admin,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "improvement/measures.html#measure-table", context)
    return render(request, "improvement/measures.html", context)


@member_required
def my_measures_view(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    return render(
        request,
        "improvement/my_measures.html",
        {"measures": my_measures(membership), "departments": list(membership.departments.all())},
    )


@member_required
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = measure_for_page(request.agency, pk)  # type: ignore[attr-defined]
    return render(request, TEMPLATE, detail_context(request, measure))


@member_required
def measure_history_part(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_for_agency(Measure, request.agency, pk=pk)  # type: ignore[attr-defined]
    return render(
        request, f"{TEMPLATE}#history", {"measure": measure, "history": measure_history(measure)}
    )


@admin_required
def measure_new(request: HttpRequest) -> HttpResponse:
    agency = request.agency  # type: ignore[attr-defined]
    assessment = latest_assessment(agency)
    plan_year = assessment.year + 1 if assessment else fiscal_year_be(timezone.localdate())
    start, end = fiscal_year_bounds(plan_year)
    initial: dict[str, Any] = {
        "plan_year": plan_year,
        "start_date": start,
        "due_date": end,
        "owner": request.user,
    }
    if request.GET.get("weakness", "").isdigit():
        initial["weaknesses"] = Weakness.objects.filter(
            assessment__agency=agency, pk=request.GET["weakness"]
        )
    form = MeasureForm(request.POST or None, agency=agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            measure = measure_create(agency=agency, actor=request.user, **form.service_kwargs())
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("สร้างมาตรการแล้ว"))
            return redirect("improvement:measure", pk=measure.pk)
    status = 400 if form.errors else 200
    return render(
        request, "improvement/measure_form.html", {"form": form, "measure": None}, status=status
    )


@member_required
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = measure_to_edit(request, pk)
    membership = _membership(request)
    initial = {
        "name": measure.name,
        "plan_year": measure.plan_year,
        "weaknesses": measure.weaknesses.all(),
        "departments": measure.departments.all(),
        "owner": measure.owner,
        "start_date": measure.start_date,
        "due_date": measure.due_date,
        "progress": measure.progress,
        "note": measure.note,
    }
    form = MeasureForm(request.POST or None, agency=measure.agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        if not can_edit(membership, [d.pk for d in kwargs["departments"]]):
            # An editor may not hand the measure over to other departments only.
            form.add_error("departments", _("ต้องคงส่วนราชการของท่านไว้อย่างน้อยหนึ่งแห่ง"))
        else:
            try:
                measure_update(measure=measure, actor=request.user, **kwargs)
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("บันทึกมาตรการแล้ว"))
                return redirect("improvement:measure", pk=measure.pk)
    status = 400 if form.errors else 200
    return render(
        request, "improvement/measure_form.html", {"form": form, "measure": measure}, status=status
    )


@member_required
@require_POST
def measure_status(request: HttpRequest, pk: int) -> HttpResponse:
    measure = measure_to_edit(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            measure_set_status(
                measure=measure,
                actor=request.user,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"] or "",
                progress=form.cleaned_data["progress"],
            )
        except ValidationError as e:
            add_service_errors(form, e)
    if form.errors:
        return render_part(request, measure, "status", status_form=form)
    if request.htmx:  # type: ignore[attr-defined]
        return render_part(request, measure, "status", status=200)
    messages.success(request, _("บันทึกสถานะแล้ว"))
    return redirect("improvement:measure", pk=measure.pk)


@admin_required
@require_POST
def measure_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_for_agency(Measure, request.agency, pk=pk)  # type: ignore[attr-defined]
    action = measure_reopen if request.POST.get("reopen") else measure_close
    try:
        action(measure=measure, actor=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect("improvement:measure", pk=measure.pk)


def _step_to_edit(request: HttpRequest, pk: int) -> Step:
    return part_to_edit(request, Step, pk, measure="measure")


def _step_done(request: HttpRequest, measure: Measure) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        return render_part(request, measure, "steps", status=200)
    return redirect("improvement:measure", pk=measure.pk)


@member_required
@require_POST
def step_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    measure = measure_to_edit(request, pk)
    form = StepForm(request.POST, auto_id="step_new_%s")
    if not form.is_valid() and "due" in form.errors:  # an unreadable date: nothing saved
        return render_part(request, measure, "steps", step_form=form)
    try:
        step_add(
            measure=measure,
            actor=request.user,
            text=form.cleaned_data.get("text", ""),
            due=form.cleaned_data.get("due"),
        )
    except ValidationError as e:
        add_service_errors(form, e)
        return render_part(request, measure, "steps", step_form=form)
    return _step_done(request, measure)


@member_required
@require_POST
def step_change_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit, move (up/down), tick as done (or not) or delete one step, by the
    button pressed."""
    step = _step_to_edit(request, pk)
    measure = step.measure
    action = request.POST.get("action", "update")
    try:
        if action == "delete":
            step_delete(step=step, actor=request.user)
        elif action in ("up", "down"):
            step_move(step=step, actor=request.user, direction=action)
        elif action in ("done", "undone"):
            step_done_set(step=step, actor=request.user, done=action == "done")
        elif action == "update":
            form = StepForm(request.POST, auto_id=f"step{step.pk}_%s")
            if not form.is_valid() and "due" in form.errors:
                return render_part(request, measure, "steps", step_forms={step.pk: form})
            try:
                step_update(
                    step=step,
                    actor=request.user,
                    text=form.cleaned_data.get("text", ""),
                    due=form.cleaned_data.get("due"),
                )
            except ValidationError as e:
                add_service_errors(form, e)
                return render_part(request, measure, "steps", step_forms={step.pk: form})
        else:
            raise PermissionDenied
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return _step_done(request, measure)
