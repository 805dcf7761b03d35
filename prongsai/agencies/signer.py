"""The executive who signs the o42/o43: name, position and an optional
scanned signature, kept apart from the agency's other settings.

The image is checked by its content (improvement/uploads.py: magic bytes,
Pillow opens it, pixel cap) and must be PNG or JPEG under 2 MB: typst and
Word embed both, and a signature needs no more. It is stored through the
default storage under a generated name, never the user's.
"""

from __future__ import annotations

import uuid
from typing import IO

from django import forms
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prongsai.agencies.models import Agency
from prongsai.history.services import record_change
from prongsai.improvement.uploads import check_upload

SIGNATURE_MAX_BYTES = 2 * 1024 * 1024
SIGNATURE_TYPES = ("png", "jpg")


class SignerForm(forms.Form):
    executive_name = forms.CharField(
        label=gettext_lazy("ชื่อผู้บริหารที่ลงนาม"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("เช่น นายสมชาย ใจดี"),
    )
    executive_title = forms.CharField(
        label=gettext_lazy("ตำแหน่ง"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("เช่น นายกองค์การบริหารส่วนตำบลท่าตลาด"),
    )
    signature = forms.FileField(
        label=gettext_lazy("ภาพลายมือชื่อ (PNG หรือ JPEG ไม่เกิน 2 MB ไม่บังคับ)"),
        required=False,
    )
    remove_signature = forms.BooleanField(label=gettext_lazy("ลบภาพลายมือชื่อเดิม"), required=False)


def check_signature(upload: IO[bytes], *, name: str) -> tuple[bytes, str]:
    """The image's bytes and extension, or a Thai ValidationError."""
    checked = check_upload(upload, name=name, images_only=True)
    if checked.extension not in SIGNATURE_TYPES:
        raise ValidationError(_("ภาพลายมือชื่อต้องเป็นไฟล์ PNG หรือ JPEG"))
    if checked.size > SIGNATURE_MAX_BYTES:
        raise ValidationError(_("ภาพลายมือชื่อใหญ่เกินไป รับได้ไม่เกิน 2 MB"))
    return checked.data, checked.extension


@transaction.atomic
def agency_signer_update(
    *,
    agency: Agency,
    name: str,
    title: str,
    actor: AbstractBaseUser | AnonymousUser,
    image: tuple[bytes, str] | None = None,
    remove_image: bool = False,
) -> None:
    before = {
        "executive_name": agency.executive_name,
        "executive_title": agency.executive_title,
        "signature_image": agency.signature_image,
    }
    agency.executive_name = name.strip()
    agency.executive_title = title.strip()
    old_image = agency.signature_image
    if image is not None:
        data, ext = image
        agency.signature_image = default_storage.save(
            f"signatures/{agency.pk}/{uuid.uuid4().hex}.{ext}", ContentFile(data)
        )
    elif remove_image:
        agency.signature_image = ""
    agency.save(update_fields=["executive_name", "executive_title", "signature_image"])
    after = {k: getattr(agency, k) for k in before}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        record_change(
            agency=agency,
            actor=actor,
            target=agency,
            action="signer_updated",
            summary=_("แก้ไขผู้ลงนามในเอกสาร"),
            changes=changes,
        )
    if old_image and old_image != agency.signature_image:
        # After the commit: a rolled-back change must keep the old file.
        transaction.on_commit(lambda: default_storage.delete(old_image))
