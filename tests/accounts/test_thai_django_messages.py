"""Django's own messages that an officer meets (password rules, length and
number limits, duplicates) are Thai: Django's Thai catalog leaves them in
English, Prongsai's prongsai/locale/th fills them."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils import translation

THAI = re.compile(r"[\u0e00-\u0e7f]")
LATIN_WORD = re.compile(r"\b[A-Za-z]{4,}\b")


def test_the_password_rules_shown_under_a_new_password_are_thai() -> None:
    with translation.override("th"):
        rules = password_validators_help_texts()
    assert len(rules) == 4
    for rule in rules:
        assert THAI.search(rule) and not LATIN_WORD.search(rule), rule


def test_a_weak_password_is_refused_in_thai() -> None:
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        validate_password("1234567")
    assert refused.value.messages == [
        "รหัสผ่านนี้สั้นเกินไป ต้องมีอย่างน้อย 8 ตัวอักษร",
        "รหัสผ่านนี้เป็นรหัสที่คนใช้กันมากเกินไป",
        "รหัสผ่านนี้เป็นตัวเลขล้วน",
    ]


def test_a_too_long_value_and_too_many_decimals_are_explained_in_thai() -> None:
    class Form(forms.Form):
        name = forms.CharField(max_length=5)
        score = forms.DecimalField(max_digits=5, decimal_places=2)

    with translation.override("th"):
        form = Form({"name": "องค์การบริหาร", "score": "79.275"})
        assert not form.is_valid()
        assert form.errors["name"] == ["ยาวได้ไม่เกิน 5 ตัวอักษร (ตอนนี้มี 13)"]
        assert form.errors["score"] == ["ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"]


def test_the_password_change_page_lists_the_rules_in_thai(agency_admin, login) -> None:  # type: ignore[no-untyped-def]
    page = login(agency_admin).get("/accounts/password/change/").content.decode()
    assert "รหัสผ่านต้องไม่เป็นตัวเลขล้วน" in page
    assert "entirely numeric" not in page
