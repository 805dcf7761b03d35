from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Uploads kept between a preview and its confirmation go here, not to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def staff_user(db: None) -> User:
    """Deployment staff (Khun Somsri of the provincial office's IT unit)."""
    return User.objects.create_user("somsri-staff", "somsri@example.go.th", "x", is_staff=True)


@pytest.fixture
def supervisor(db: None) -> User:
    from prongsai.network.scope import parse_scope
    from prongsai.network.services import supervision_create

    user = User.objects.create_user("district-sup", "sup@example.go.th", "x")
    supervision_create(user=user, scope=parse_scope("national"))
    return user


@pytest.fixture
def client_for() -> Callable[[User | None], Client]:
    """A fresh client per persona, past the second factor where one is required."""
    from tests.conftest import _pass_second_factor

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            from prongsai.accounts.twofactor import has_two_factor, required_for

            client.force_login(user)
            if required_for(user) or has_two_factor(user):
                _pass_second_factor(client, user)
        return client

    return make
