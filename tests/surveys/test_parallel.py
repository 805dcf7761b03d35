"""Parallel requests against a live server on PostgreSQL: a code is spent once,
a form is stored once (anchors.md §5: LimeSurvey stored 1–8 responses for one
code under 40 parallel clients)."""

from __future__ import annotations

import re
import threading
from collections import Counter

import httpx
import pytest

from prongsai.surveys.models import AccessCode, Response
from prongsai.surveys.services import codes_generate, survey_update
from tests.surveys.conftest import fill

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CLIENT_ID = re.compile(r'name="client_id" value="([0-9a-f]{32})"')


def _race(url: str, forms: list[dict[str, str]], *, same_client_id: bool = False) -> Counter[int]:
    """Each thread loads the form like a browser, then all post at once."""
    barrier = threading.Barrier(len(forms))
    statuses: list[int] = []
    lock = threading.Lock()
    shared_id: list[str] = []

    def run(data: dict[str, str]) -> None:
        with httpx.Client(timeout=60) as http:
            page = http.get(url)
            form = {
                "csrfmiddlewaretoken": CSRF.search(page.text)[1],  # type: ignore[index]
                "client_id": CLIENT_ID.search(page.text)[1],  # type: ignore[index]
                **data,
            }
            with lock:
                if same_client_id:
                    shared_id.append(form["client_id"])
                    form["client_id"] = shared_id[0]
            barrier.wait()
            status = http.post(url, data=form).status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=run, args=(form,)) for form in forms]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return Counter(statuses)


def test_a_code_used_by_50_parallel_requests_is_accepted_exactly_once(live_server, staff_survey):
    [code] = codes_generate(survey=staff_survey, count=1, actor=None)
    survey_update(survey=staff_survey, actor=None, rate_limit=1000)  # all 50 come from 127.0.0.1
    form = fill(staff_survey) | {"code": code}
    statuses = _race(f"{live_server.url}/surveys/s/{staff_survey.slug}/", [form] * 50)
    assert statuses == Counter({303: 1, 403: 49}), dict(statuses)
    assert Response.objects.filter(survey=staff_survey).count() == 1
    assert not AccessCode.objects.filter(survey=staff_survey).exists()


def test_one_form_posted_20_times_in_parallel_is_stored_once(live_server, public_survey):
    survey_update(survey=public_survey, actor=None, rate_limit=1000)
    statuses = _race(
        f"{live_server.url}/surveys/s/{public_survey.slug}/",
        [fill(public_survey)] * 20,
        same_client_id=True,
    )
    assert statuses == Counter({303: 20})
    assert Response.objects.filter(survey=public_survey).count() == 1
