"""Budget plans' review constraints and core's freeze trigger (core.reviewed.freeze_sql); the lines of accepted
plans and executions refused in core's words ("<table> <id> is accepted and cannot be changed", naming the plan or
execution they belong to)."""

from django.db import migrations, models

from core.reviewed import freeze_sql

LINES_FROZEN = """
CREATE OR REPLACE FUNCTION money_accepted_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    parent text;
    parent_id bigint;
    accepted boolean;
BEGIN
    IF TG_TABLE_NAME = 'money_planline' THEN
        parent := 'money_budgetplan';
        parent_id := CASE WHEN TG_OP = 'INSERT' THEN NEW.plan_id ELSE OLD.plan_id END;
        accepted := EXISTS (SELECT 1 FROM money_budgetplan WHERE id = parent_id AND state = 'accepted');
    ELSE
        parent := 'money_execution';
        parent_id := CASE WHEN TG_OP = 'INSERT' THEN NEW.execution_id ELSE OLD.execution_id END;
        accepted := EXISTS (SELECT 1 FROM money_execution WHERE id = parent_id AND state = 'accepted');
    END IF;
    IF accepted THEN
        RAISE EXCEPTION '% % is accepted and cannot be changed', parent, parent_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$;
"""

# as money 0002 made it (going back)
BEFORE = """
CREATE OR REPLACE FUNCTION money_accepted_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    accepted boolean;
BEGIN
    IF TG_TABLE_NAME IN ('money_budgetplan', 'money_execution') THEN
        accepted := OLD.state = 'accepted';
    ELSIF TG_TABLE_NAME = 'money_planline' THEN
        IF TG_OP = 'INSERT' THEN
            accepted := EXISTS (SELECT 1 FROM money_budgetplan WHERE id = NEW.plan_id AND state = 'accepted');
        ELSE
            accepted := EXISTS (SELECT 1 FROM money_budgetplan WHERE id = OLD.plan_id AND state = 'accepted');
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        accepted := EXISTS (SELECT 1 FROM money_execution WHERE id = NEW.execution_id AND state = 'accepted');
    ELSE
        accepted := EXISTS (SELECT 1 FROM money_execution WHERE id = OLD.execution_id AND state = 'accepted');
    END IF;
    IF accepted THEN
        RAISE EXCEPTION '% is accepted and is never changed (a plan changes by a new revision)', TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("money", "0004_plans_are_reviewed_work")]

    operations = [
        migrations.AddConstraint(
            model_name="budgetplan",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state", "accepted"), _negated=True),
                fields=("project", "fiscal_year"),
                name="money_one_open_plan",
            ),
        ),
        migrations.AddConstraint(
            model_name="budgetplan",
            constraint=models.CheckConstraint(
                condition=models.Q(("state__in", ["draft", "submitted", "returned", "accepted"])),
                name="money_plan_state_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="budgetplan",
            constraint=models.CheckConstraint(
                condition=models.Q(("state", "draft"), ("submitted_at__isnull", False), _connector="OR"),
                name="money_plan_submitted_has_time",
            ),
        ),
        migrations.AddConstraint(
            model_name="budgetplan",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("state", "accepted"), _negated=True), ("reviewed_at__isnull", False), _connector="OR"
                ),
                name="money_plan_accepted_has_time",
            ),
        ),
        migrations.RunSQL(*freeze_sql("money_budgetplan", "money_budgetplan_frozen", deletes=True)),
        migrations.RunSQL(LINES_FROZEN, BEFORE),
    ]
