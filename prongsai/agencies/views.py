from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.accounts.access import admin_required
from prongsai.accounts.models import Membership
from prongsai.agencies.forms import AgencySettingsForm, DepartmentForm, MemberForm
from prongsai.agencies.services import department_create, member_remove, member_role_change


def _render(request: HttpRequest, **forms: object) -> HttpResponse:
    agency = request.agency  # type: ignore[attr-defined]
    context = {
        "agency": agency,
        "settings_form": forms.get("settings_form") or AgencySettingsForm(instance=agency),
        "department_form": forms.get("department_form") or DepartmentForm(),
        "member_form": forms.get("member_form") or MemberForm(agency=agency),
        "departments": agency.departments.all(),
        "members": agency.memberships.select_related("user").prefetch_related("departments"),
    }
    status = 400 if any(f is not None for f in forms.values()) else 200
    return render(request, "agencies/settings.html", context, status=status)


@admin_required
def settings_page(request: HttpRequest) -> HttpResponse:
    return _render(request)


@admin_required
def settings_update(request: HttpRequest) -> HttpResponse:
    form = AgencySettingsForm(request.POST, instance=request.agency)  # type: ignore[attr-defined]
    if not form.is_valid():
        return _render(request, settings_form=form)
    form.save()
    messages.success(request, _("บันทึกการตั้งค่าแล้ว"))
    return redirect("agencies:settings")


@admin_required
def department_add(request: HttpRequest) -> HttpResponse:
    form = DepartmentForm(request.POST)
    if form.is_valid():
        try:
            department_create(agency=request.agency, **form.cleaned_data)  # type: ignore[attr-defined]
        except ValidationError as e:
            for field, errors in e.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    if form.errors:
        return _render(request, department_form=form)
    messages.success(request, _("เพิ่มส่วนราชการแล้ว"))
    return redirect("agencies:settings")


@require_POST
@admin_required
def member_save(request: HttpRequest) -> HttpResponse:
    agency = request.agency  # type: ignore[attr-defined]
    form = MemberForm(request.POST, agency=agency)
    if form.is_valid():
        data = form.cleaned_data
        try:
            member_role_change(
                agency=agency,
                actor=request.user,  # type: ignore[arg-type]
                username=data["username"],
                role=data["role"],
                departments=list(data["departments"]),
            )
        except ValidationError as e:
            for field, errors in e.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    if form.errors:
        return _render(request, member_form=form)
    messages.success(request, _("เปลี่ยนบทบาทของ %s แล้ว") % form.cleaned_data["username"])
    return redirect("agencies:settings")


@require_POST
@admin_required
def member_remove_view(request: HttpRequest, membership_id: int) -> HttpResponse:
    agency = request.agency  # type: ignore[attr-defined]
    try:
        member_remove(agency=agency, actor=request.user, membership_id=membership_id)  # type: ignore[arg-type]
    except Membership.DoesNotExist:
        raise Http404 from None
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("agencies:settings")
    messages.success(request, _("นำผู้ใช้ออกจากหน่วยงานแล้ว"))
    return redirect("agencies:settings")
