"""Tha Talad's demo, built once per test module: every case of the security
tests replays requests against the same data, and each test is rolled back to
it (the module's data sits in an outer transaction that the tests' own
transactions nest in as savepoints)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.security.world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world(io.StringIO())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def no_website_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Starting a disclosure check would fetch the agency's website on a
    thread: tests send no traffic outside this machine, and the run row the
    request writes is what these tests look at."""
    monkeypatch.setattr("prongsai.publishing.views.run_in_background", lambda run: None)


@pytest.fixture
def as_persona(world: World, db: None) -> Any:
    """A fresh client signed in as a persona of the world (None: anonymous)."""
    from tests.conftest import _pass_second_factor

    def sign_in(name: str | None) -> Client:
        client = Client()
        if name is None:
            return client
        from prongsai.accounts.twofactor import has_two_factor, required_for

        user = world.users[name]
        client.force_login(user)
        if required_for(user) or has_two_factor(user):
            _pass_second_factor(client, user)
        return client

    return sign_in
