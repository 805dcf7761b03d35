"""Staff invite a supervisor by email: the person chooses their own password
and lands on the network view of their scope, with no agency role."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from prongsai.accounts.models import Membership, StaffAction
from prongsai.network.models import Supervision

pytestmark = pytest.mark.django_db(transaction=True)


def _invite(client: Client, **data: Any) -> str:
    response = client.post(reverse("staff:supervisor_new"), data)
    assert response.status_code == 200, response.content.decode()[:400]
    return response.content.decode().split('id="invitation-link" value="')[1].split('"')[0]


def test_an_invited_supervisor_sets_a_password_and_sees_the_scope(
    staff_user: User, client_for: Any, agency: Any
) -> None:
    link = _invite(
        client_for(staff_user),
        email="pranee@nakhonpathom.go.th",
        scope="province:นครปฐม",
        types=["sao"],
    )
    assert mail.outbox[0].to == ["pranee@nakhonpathom.go.th"]
    assert "ผู้กำกับดูแล" in mail.outbox[0].body and "จังหวัดนครปฐม" in mail.outbox[0].body
    visitor = Client()
    page = visitor.get(link)
    assert "จังหวัดนครปฐม" in page.content.decode()
    done = visitor.post(
        link,
        {
            "username": "pranee",
            "full_name": "ปราณี",
            "password1": "ภูเขาสูงทะเลกว้าง2569",
            "password2": "ภูเขาสูงทะเลกว้าง2569",
        },
    )
    assert done.status_code == 302 and done.url == reverse("network:index")
    user = User.objects.get(username="pranee")
    supervision = Supervision.objects.get(user=user)
    assert (supervision.kind, supervision.province, supervision.agency_types) == (
        "province",
        "นครปฐม",
        ["sao"],
    )
    assert not Membership.objects.filter(user=user).exists()
    assert StaffAction.objects.filter(action="supervisor_create", actor=staff_user).exists()
    # The link worked once.
    assert Client().get(link).status_code == 404


def test_a_wrong_scope_is_explained_in_thai_and_nothing_is_sent(
    staff_user: User, client_for: Any
) -> None:
    response = client_for(staff_user).post(
        reverse("staff:supervisor_new"), {"email": "a@b.go.th", "scope": "จังหวัดนครปฐม"}
    )
    assert response.status_code == 400
    assert (
        "province:&lt;จังหวัด&gt;" in response.content.decode()
        or "province:" in response.content.decode()
    )
    assert not mail.outbox


def test_the_command_invites_a_supervisor_by_email_and_prints_the_link() -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("create_supervisor", "--email", "dla@dla.go.th", "--scope", "national", stdout=out)
    assert "/accounts/invitation/" in out.getvalue()
    assert mail.outbox[0].to == ["dla@dla.go.th"]
    assert StaffAction.objects.get(action="supervisor_create").actor is None
