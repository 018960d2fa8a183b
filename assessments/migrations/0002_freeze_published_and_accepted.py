"""The database keeps the two promises of AI-ethics checks, whoever asks: a published checklist version and its
questions never change (answers given under it keep their meaning), and an accepted assessment and its answers are
history (deleted only with their project). It also refuses an answer to a question of another checklist version than its assessment's."""

from django.db import migrations

FREEZE = """
CREATE FUNCTION assessments_checklist_frozen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'checklist version % is published and cannot be changed; draft a new version instead', OLD.number
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER checklist_published_is_frozen
    BEFORE UPDATE OR DELETE ON assessments_checklist
    FOR EACH ROW WHEN (OLD.published_at IS NOT NULL)
    EXECUTE FUNCTION assessments_checklist_frozen();

CREATE FUNCTION assessments_question_frozen() RETURNS trigger AS $$
BEGIN  -- OLD is null on INSERT, NEW on DELETE
    IF EXISTS (SELECT 1 FROM assessments_checklist
               WHERE id IN (OLD.checklist_id, NEW.checklist_id) AND published_at IS NOT NULL) THEN
        RAISE EXCEPTION 'the questions of a published checklist version cannot be changed'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN COALESCE(NEW, OLD);
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER question_of_published_is_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON assessments_question
    FOR EACH ROW EXECUTE FUNCTION assessments_question_frozen();

CREATE FUNCTION assessments_assessment_frozen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'AI-ethics assessment % is accepted and cannot be changed; start a new assessment instead', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER assessment_accepted_is_frozen
    BEFORE UPDATE ON assessments_assessment
    FOR EACH ROW WHEN (OLD.state = 'accepted')
    EXECUTE FUNCTION assessments_assessment_frozen();

CREATE FUNCTION assessments_answer_checked() RETURNS trigger AS $$
BEGIN  -- OLD is null on INSERT
    IF EXISTS (SELECT 1 FROM assessments_assessment
               WHERE id IN (OLD.assessment_id, NEW.assessment_id) AND state = 'accepted') THEN
        RAISE EXCEPTION 'the answers of an accepted AI-ethics assessment cannot be changed'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM assessments_assessment a JOIN assessments_question q ON q.checklist_id = a.checklist_id
        WHERE a.id = NEW.assessment_id AND q.id = NEW.question_id
    ) THEN
        RAISE EXCEPTION 'question % is not on the checklist of assessment %', NEW.question_id, NEW.assessment_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER answer_checked  -- deleting is left to cascades (a project deleted with its history)
    BEFORE INSERT OR UPDATE ON assessments_answer
    FOR EACH ROW EXECUTE FUNCTION assessments_answer_checked();
"""

THAW = """
DROP TRIGGER answer_checked ON assessments_answer;
DROP FUNCTION assessments_answer_checked();
DROP TRIGGER assessment_accepted_is_frozen ON assessments_assessment;
DROP FUNCTION assessments_assessment_frozen();
DROP TRIGGER question_of_published_is_frozen ON assessments_question;
DROP FUNCTION assessments_question_frozen();
DROP TRIGGER checklist_published_is_frozen ON assessments_checklist;
DROP FUNCTION assessments_checklist_frozen();
"""


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_checklists_and_assessments")]

    operations = [migrations.RunSQL(FREEZE, THAW)]
