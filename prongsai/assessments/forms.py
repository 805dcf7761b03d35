from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.lib.imports import clean_upload_size
from prongsai.lib.thai import fiscal_year_be

YEAR_CHOICES_HELP = _("ปีงบประมาณ พ.ศ. ของการประเมิน ITA เช่น 2566")


def latest_results_year() -> int:
    """The ITA year whose results an officer has in hand today: the NACC
    publishes a year's results near its end, so in December 2569 (fiscal
    2570) they are importing ITA 2569, and still are until next autumn."""
    return fiscal_year_be(timezone.localdate()) - 1


class ImportForm(forms.Form):
    year = forms.IntegerField(
        label=_("ปีการประเมิน (พ.ศ.)"),
        min_value=2560,
        max_value=2600,
        help_text=YEAR_CHOICES_HELP,
        initial=latest_results_year,
    )
    kind = forms.ChoiceField(
        label=_("ชนิดของผล"),
        choices=[("official", _("ผลการประเมินของ ป.ป.ช.")), ("pre", _("ผลการประเมินตนเอง"))],
        initial="official",
    )
    file = forms.FileField(
        label=_("ไฟล์ CSV หรือ Excel (.xlsx) หัวตาราง code,score[,question] หรือ indicator,score")
    )

    def clean_file(self) -> UploadedFile:
        return clean_upload_size(self.cleaned_data["file"])


class TextImportForm(forms.Form):
    """The ITAS results page pasted, or as a .txt/.docx/.pdf file."""

    year = forms.IntegerField(
        label=_("ปีการประเมิน (พ.ศ.)"),
        min_value=2560,
        max_value=2600,
        help_text=YEAR_CHOICES_HELP,
        initial=latest_results_year,
    )
    kind = forms.ChoiceField(
        label=_("ชนิดของผล"),
        choices=[("official", _("ผลการประเมินของ ป.ป.ช.")), ("pre", _("ผลการประเมินตนเอง"))],
        initial="official",
    )
    text = forms.CharField(
        label=_("ข้อความจากหน้าผลการประเมินของระบบ ITAS (วางที่นี่)"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=500_000,
    )
    file = forms.FileField(label=_("หรือไฟล์ .txt .docx หรือ .pdf"), required=False)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # The table import form is on the same page: ids of their own, so a
        # label never points at the other form's field.
        kwargs.setdefault("auto_id", "itas_%s")
        super().__init__(*args, **kwargs)

    def clean_file(self) -> UploadedFile | None:
        f = self.cleaned_data.get("file")
        return clean_upload_size(f) if f else None

    def clean(self) -> dict[str, object]:
        from prongsai.assessments.itas_text import text_of_file

        data = super().clean() or {}
        f = data.get("file")
        if f:
            try:
                data["text"] = text_of_file(f.read(), f.name or "")  # type: ignore[union-attr]
            except ValueError as e:
                self.add_error("file", str(e))
        elif not (data.get("text") or "").strip():  # type: ignore[union-attr]
            self.add_error("text", _("วางข้อความจากหน้าผลการประเมิน หรือเลือกไฟล์"))
        return data
