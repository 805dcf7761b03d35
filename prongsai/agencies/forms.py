from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.accounts.models import Role
from prongsai.agencies.models import Agency, Department, DepartmentKind


class AgencySettingsForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = [
            "name",
            "province",
            "district",
            "website",
            "weakness_threshold",
            "document_digits",
            "staff_count",
        ]

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # Province and district decide which supervisors read the agency
        # (network.scope): its own admin must not move it into another
        # province's network or out of its own. Shown, set by staff.
        for name in ("province", "district"):
            self.fields[name].disabled = True
            self.fields[name].help_text = _("แก้ไขได้โดยผู้ดูแลระบบ (นำเข้ารายชื่อหน่วยงาน)")

    def clean_name(self) -> str:
        # The name goes into e-mail subjects and document headings: a line
        # break (a hand-made POST; the text box cannot type one) would break both.
        name = str(self.cleaned_data["name"])
        if any(ch in name for ch in "\r\n\x0b\x0c\x85\u2028\u2029"):
            raise forms.ValidationError(_("ชื่อส่วนราชการต้องอยู่ในบรรทัดเดียว"))
        return name


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("ชื่อส่วนราชการ"), max_length=200)
    kind = forms.ChoiceField(label=_("ประเภท"), choices=DepartmentKind.choices, initial="other")

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # Shares the settings page with the agency's own form (also "name"):
        # ids of its own, so each label names its field.
        kwargs.setdefault("auto_id", "department_%s")
        super().__init__(*args, **kwargs)


class RoleForm(forms.Form):
    """A role in this agency, with the departments an editor is bound to.
    Shared by changing a member's role and by inviting someone."""

    role = forms.ChoiceField(label=_("บทบาท"), choices=Role.choices)
    departments = forms.ModelMultipleChoiceField(
        label=_("ส่วนราชการ (สำหรับผู้แก้ไข)"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, agency: Agency, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = agency.departments.all()  # type: ignore[attr-defined]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean() or {}
        if data.get("role") == Role.EDITOR and not data.get("departments"):
            self.add_error("departments", _("ผู้แก้ไขของส่วนราชการต้องเลือกส่วนราชการอย่างน้อยหนึ่งแห่ง"))
        return data


class MemberForm(RoleForm):
    """Change the role of a member of this agency. There is no password here:
    an admin never sets or sees another person's password; new people are
    invited by email and choose their own."""

    username = forms.CharField(label=_("ชื่อผู้ใช้ (สมาชิกของหน่วยงานนี้)"), max_length=150)
    field_order = ["username", "role", "departments"]

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # Shares the settings page with the invitation form (also "role" and
        # "departments"): ids of its own, so each label names its field.
        kwargs.setdefault("auto_id", "member_%s")
        super().__init__(*args, **kwargs)
