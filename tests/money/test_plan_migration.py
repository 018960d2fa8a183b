"""Migrating budget plans onto core.reviewed (money 0004/0005): the creator becomes the author, the accepter the
reviewer, the acceptance time the review and submission time; drafts stay drafts; the accepted plan is frozen by
core's trigger afterwards."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from tests.factories import ProjectFactory, UserFactory

BEFORE, AFTER = [("money", "0003_reviewed_work")], [("money", "0005_plans_frozen_by_core")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_plans_move_to_core_fields_and_stay_frozen():
    project, author, accepter = ProjectFactory(), UserFactory(), UserFactory()
    old = migrate(BEFORE)
    plan_model = old.get_model("money", "BudgetPlan")
    try:
        with transaction.atomic():
            accepted = plan_model.objects.create(project_id=project.pk, fiscal_year=2026, revision=1,
                                                 state="accepted", created_by_id=author.pk, accepted_by_id=accepter.pk,
                                                 accepted_at="2026-03-02T10:00:00Z")  # fmt: skip
            draft = plan_model.objects.create(project_id=project.pk, fiscal_year=2026, revision=2, reason="more",
                                              state="draft", created_by_id=author.pk)  # fmt: skip
    finally:
        new = migrate(AFTER)
    plans = new.get_model("money", "BudgetPlan").objects
    moved = plans.get(pk=accepted.pk)
    assert (moved.state, moved.author_id, moved.reviewer_id, moved.version) == ("accepted", author.pk, accepter.pk, 1)
    assert moved.submitted_at == moved.reviewed_at and moved.reviewed_at.isoformat() == "2026-03-02T10:00:00+00:00"
    kept = plans.get(pk=draft.pk)
    assert (kept.state, kept.author_id, kept.reviewer_id, kept.submitted_at, kept.reviewed_at) == (
        "draft", author.pk, None, None, None,
    )  # fmt: skip
    with pytest.raises(IntegrityError, match=r"money_budgetplan \d+ is accepted and cannot be changed"):
        plans.filter(pk=accepted.pk).update(review_comment="behind the services' back")
