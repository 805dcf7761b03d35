from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.accounts.access import admin_required
from prongsai.accounts.forms_invite import InviteForm
from prongsai.accounts.invitations import pending
from prongsai.accounts.models import Membership
from prongsai.agencies.forms import AgencySettingsForm, DepartmentForm, MemberForm
from prongsai.agencies.services import department_create, member_remove, member_role_change


def render_settings(
    request: HttpRequest, *, new_link: str = "", new_link_email: str = "", **forms: object
) -> HttpResponse:
    """The settings page; a form passed in came back with errors (400).
    `new_link` is an invitation link shown this once (only its hash is kept)."""
    agency = request.agency  # type: ignore[attr-defined]
    context = {
        "agency": agency,
        "settings_form": forms.get("settings_form") or AgencySettingsForm(instance=agency),
        "department_form": forms.get("department_form") or DepartmentForm(),
        "member_form": forms.get("member_form") or MemberForm(agency=agency),
        "invite_form": forms.get("invite_form") or InviteForm(agency=agency),
        "departments": agency.departments.all(),
        "members": agency.memberships.select_related("user").prefetch_related("departments"),
        "invitations": pending(agency.invitations.all()).prefetch_related("departments"),
        "new_link": new_link,
        "new_link_email": new_link_email,
    }
    status = 400 if any(f is not None for f in forms.values()) else 200
    return render(request, "agencies/settings.html", context, status=status)


@admin_required
def settings_page(request: HttpRequest) -> HttpResponse:
    return render_settings(request)


@admin_required
def settings_update(request: HttpRequest) -> HttpResponse:
    form = AgencySettingsForm(request.POST, instance=request.agency)  # type: ignore[attr-defined]
    if not form.is_valid():
        return render_settings(request, settings_form=form)
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
        return render_settings(request, department_form=form)
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
        return render_settings(request, member_form=form)
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
