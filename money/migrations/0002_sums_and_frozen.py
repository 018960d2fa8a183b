"""The parts of a plan and of an execution add up to their totals (checked at commit); accepted plans and
executions are never changed. (The default cost categories are made after every migrate: ``money.apps``.)"""

from django.db import migrations

RULES = """
CREATE FUNCTION money_check_plan(plan_id bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    plan money_budgetplan;
    sums record;
BEGIN
    SELECT * INTO plan FROM money_budgetplan WHERE id = plan_id;
    IF NOT FOUND THEN RETURN; END IF;
    SELECT COALESCE(SUM(government_grant_krw), 0) AS grant_, COALESCE(SUM(private_cash_krw), 0) AS cash,
           COALESCE(SUM(private_in_kind_krw), 0) AS kind
        INTO sums FROM money_planline WHERE money_planline.plan_id = money_check_plan.plan_id;
    IF (sums.grant_, sums.cash, sums.kind) IS DISTINCT FROM
       (plan.government_grant_krw, plan.private_cash_krw, plan.private_in_kind_krw) THEN
        RAISE EXCEPTION 'budget plan %: its lines add up to % / % / %, not its totals % / % / %', plan.id,
            sums.grant_, sums.cash, sums.kind, plan.government_grant_krw, plan.private_cash_krw,
            plan.private_in_kind_krw USING ERRCODE = 'integrity_constraint_violation';
    END IF;
END $$;
CREATE FUNCTION money_check_execution(execution_id bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    total bigint;
    spent bigint;
BEGIN
    SELECT spent_krw INTO total FROM money_execution WHERE id = execution_id;
    IF NOT FOUND THEN RETURN; END IF;
    SELECT COALESCE(SUM(spent_krw), 0) INTO spent FROM money_executionline
        WHERE money_executionline.execution_id = money_check_execution.execution_id;
    IF spent <> total THEN
        RAISE EXCEPTION 'execution %: its lines add up to %, not its total %', execution_id, spent, total
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
END $$;
CREATE FUNCTION money_adds_up() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'money_budgetplan' THEN
        PERFORM money_check_plan(NEW.id);
    ELSIF TG_TABLE_NAME = 'money_execution' THEN
        PERFORM money_check_execution(NEW.id);
    ELSIF TG_TABLE_NAME = 'money_planline' THEN
        IF TG_OP <> 'INSERT' THEN PERFORM money_check_plan(OLD.plan_id); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM money_check_plan(NEW.plan_id); END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN PERFORM money_check_execution(OLD.execution_id); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM money_check_execution(NEW.execution_id); END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER money_plan_adds_up AFTER INSERT OR UPDATE ON money_budgetplan
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION money_adds_up();
CREATE CONSTRAINT TRIGGER money_planline_adds_up AFTER INSERT OR UPDATE OR DELETE ON money_planline
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION money_adds_up();
CREATE CONSTRAINT TRIGGER money_execution_adds_up AFTER INSERT OR UPDATE ON money_execution
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION money_adds_up();
CREATE CONSTRAINT TRIGGER money_executionline_adds_up AFTER INSERT OR UPDATE OR DELETE ON money_executionline
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION money_adds_up();

CREATE FUNCTION money_accepted_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER money_budgetplan_frozen BEFORE UPDATE OR DELETE ON money_budgetplan
    FOR EACH ROW EXECUTE FUNCTION money_accepted_frozen();
CREATE TRIGGER money_planline_frozen BEFORE INSERT OR UPDATE OR DELETE ON money_planline
    FOR EACH ROW EXECUTE FUNCTION money_accepted_frozen();
CREATE TRIGGER money_execution_frozen BEFORE UPDATE OR DELETE ON money_execution
    FOR EACH ROW EXECUTE FUNCTION money_accepted_frozen();
CREATE TRIGGER money_executionline_frozen BEFORE INSERT OR UPDATE OR DELETE ON money_executionline
    FOR EACH ROW EXECUTE FUNCTION money_accepted_frozen();
"""

UNDO = """
DROP TRIGGER money_plan_adds_up ON money_budgetplan; DROP TRIGGER money_planline_adds_up ON money_planline;
DROP TRIGGER money_execution_adds_up ON money_execution;
DROP TRIGGER money_executionline_adds_up ON money_executionline;
DROP TRIGGER money_budgetplan_frozen ON money_budgetplan; DROP TRIGGER money_planline_frozen ON money_planline;
DROP TRIGGER money_execution_frozen ON money_execution; DROP TRIGGER money_executionline_frozen ON money_executionline;
DROP FUNCTION money_adds_up(); DROP FUNCTION money_accepted_frozen();
DROP FUNCTION money_check_plan(bigint); DROP FUNCTION money_check_execution(bigint);
"""


class Migration(migrations.Migration):
    dependencies = [("money", "0001_plans_and_executions")]

    operations = [migrations.RunSQL(RULES, UNDO)]
