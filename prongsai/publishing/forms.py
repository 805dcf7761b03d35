from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency, Department
from prongsai.lib.imports import clean_upload_size


class DisclosureImportForm(forms.Form):
    file = forms.FileField(label=_("ไฟล์ CSV หรือ Excel (.xlsx) หัวตาราง code,url"))

    def clean_file(self) -> UploadedFile:
        return clean_upload_size(self.cleaned_data["file"])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ItemForm(forms.Form):
    """What a department editor gives for an item; the admin also sets who is
    responsible and by when (`admin=True`)."""

    components = forms.TypedMultipleChoiceField(
        label=_("องค์ประกอบที่แสดงบนเว็บไซต์แล้ว"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    links = forms.CharField(
        label=_("ลิงก์ที่เผยแพร่ (บรรทัดละหนึ่งลิงก์)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_("ลิงก์ที่จะตอบ ป.ป.ช. ต้องเปิดได้โดยไม่ต้องเข้าสู่ระบบ และแสดงข้อมูลของปีที่กำหนด"),
    )
    notes = forms.CharField(
        label=_("หมายเหตุ"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    department = forms.ModelChoiceField(
        label=_("ส่วนราชการที่รับผิดชอบ"),
        queryset=Department.objects.none(),
        required=False,
        empty_label="—",
    )
    responsible = forms.CharField(label=_("ผู้รับผิดชอบ"), max_length=200, required=False)
    due_date = forms.DateField(label=_("กำหนดเสร็จ"), required=False, widget=DateInput())

    ADMIN_FIELDS = ("department", "responsible", "due_date")

    def __init__(
        self,
        data: Any = None,
        *,
        agency: Agency,
        requirements: tuple[str, ...],
        admin: bool,
        prefix: str,
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, prefix=prefix, initial=initial)
        components = self.fields["components"]
        components.choices = list(enumerate(requirements))  # type: ignore[attr-defined]
        if not requirements:
            del self.fields["components"]
        if admin:
            self.fields["department"].queryset = agency.departments.all()  # type: ignore[attr-defined]
        else:
            for name in self.ADMIN_FIELDS:
                del self.fields[name]

    def changes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if "links" in data:
            data["links"] = data["links"].splitlines()
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("สิ่งที่ต้องแก้ไข"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class WindowForm(forms.Form):
    window_opens = forms.DateField(
        label=_("ป.ป.ช. เปิดรับข้อมูล OIT"), required=False, widget=DateInput()
    )
    window_closes = forms.DateField(
        label=_("ป.ป.ช. ปิดรับข้อมูล OIT"), required=False, widget=DateInput()
    )
