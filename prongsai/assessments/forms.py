from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from prongsai.lib.imports import clean_upload_size

YEAR_CHOICES_HELP = _("ปีงบประมาณ พ.ศ. ของการประเมิน ITA เช่น 2566")


class ImportForm(forms.Form):
    year = forms.IntegerField(
        label=_("ปีการประเมิน (พ.ศ.)"), min_value=2560, max_value=2600, help_text=YEAR_CHOICES_HELP
    )
    kind = forms.ChoiceField(
        label=_("ชนิดของผล"),
        choices=[("official", _("ผลการประเมินของ ป.ป.ช.")), ("pre", _("ผลการประเมินตนเอง"))],
        initial="official",
    )
    file = forms.FileField(label=_("ไฟล์ CSV หรือ Excel (.xlsx) หัวตาราง code,score[,question]"))

    def clean_file(self) -> UploadedFile:
        return clean_upload_size(self.cleaned_data["file"])
