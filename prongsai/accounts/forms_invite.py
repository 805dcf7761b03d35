from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.accounts.models import Role
from prongsai.agencies.forms import RoleForm


class InviteForm(RoleForm):
    email = forms.EmailField(label=_("อีเมลของผู้ที่จะเชิญ"))
    field_order = ["email", "role", "departments"]

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["role"].initial = Role.VIEWER


class NewAccountForm(forms.Form):
    username = forms.CharField(label=_("ชื่อผู้ใช้"), max_length=150)
    full_name = forms.CharField(label=_("ชื่อ-สกุล"), max_length=150)
    password1 = forms.CharField(
        label=_("รหัสผ่าน"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    password2 = forms.CharField(
        label=_("รหัสผ่านอีกครั้ง"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("รหัสผ่านทั้งสองช่องไม่ตรงกัน"))
        return data
