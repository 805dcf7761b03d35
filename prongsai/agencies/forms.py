from django import forms
from django.contrib.auth import get_user_model
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


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("ชื่อส่วนราชการ"), max_length=200)
    kind = forms.ChoiceField(label=_("ประเภท"), choices=DepartmentKind.choices, initial="other")


class MemberForm(forms.Form):
    username = forms.CharField(label=_("ชื่อผู้ใช้"), max_length=150)
    full_name = forms.CharField(label=_("ชื่อ-สกุล"), max_length=150, required=False)
    password = forms.CharField(
        label=_("รหัสผ่าน (สำหรับผู้ใช้ใหม่)"),
        required=False,
        widget=forms.PasswordInput(render_value=True),
        min_length=8,
    )
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
        User = get_user_model()
        if (
            data.get("username")
            and not User.objects.filter(username=data["username"]).exists()
            and not data.get("password")
        ):
            self.add_error("password", _("ผู้ใช้ใหม่ต้องมีรหัสผ่านอย่างน้อย 8 ตัวอักษร"))
        if data.get("role") == Role.EDITOR and not data.get("departments"):
            self.add_error("departments", _("ผู้แก้ไขของส่วนราชการต้องเลือกส่วนราชการอย่างน้อยหนึ่งแห่ง"))
        return data
