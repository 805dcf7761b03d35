"""The first-run page: a fresh install is claimed by whoever installed it,
without a command, and never by a stranger afterwards."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client, override_settings
from django.urls import reverse

from prongsai.accounts.models import Membership, Role, StaffAction
from prongsai.agencies.models import Agency
from prongsai.staff.models import Installation

pytestmark = pytest.mark.django_db

FORM = {
    "name": "องค์การบริหารส่วนตำบลบ้านใหม่",
    "slug": "ban-mai",
    "type": "sao",
    "province": "นครปฐม",
    "district": "เมืองนครปฐม",
    "username": "malee",
    "full_name": "มาลี ใจดี",
    "email": "malee@banmai.go.th",
    "password1": "ต้นไม้สูงริมน้ำ2569",
    "password2": "ต้นไม้สูงริมน้ำ2569",
    "staff": "on",
}


def test_a_fresh_install_shows_the_first_run_link_on_the_sign_in_page(client: Client) -> None:
    page = client.get(reverse("accounts:login"))
    assert reverse("setup") in page.content.decode()


def test_the_installer_creates_the_agency_and_their_own_admin_account(client: Client) -> None:
    response = client.post(reverse("setup"), FORM)
    assert response.status_code == 302
    agency = Agency.objects.get(slug="ban-mai")
    user = User.objects.get(username="malee")
    assert user.check_password(FORM["password1"]) and user.is_staff
    assert Membership.objects.get(user=user, agency=agency).role == Role.ADMIN
    assert StaffAction.objects.filter(actor=user, action="agency_create").exists()
    # Signed in: staff must set up two-factor before anything else.
    assert client.get(reverse("assessments:dashboard")).url == reverse("accounts:security")


def test_the_installer_may_keep_the_account_an_ordinary_admin(client: Client) -> None:
    client.post(reverse("setup"), {**FORM, "staff": ""})
    user = User.objects.get(username="malee")
    assert not user.is_staff
    assert client.get(reverse("assessments:dashboard")).status_code == 200


def test_the_page_closes_for_good_once_an_agency_exists(client: Client) -> None:
    client.post(reverse("setup"), FORM)
    stranger = Client()
    assert stranger.get(reverse("setup")).status_code == 404
    again = stranger.post(reverse("setup"), {**FORM, "slug": "x", "username": "mallory"})
    assert again.status_code == 404
    assert not User.objects.filter(username="mallory").exists()
    assert reverse("setup") not in stranger.get(reverse("accounts:login")).content.decode()


def test_a_weak_password_is_refused_and_nothing_is_created(client: Client) -> None:
    response = client.post(reverse("setup"), {**FORM, "password1": "1234", "password2": "1234"})
    assert response.status_code == 400
    assert not Agency.objects.exists() and not User.objects.exists()
    body = response.content.decode()
    assert "องค์การบริหารส่วนตำบลบ้านใหม่" in body  # what was typed is kept


@override_settings(PRODUCTION=True, SETUP_TOKEN="")
def test_production_without_a_setup_token_has_no_first_run_page(client: Client) -> None:
    assert client.get(reverse("setup")).status_code == 404


@override_settings(SETUP_TOKEN="s3cret-token-from-the-operator")
def test_with_a_setup_token_only_its_holder_can_install(client: Client) -> None:
    assert client.get(reverse("setup")).status_code == 404
    assert client.get(reverse("setup") + "?token=wrong").status_code == 404
    assert client.post(reverse("setup"), {**FORM, "token": "wrong"}).status_code == 404
    assert not Agency.objects.exists()
    # The sign-in page does not advertise a page that needs a token.
    assert reverse("setup") not in client.get(reverse("accounts:login")).content.decode()
    page = client.get(reverse("setup") + "?token=s3cret-token-from-the-operator")
    assert page.status_code == 200
    assert 'value="s3cret-token-from-the-operator"' in page.content.decode()
    done = client.post(reverse("setup"), {**FORM, "token": "s3cret-token-from-the-operator"})
    assert done.status_code == 302 and Agency.objects.filter(slug="ban-mai").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs DATABASE_URL=postgres://… (concurrent writers)"
)
def test_two_first_runs_at_the_same_moment_leave_one_installer(monkeypatch) -> None:
    # Somchai and Malee both hold the setup token and press "ติดตั้ง" together.
    # Both pass the "nothing installed yet" check before either commits; the
    # barrier makes sure of that. Only one of them may end up with an agency.
    from prongsai.staff import services

    both_checked = threading.Barrier(2, timeout=10)

    class Racing:
        class objects:
            @staticmethod
            def create(**fields):  # type: ignore[no-untyped-def]
                both_checked.wait()
                return Installation.objects.create(**fields)

    monkeypatch.setattr(services, "Installation", Racing)
    outcomes: list[str] = []

    def install(slug: str, username: str) -> None:
        try:
            services.first_run_setup(
                agency={
                    "slug": slug,
                    "name": slug,
                    "type": "sao",
                    "province": "นครปฐม",
                    "district": "เมืองนครปฐม",
                },
                username=username,
                full_name=username,
                email=f"{username}@example.go.th",
                password="ต้นไม้สูงริมน้ำ2569",
                staff=True,
            )
            outcomes.append("installed")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=install, args=("ban-mai", "malee")),
        threading.Thread(target=install, args=("ban-kao", "somchai")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["installed", "refused"]
    assert Agency.objects.count() == 1 and User.objects.count() == 1
