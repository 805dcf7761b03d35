"""Two writers of the same agency's history at once still make one linear chain."""

import threading

import pytest
from django.db import connection, connections

from prongsai.history.models import ChangeRecord
from prongsai.history.selectors import agency_chain_check
from prongsai.history.services import record_change


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs DATABASE_URL=postgres://… (row locks)"
)
def test_concurrent_writers_on_postgresql_do_not_fork_the_chain(agency):
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(10):
                record_change(
                    agency=agency, actor=None, target=agency, action="edit", summary=f"{n}-{i}"
                )
        except BaseException as e:  # reported below, in the test's thread
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    check = agency_chain_check(agency.pk)
    assert check.ok and check.rows == 40
    prevs = list(ChangeRecord.objects.filter(agency=agency).values_list("prev_hash", flat=True))
    assert len(set(prevs)) == 40  # no two rows claim the same predecessor
