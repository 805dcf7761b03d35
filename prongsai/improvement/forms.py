"""Forms of the improvement pages. They only read input: the services validate
(their Thai messages land next to the field through `add_service_errors`)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency, Department
from prongsai.improvement.models import EvidenceKind, MeasureStatus, Weakness, WeaknessStatus
from prongsai.lib.templatetags import thai_date
from prongsai.lib.thai import ce_year, to_arabic_digits

_THAI_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: next to the field it names,
    else at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class ThaiDateInput(forms.DateInput):
    """An HTML date input with the Buddhist Era date written next to it."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        html = super().render(name, value, attrs, renderer)
        day = value if isinstance(value, dt.date) else None
        if isinstance(value, str):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                day = None
        if day is None:
            return html
        return mark_safe(
            html + format_html('<small class="be-date">{}: {}</small>', _("พ.ศ."), thai_date(day))
        )


class ThaiDateField(forms.DateField):
    """ISO dates from the date picker, or d/m/yyyy typed by hand with a
    Buddhist Era year (3/3/2566, also in Thai digits)."""

    widget = ThaiDateInput
    default_error_messages = {"invalid": _("วันที่ไม่ถูกต้อง ใช้รูปแบบ วัน/เดือน/ปี พ.ศ. เช่น 3/3/2566")}

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, str):
            text = to_arabic_digits(value).strip()
            match = _THAI_DATE.fullmatch(text)
            if match:
                day, month, year = (int(g) for g in match.groups())
                try:
                    return dt.date(ce_year(year) if year > 2400 else year, month, day)
                except ValueError:
                    raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(value)


class _OwnIds:
    """Several forms share the measure page: each kind gets its own id prefix
    (a per-object form passes auto_id itself), so no two inputs share an id."""

    auto_id_prefix = "id"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.auto_id_prefix}_%s")
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]


def _text(label: Any, *, rows: int = 3, required: bool = False, **kw: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        strip=False,
        **kw,
    )


class WeaknessAddForm(forms.Form):
    code = forms.CharField(
        label=_("รหัสข้อ"), max_length=10, required=False, help_text=_("เช่น I12 หรือ E5")
    )


class WeaknessDropForm(forms.Form):
    reason = _text(_("เหตุผลที่ไม่ถือเป็นข้อบกพร่อง"), rows=2)


class WeaknessTextForm(forms.Form):
    diagnosis = _text(_("ผลการวิเคราะห์"), rows=5)
    recommendation = _text(_("ข้อเสนอแนะ"), rows=7)
    references = forms.CharField(
        label=_("อ้างอิง"),
        required=False,
        help_text=_("รหัสข้อ OIT หรือตัวชี้วัดย่อย คั่นด้วยจุลภาค เช่น o11, o12 หรือ 9.1"),
    )


class RecommendationForm(WeaknessTextForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        note = _("{code} และ {score} จะถูกแทนด้วยรหัสข้อและคะแนนที่ได้")
        self.fields["diagnosis"].help_text = note
        self.fields["recommendation"].help_text = note


class MeasureForm(forms.Form):
    name = forms.CharField(label=_("ชื่อมาตรการ"), max_length=300, required=False)
    plan_year = forms.IntegerField(label=_("ปีงบประมาณ (พ.ศ.)"), required=False)
    weaknesses = forms.ModelMultipleChoiceField(
        label=_("ข้อบกพร่องที่มาตรการนี้แก้ไข"),
        queryset=Weakness.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("ผู้รับผิดชอบ (ส่วนราชการ)"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    owner = forms.ModelChoiceField(
        label=_("ผู้ติดตามมาตรการ"), queryset=get_user_model().objects.none(), required=False
    )
    start_date = ThaiDateField(label=_("วันเริ่ม"), required=False)
    due_date = ThaiDateField(label=_("กำหนดเสร็จ"), required=False)
    progress = forms.IntegerField(label=_("ความคืบหน้า (%)"), required=False, initial=0)
    note = _text(_("หมายเหตุ"), rows=2)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        weaknesses = Weakness.objects.filter(assessment__agency=agency).select_related(
            "question", "assessment"
        )
        self.fields["weaknesses"].queryset = weaknesses.filter(  # type: ignore[attr-defined]
            status=WeaknessStatus.ACTIVE
        ).order_by("-assessment__year", "question__order")
        self.fields["weaknesses"].label_from_instance = lambda w: (  # type: ignore[attr-defined]
            f"{w.question.code} (ITA {w.assessment.year})"
        )
        self.fields["departments"].queryset = agency.departments.all()  # type: ignore[attr-defined]
        self.fields["owner"].queryset = (  # type: ignore[attr-defined]
            get_user_model().objects.filter(memberships__agency=agency).order_by("username")
        )
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"] or "",
            "plan_year": data["plan_year"],
            "weaknesses": list(data["weaknesses"]),
            "departments": list(data["departments"]),
            "owner": data["owner"],
            "start_date": data["start_date"],
            "due_date": data["due_date"],
            "progress": data["progress"] if data["progress"] is not None else 0,
            "note": data["note"] or "",
        }


class StatusForm(_OwnIds, forms.Form):
    auto_id_prefix = "status"
    status = forms.ChoiceField(label=_("สถานะ"), choices=MeasureStatus.choices)
    reason = _text(_("เหตุผล (จำเป็นเมื่อไม่ได้ดำเนินการหรือยกเลิก)"), rows=2)
    progress = forms.IntegerField(
        label=_("ความคืบหน้า (%)"), required=False, min_value=0, max_value=100
    )


class StepForm(_OwnIds, forms.Form):
    auto_id_prefix = "step"
    text = _text(_("ขั้นตอน"), rows=2)
    due = ThaiDateField(
        label=_("กำหนดเสร็จของขั้นตอน (ถ้ามี)"),
        required=False,
        help_text=_("อีเมลสรุปประจำสัปดาห์จะแจ้งขั้นตอนที่เลยกำหนดแล้ว"),
    )


class ResultForm(_OwnIds, forms.Form):
    auto_id_prefix = "result"
    text = _text(_("ผลการดำเนินการ"), rows=3)
    date = ThaiDateField(label=_("วันที่ดำเนินการ"), required=False)
    doc_number = forms.CharField(
        label=_("เลขที่หนังสือ (ถ้ามี)"), max_length=80, required=False, help_text=_("เช่น ๑๔๙/2566")
    )
    doc_date = ThaiDateField(label=_("ลงวันที่"), required=False)
    public = forms.BooleanField(label=_("เผยแพร่ต่อสาธารณะ"), required=False, initial=True)


class ResultAddForm(ResultForm):
    evidence_file = forms.FileField(
        label=_("แนบไฟล์หลักฐาน (ถ้ามี)"),
        required=False,
        help_text=_("PDF, รูปภาพ, DOCX หรือ XLSX"),
    )
    evidence_caption = forms.CharField(label=_("คำอธิบายไฟล์"), max_length=300, required=False)


class EvidenceForm(_OwnIds, forms.Form):
    auto_id_prefix = "evidence"
    kind = forms.ChoiceField(label=_("ชนิดหลักฐาน"), choices=EvidenceKind.choices, initial="file")
    caption = forms.CharField(label=_("คำอธิบาย"), max_length=300, required=False)
    file = forms.FileField(label=_("ไฟล์ (สำหรับไฟล์หรือภาพหน้าจอ)"), required=False)
    link = forms.CharField(label=_("ลิงก์ (สำหรับหลักฐานแบบลิงก์)"), max_length=1000, required=False)
    public = forms.BooleanField(label=_("เผยแพร่ต่อสาธารณะ"), required=False, initial=True)


class ReviseForm(_OwnIds, forms.Form):
    auto_id_prefix = "revise"
    file = forms.FileField(label=_("ไฟล์ฉบับใหม่"), required=False)
    link = forms.CharField(label=_("ลิงก์ใหม่"), max_length=1000, required=False)
    note = forms.CharField(label=_("หมายเหตุของฉบับนี้"), max_length=300, required=False)
