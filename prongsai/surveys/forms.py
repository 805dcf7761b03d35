from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.framework.models import Framework
from prongsai.surveys.models import AgencySize, Layout, StaffAccess, Survey, SurveyKind
from prongsai.surveys.services import SETTABLE, answer_types_for_custom

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _default_open() -> object:
    return timezone.localdate()


def _default_close() -> object:
    return timezone.localdate() + timedelta(days=30)


class SurveySettingsForm(forms.ModelForm):
    public_results = forms.TypedChoiceField(
        label=_("ผลสรุปต่อสาธารณะ"),
        choices=[
            (False, _("ไม่เปิดเผย")),
            (True, _("เปิดเผยเฉพาะผลรวม (ไม่มีข้อความอิสระ ต้องมีผู้ตอบอย่างน้อย 5 คน)")),
        ],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        required=False,
    )

    class Meta:
        model = Survey
        fields = list(SETTABLE)  # what survey_update accepts, no more
        widgets = {
            "opens_on": DATE,
            "closes_on": DATE,
            "intro": forms.Textarea(attrs={"rows": 3}),
            "layout": forms.RadioSelect,
            "access": forms.RadioSelect,
        }
        help_texts = {
            "access": _(
                "รหัสร่วมใช้ซ้ำได้ จึงกันคนเดียวตอบหลายครั้งไม่ได้ ใช้รหัสใช้ครั้งเดียวถ้าต้องการให้หนึ่งคนตอบหนึ่งครั้ง"
            ),
            "min_sample": _("เช่น จำนวนขั้นต่ำของ ป.ป.ช. สำหรับกลุ่มหน่วยงานของท่าน"),
        }

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.kind != SurveyKind.STAFF:
            del self.fields["access"]
            del self.fields["shared_code"]


class _YearChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A year as "ITA 2569": the framework's full title does not fit a phone."""

    def label_from_instance(self, obj: Framework) -> str:
        return f"ITA {obj.year}"


class FrameworkChoiceForm(forms.Form):
    framework = _YearChoiceField(
        label=_("ปีการประเมิน"),
        queryset=Framework.objects.order_by("-year"),
        empty_label=None,
        to_field_name="year",
    )
    tool = forms.ChoiceField(
        label=_("ชุดข้อคำถาม"),
        choices=[
            ("iit", _("IIT — บุคลากรภายใน (ตอบด้วยรหัส)")),
            ("eit", _("EIT — ผู้รับบริการ/ประชาชน (ลิงก์สาธารณะ)")),
        ],
        widget=forms.RadioSelect,
        initial="iit",
    )


class NewSurveyForm(forms.Form):
    title = forms.CharField(label=_("ชื่อแบบสอบถาม"), max_length=200)
    slug = forms.SlugField(label=_("ชื่อในลิงก์ (เว้นว่างให้ระบบตั้ง)"), max_length=80, required=False)
    opens_on = forms.DateField(label=_("เปิดรับคำตอบวันที่"), widget=DATE, initial=_default_open)
    closes_on = forms.DateField(label=_("ปิดรับคำตอบวันที่"), widget=DATE, initial=_default_close)
    layout = forms.ChoiceField(
        label=_("การแสดงข้อคำถาม"),
        choices=Layout.choices,
        widget=forms.RadioSelect,
        initial="one_page",
    )
    min_sample = forms.IntegerField(label=_("จำนวนผู้ตอบขั้นต่ำ"), min_value=1, required=False)


class StaffAccessForm(forms.Form):
    access = forms.ChoiceField(
        label=_("การเข้าตอบของบุคลากร"),
        choices=StaffAccess.choices,
        widget=forms.RadioSelect,
        initial="codes",
        help_text=_("รหัสร่วมใช้ซ้ำได้ จึงกันคนเดียวตอบหลายครั้งไม่ได้"),
    )
    shared_code = forms.CharField(label=_("รหัสร่วม (ถ้าเลือกรหัสร่วม)"), max_length=40, required=False)


class CustomSurveyForm(NewSurveyForm, StaffAccessForm):
    kind = forms.ChoiceField(
        label=_("ผู้ตอบ"), choices=SurveyKind.choices, widget=forms.RadioSelect, initial="public"
    )
    services = forms.CharField(
        label=_("งานบริการ (บรรทัดละหนึ่งงาน; เว้นว่างถ้าไม่แยกตามงาน)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    questions = forms.CharField(
        label=_("ข้อคำถามความพึงพอใจ 5 ระดับ (บรรทัดละหนึ่งข้อ)"), widget=forms.Textarea(attrs={"rows": 6})
    )
    comment = forms.BooleanField(
        label=_("เพิ่มช่องข้อเสนอแนะ (ข้อความอิสระ ไม่บังคับ)"), required=False, initial=True
    )

    field_order = [
        "title",
        "kind",
        "services",
        "questions",
        "comment",
        "opens_on",
        "closes_on",
        "layout",
        "min_sample",
        "access",
        "shared_code",
        "slug",
    ]


class QuestionAddForm(forms.Form):
    text = forms.CharField(label=_("ข้อความคำถาม"), widget=forms.Textarea(attrs={"rows": 2}))
    answer_type = forms.ChoiceField(label=_("ประเภทคำตอบ"), choices=answer_types_for_custom)


class QuestionTextForm(forms.Form):
    text = forms.CharField(label=_("ข้อความคำถาม"), widget=forms.Textarea(attrs={"rows": 2}))


class CodesForm(forms.Form):
    count = forms.IntegerField(label=_("จำนวนรหัสที่ต้องการ"), min_value=1, max_value=2000, initial=30)


class RoundForm(forms.Form):
    iit_url = forms.URLField(
        label=_("ลิงก์แบบวัด IIT ของ ITAS"),
        required=False,
        help_text=_("เช่น https://itas.nacc.go.th/go/iit/รหัสหน่วยงาน"),
    )
    eit_url = forms.URLField(
        label=_("ลิงก์แบบวัด EIT ของ ITAS"),
        required=False,
        help_text=_("เช่น https://itas.nacc.go.th/go/eit/รหัสหน่วยงาน"),
    )
    staff_count = forms.IntegerField(
        label=_("จำนวนบุคลากรที่ปฏิบัติงาน ≥ 1 ปี"), min_value=0, required=False
    )
    size = forms.ChoiceField(
        label=_("ขนาดหน่วยงานตามกลุ่มของ ป.ป.ช."),
        choices=[("", "—"), *AgencySize.choices],
        required=False,
    )
    iit_target = forms.IntegerField(
        label=_("เป้าหมายผู้ตอบ IIT"),
        min_value=1,
        required=False,
        help_text=_("สูตรขั้นต่ำของ ป.ป.ช. ไม่เปิดเผย ITAS คำนวณจากจำนวนบุคลากร ให้ดูค่าใน ITAS แล้วกรอก"),
    )
    eit_target = forms.IntegerField(
        label=_("เป้าหมายผู้ตอบ EIT (เว้นว่างเพื่อใช้ขั้นต่ำของ ป.ป.ช.)"), min_value=1, required=False
    )


class ProgressForm(forms.Form):
    tool = forms.ChoiceField(label=_("แบบวัด"), choices=[("iit", "IIT"), ("eit", "EIT")])
    on = forms.DateField(label=_("ณ วันที่"), widget=DATE, initial=_default_open)
    count = forms.IntegerField(label=_("จำนวนผู้ตอบสะสมใน ITAS"), min_value=0)
