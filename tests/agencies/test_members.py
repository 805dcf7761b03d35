"""Role changes and removals: only within the admin's own agency, and never
the last admin."""

import pytest
from django.urls import reverse

from prongsai.accounts.models import Membership
from prongsai.history.models import ChangeRecord


def test_the_admin_changes_a_members_role_and_history_records_it(agency_admin, viewer, login):
    response = login(agency_admin).post(
        reverse("agencies:member_save"), {"username": viewer.username, "role": "admin"}
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=viewer).role == "admin"
    assert ChangeRecord.objects.filter(action="member_role").count() == 1


def test_the_last_admin_cannot_be_demoted(agency_admin, login):
    response = login(agency_admin).post(
        reverse("agencies:member_save"), {"username": agency_admin.username, "role": "viewer"}
    )
    assert response.status_code == 400
    assert "ผู้ดูแลอย่างน้อยหนึ่งคน" in response.content.decode()
    assert Membership.objects.get(user=agency_admin).role == "admin"


def test_the_admin_removes_a_member(agency_admin, viewer, login):
    membership = Membership.objects.get(user=viewer)
    response = login(agency_admin).post(reverse("agencies:member_remove", args=[membership.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(user=viewer).exists()
    assert viewer.__class__.objects.filter(pk=viewer.pk).exists()
    assert ChangeRecord.objects.filter(action="member_remove").count() == 1


def test_the_last_admin_cannot_be_removed(agency_admin, login):
    membership = Membership.objects.get(user=agency_admin)
    login(agency_admin).post(reverse("agencies:member_remove", args=[membership.pk]))
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_another_agencys_admin_cannot_remove_our_member(agency_admin, viewer, other_admin, login):
    membership = Membership.objects.get(user=viewer)
    response = login(other_admin).post(reverse("agencies:member_remove", args=[membership.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_another_agencys_admin_cannot_change_our_members_role(viewer, other_admin, login):
    response = login(other_admin).post(
        reverse("agencies:member_save"), {"username": viewer.username, "role": "admin"}
    )
    assert response.status_code == 400
    assert Membership.objects.get(user=viewer).role == "viewer"
    assert not Membership.objects.filter(
        user=viewer, agency=other_admin.memberships.get().agency
    ).exists()


@pytest.mark.parametrize("persona", ["department_editor", "viewer"])
def test_members_who_are_not_admins_cannot_remove_anyone(request, persona, agency_admin, login):
    membership = Membership.objects.get(user=agency_admin)
    response = login(request.getfixturevalue(persona)).post(
        reverse("agencies:member_remove", args=[membership.pk])
    )
    assert response.status_code == 403
