"""The hole this closes: "add a member" with the username of a user of another
agency and a password of the admin's choosing used to set that user's
password, so one agency's admin could sign in as another agency's admin."""

import re

from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.urls import reverse

from tests.conftest import PASSWORD


def _hashes() -> dict[str, str]:
    return dict(User.objects.values_list("username", "password"))


def test_an_admin_cannot_set_the_password_of_another_agencys_admin(
    agency_admin, other_admin, login
):
    before = _hashes()
    response = login(agency_admin).post(
        reverse("agencies:member_save"),
        {"username": other_admin.username, "password": "chosen-by-attacker-1", "role": "viewer"},
    )
    assert response.status_code in (200, 302, 400)
    assert authenticate(username=other_admin.username, password=PASSWORD) is not None
    assert authenticate(username=other_admin.username, password="chosen-by-attacker-1") is None
    assert _hashes() == before
    # Nor did the stranger become a member of the attacker's agency.
    assert not other_admin.memberships.filter(agency__slug="tha-talad").exists()


def test_an_admin_cannot_set_the_password_of_a_staff_user(agency_admin, login):
    staff = User.objects.create_user(username="ops", password=PASSWORD, is_staff=True)
    before = _hashes()
    login(agency_admin).post(
        reverse("agencies:member_save"),
        {"username": "ops", "password": "chosen-by-attacker-1", "role": "admin"},
    )
    assert authenticate(username="ops", password=PASSWORD) is not None
    assert authenticate(username="ops", password="chosen-by-attacker-1") is None
    assert _hashes() == before
    assert not staff.memberships.exists()


def test_an_admin_cannot_set_the_password_of_a_member_of_their_own_agency(
    agency_admin, viewer, login
):
    before = _hashes()
    login(agency_admin).post(
        reverse("agencies:member_save"),
        {"username": viewer.username, "password": "chosen-by-admin-1", "role": "viewer"},
    )
    assert authenticate(username=viewer.username, password=PASSWORD) is not None
    assert _hashes() == before


def test_the_answer_does_not_tell_whether_a_username_exists_elsewhere(
    agency_admin, other_admin, login
):
    # A name that appears nowhere else on the page ("other" is also a choice value).
    other_admin.username = "phothong-admin"
    other_admin.save()
    client = login(agency_admin)
    url = reverse("agencies:member_save")
    existing = client.post(url, {"username": other_admin.username, "role": "viewer"})
    absent = client.post(url, {"username": "nobody-by-this-name", "role": "viewer"})
    assert existing.status_code == absent.status_code
    assert _page(existing, other_admin.username) == _page(absent, "nobody-by-this-name")


def _page(response, name: str) -> str:
    # The CSRF token is masked anew on every page; everything else must match.
    text = re.sub(r"[A-Za-z0-9]{64}", "TOKEN", response.content.decode())
    return text.replace(name, "NAME")
