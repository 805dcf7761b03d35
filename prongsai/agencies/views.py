from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from prongsai.accounts.access import admin_required
from prongsai.agencies.forms import AgencySettingsForm, DepartmentForm, MemberForm
from prongsai.agencies.services import department_create, member_set, user_get_or_create


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


@admin_required
def member_save(request: HttpRequest) -> HttpResponse:
    agency = request.agency  # type: ignore[attr-defined]
    form = MemberForm(request.POST, agency=agency)
    if not form.is_valid():
        return _render(request, member_form=form)
    data = form.cleaned_data
    user = user_get_or_create(
        username=data["username"], password=data["password"] or None, full_name=data["full_name"]
    )
    member_set(agency=agency, user=user, role=data["role"], departments=list(data["departments"]))
    messages.success(request, _("บันทึกผู้ใช้ %s แล้ว") % user.username)
    return redirect("agencies:settings")
