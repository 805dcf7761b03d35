"""Invitations: the one-time link with which a person chooses their own
password, or — with an account already — only gains a membership."""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from prongsai.accounts.invitations import invitation_create
from prongsai.accounts.models import Invitation, Membership
from tests.conftest import PASSWORD

NEW_PASSWORD = "ร่มไม้ชายคา-2567"


def _token(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[1]


def _invite(agency, email="somchai@example.com", role="viewer", by=None):  # type: ignore[no-untyped-def]
    return invitation_create(agency=agency, email=email, role=role, invited_by=by)


def _accept_new(client, token, username="somchai"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("accounts:invitation_accept", args=[token]),
        {
            "username": username,
            "full_name": "สมชาย ใจดี",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )


def test_the_admin_invites_by_email_and_sees_the_link_once(
    agency_admin, login, agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(agency_admin).post(
            reverse("accounts:invite"), {"email": "somchai@example.com", "role": "viewer"}
        )
    assert response.status_code == 200
    link = re.search(r'value="(http[^"]+/invitation/[^"]+)"', response.content.decode())
    assert link
    assert len(mail.outbox) == 1 and link.group(1) in mail.outbox[0].body
    invitation = Invitation.objects.get()
    assert _token(link.group(1)) not in invitation.token_hash  # only the hash is kept


def test_a_new_person_chooses_their_own_password_and_joins(client, agency):
    _invitation, token = _invite(agency)
    response = _accept_new(client, token)
    assert response.status_code == 302
    user = User.objects.get(username="somchai")
    assert user.email == "somchai@example.com"
    assert Membership.objects.get(user=user).agency == agency
    assert authenticate(username="somchai", password=NEW_PASSWORD) is not None


def test_a_weak_password_is_refused_by_the_validators(client, agency):
    _invitation, token = _invite(agency)
    response = client.post(
        reverse("accounts:invitation_accept", args=[token]),
        {"username": "somchai", "full_name": "ส", "password1": "12345678", "password2": "12345678"},
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="somchai").exists()


def test_a_link_works_only_once(client, agency):
    _invitation, token = _invite(agency)
    _accept_new(client, token)
    client.logout()
    response = _accept_new(client, token, username="someone-else")
    assert response.status_code == 404
    assert not User.objects.filter(username="someone-else").exists()


def test_an_expired_link_is_refused(client, agency):
    invitation, token = _invite(agency)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    assert _accept_new(client, token).status_code == 404


def test_a_revoked_link_is_refused(agency_admin, login, agency, client):
    invitation, token = _invite(agency)
    login(agency_admin).post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    client.logout()
    assert _accept_new(client, token).status_code == 404


def test_resending_makes_a_new_link_and_the_old_one_stops(agency_admin, login, agency):
    invitation, token = _invite(agency)
    response = login(agency_admin).post(reverse("accounts:invitation_resend", args=[invitation.pk]))
    assert response.status_code == 200
    new = re.search(r'value="(http[^"]+/invitation/[^"]+)"', response.content.decode())
    assert new and _token(new.group(1)) != token
    client = login(agency_admin)
    client.logout()
    assert client.get(reverse("accounts:invitation_accept", args=[token])).status_code == 404
    assert client.get(new.group(1).split("8000", 1)[1]).status_code == 200


@pytest.mark.parametrize("action", ["accounts:invitation_revoke", "accounts:invitation_resend"])
def test_another_agencys_admin_cannot_touch_our_invitation(action, other_admin, login, agency):
    invitation = _invite(agency)[0]
    assert login(other_admin).post(reverse(action, args=[invitation.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_an_existing_user_only_gains_a_membership_after_signing_in(
    other_admin, agency, client, login, django_capture_on_commit_callbacks
):
    other_admin.email = "other@example.com"
    other_admin.save()
    before = other_admin.password
    _invitation, token = _invite(agency, email="other@example.com")
    url = reverse("accounts:invitation_accept", args=[token])
    # Anonymous: told to sign in; no account form, nothing written.
    page = client.get(url).content.decode()
    assert "password1" not in page
    assert _accept_new(client, token, username="x").status_code == 200
    assert not Membership.objects.filter(user=other_admin, agency=agency).exists()
    # Signed in themselves: accepted, and told by email.
    with django_capture_on_commit_callbacks(execute=True):
        assert login(other_admin).post(url).status_code == 302
    assert Membership.objects.filter(user=other_admin, agency=agency, role="viewer").exists()
    other_admin.refresh_from_db()
    assert other_admin.password == before
    assert any("ท่าตลาด" in m.subject for m in mail.outbox)


@pytest.mark.parametrize("persona", ["department_editor", "viewer"])
def test_members_who_are_not_admins_cannot_invite(request, persona, login):
    response = login(request.getfixturevalue(persona)).post(
        reverse("accounts:invite"), {"email": "x@example.com", "role": "admin"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, agency):
    response = client.post(reverse("accounts:invite"), {"email": "x@example.com", "role": "admin"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_inviting_answers_the_same_for_an_address_of_another_agency(
    agency_admin, other_admin, login
):
    other_admin.email = "other@example.com"
    other_admin.save()
    client = login(agency_admin)
    a = client.post(reverse("accounts:invite"), {"email": "other@example.com", "role": "viewer"})
    b = client.post(reverse("accounts:invite"), {"email": "nobody@example.com", "role": "viewer"})
    assert a.status_code == b.status_code == 200
    assert Invitation.objects.count() == 2


def test_the_invite_command_prints_a_working_link(agency, client):
    out = io.StringIO()
    call_command(
        "invite",
        "--agency",
        "tha-talad",
        "--email",
        "a@example.com",
        "--role",
        "editor",
        "--department",
        "กองคลัง",
        stdout=out,
    )
    link = out.getvalue().strip().splitlines()[-1]
    assert client.get(link.split("8000", 1)[1]).status_code == 200


def test_create_agency_with_an_admin_email_prints_a_working_link(db, client):
    out = io.StringIO()
    call_command(
        "create_agency",
        "--slug",
        "ban-mai",
        "--name",
        "อบต.บ้านใหม่",
        "--type",
        "sao",
        "--province",
        "นครปฐม",
        "--district",
        "เมือง",
        "--admin-email",
        "boss@example.com",
        stdout=out,
    )
    link = out.getvalue().strip().splitlines()[-1]
    _accept_new(client, _token(link), username="boss")
    assert Membership.objects.get(user__username="boss").role == "admin"


def test_the_password_reset_page_does_not_reveal_whether_an_email_exists(agency_admin, client):
    agency_admin.email = "admin@example.com"
    agency_admin.save()
    url = reverse("accounts:password_reset")
    known = client.post(url, {"email": "admin@example.com"})
    unknown = client.post(url, {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1 and "/accounts/password/reset/" in mail.outbox[0].body
    assert PASSWORD not in mail.outbox[0].body


def test_an_agency_name_with_a_line_break_still_gets_its_invitation_sent(
    agency, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    # Names typed elsewhere (an old import, the agency's settings) may hold
    # one; in the subject it made the mail fail after the invitation was saved.
    agency.name = "อบต.ท่าตลาด\nBcc: x@evil.example"
    agency.save()
    with django_capture_on_commit_callbacks(execute=True):
        _invite(agency)
    (sent,) = mail.outbox
    assert sent.subject == "คำเชิญเข้าใช้ Prongsai: อบต.ท่าตลาด Bcc: x@evil.example"
    assert sent.to == ["somchai@example.com"] and not sent.bcc
