from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.accounts.forms_invite import NewAccountForm
from prongsai.agencies.models import AgencyType
from prongsai.framework.models import Framework
from prongsai.lib.imports import clean_upload_size


class AgencyFields(forms.Form):
    name = forms.CharField(label=_("ชื่อหน่วยงาน"), max_length=200)
    slug = forms.SlugField(
        label=_("ชื่อย่อภาษาอังกฤษ (slug)"),
        max_length=60,
        help_text=_("อักษรอังกฤษตัวเล็ก ตัวเลข และ - เช่น tha-talad ใช้ในลิงก์หน้าสาธารณะ"),
    )
    type = forms.ChoiceField(label=_("ประเภท"), choices=AgencyType.choices)
    province = forms.CharField(label=_("จังหวัด"), max_length=100)
    district = forms.CharField(label=_("อำเภอ"), max_length=100)


class SetupForm(AgencyFields, NewAccountForm):
    """The first run: the installer's agency, then their own account."""

    email = forms.EmailField(label=_("อีเมลของคุณ (สำหรับลืมรหัสผ่าน)"))
    staff = forms.BooleanField(
        label=_("บัญชีนี้ดูแลระบบทั้งหมดด้วย (นำเข้ากรอบการประเมิน เพิ่มหน่วยงานอื่น)"),
        required=False,
        initial=True,
        help_text=_("บัญชีผู้ดูแลระบบต้องตั้งค่าการยืนยันตัวตนสองขั้นตอน"),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    field_order = [
        "name", "slug", "type", "province", "district",
        "username", "full_name", "email", "password1", "password2", "staff", "token",
    ]  # fmt: skip


class AgencyCreateForm(AgencyFields):
    code = forms.RegexField(
        label=_("รหัสหน่วยงาน (ถ้ามี)"),
        regex=r"^[0-9A-Za-z-]{1,20}$",
        required=False,
        help_text=_("รหัสทางการของหน่วยงาน เช่น รหัส อปท. 7 หลัก ใช้จับคู่กับไฟล์ผลคะแนนหลายหน่วยงาน"),
    )
    admin_email = forms.EmailField(
        label=_("อีเมลผู้ดูแลหน่วยงาน (ส่งคำเชิญ)"),
        required=False,
        help_text=_("ผู้ดูแลตั้งรหัสผ่านเองจากลิงก์ในคำเชิญ ไม่มีใครรู้รหัสผ่านของผู้อื่น"),
    )


class AgenciesFileForm(forms.Form):
    file = forms.FileField(label=_("ไฟล์รายชื่อหน่วยงาน (CSV หรือ XLSX)"))

    def clean_file(self):  # type: ignore[no-untyped-def]
        return clean_upload_size(self.cleaned_data["file"])


class ResultsFileForm(forms.Form):
    """Many agencies' ITA results in one file (agency,code,score or
    agency,indicator,score), for a year whose framework is loaded."""

    year = forms.TypedChoiceField(label=_("ปีการประเมิน (พ.ศ.)"), coerce=int)
    file = forms.FileField(label=_("ไฟล์ผลคะแนน (CSV หรือ XLSX)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = list(Framework.objects.order_by("-year").values_list("year", flat=True))
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]

    def clean_file(self):  # type: ignore[no-untyped-def]
        return clean_upload_size(self.cleaned_data["file"])


class SupervisorInviteForm(forms.Form):
    email = forms.EmailField(label=_("อีเมลของผู้กำกับดูแล"))
    scope = forms.CharField(
        label=_("ขอบเขต"),
        max_length=200,
        help_text=_("national (ทั้งประเทศ), province:<จังหวัด> หรือ district:<จังหวัด>/<อำเภอ>"),
    )
    types = forms.MultipleChoiceField(
        label=_("เฉพาะประเภทหน่วยงาน (ไม่เลือก = ทุกประเภท)"),
        choices=AgencyType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
