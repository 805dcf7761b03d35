"""Rows written before the chain existed are chained by the migration, in id order."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from prongsai.history.selectors import agency_chain_check


@pytest.mark.django_db(transaction=True)
def test_the_migration_chains_existing_rows_per_agency_in_order(agency, other_agency):
    executor = MigrationExecutor(connection)
    executor.migrate([("history", "0001_initial")])
    old = executor.loader.project_state([("history", "0001_initial")]).apps
    Record = old.get_model("history", "ChangeRecord")
    ContentType = old.get_model("contenttypes", "ContentType")
    ct = ContentType.objects.get(app_label="agencies", model="agency")
    for a in (agency, other_agency, agency):
        Record.objects.create(
            agency_id=a.pk,
            actor_name="ระบบ",
            content_type=ct,
            object_id=a.pk,
            action="edit",
            summary="ก่อนมีห่วงโซ่",
            changes={"x": [1, 2]},
            at=timezone.now(),
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    mine, theirs = agency_chain_check(agency.pk), agency_chain_check(other_agency.pk)
    assert mine.ok and mine.rows == 2 and theirs.ok and theirs.rows == 1
    assert mine.head_hash and mine.head_hash != theirs.head_hash
