"""Budget plans are reviewed work (core.reviewed): their author, reviewer and decision times in core's fields (the
creator is the author, the accepter the reviewer; an accepted plan counts as submitted when it was accepted), a
version, a review comment. Drafts stay drafts. The next migration adds the constraints and core's freeze trigger."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def user(name: str, *, historical: bool, required: bool = False) -> models.ForeignKey:
    """A user field as the model (PROTECT) or its history (no database constraint) has it."""
    if historical:
        return models.ForeignKey(blank=True, db_constraint=False, null=True, related_name="+", verbose_name=name,
                                 on_delete=django.db.models.deletion.DO_NOTHING, to=settings.AUTH_USER_MODEL)  # fmt: skip
    optional = {} if required else {"blank": True, "null": True}
    return models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", verbose_name=name,
                             to=settings.AUTH_USER_MODEL, **optional)  # fmt: skip


STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("returned", "Returned for changes"),
    ("accepted", "Accepted"),
]


def submitted_when_accepted(apps, schema_editor):
    for name in ("BudgetPlan", "HistoricalBudgetPlan"):
        model = apps.get_model("money", name)
        model.objects.filter(state="accepted").update(submitted_at=F("reviewed_at"))


def fields(model: str, historical: bool) -> list:
    version = models.PositiveIntegerField(default=1, editable=False, verbose_name="version",
                                          help_text="Incremented on every change; stale writes are refused.")  # fmt: skip
    return [
        migrations.RenameField(model, "created_by", "author"),
        migrations.RenameField(model, "accepted_by", "reviewer"),
        migrations.RenameField(model, "accepted_at", "reviewed_at"),
        migrations.AlterField(model, "author", user("author", historical=historical, required=True)),
        migrations.AlterField(model, "reviewer", user("reviewer", historical=historical)),
        migrations.AlterField(
            model, "reviewed_at", models.DateTimeField(blank=True, null=True, verbose_name="reviewed")
        ),
        migrations.AddField(
            model, "submitted_at", models.DateTimeField(blank=True, null=True, verbose_name="submitted")
        ),
        migrations.AddField(model, "review_comment", models.TextField(blank=True, verbose_name="review comment")),
        migrations.AddField(model, "version", version),
        migrations.AlterField(
            model, "state", models.CharField(choices=STATES, default="draft", max_length=16, verbose_name="state")
        ),  # fmt: skip
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_accepted_is_frozen"),
        ("money", "0003_reviewed_work"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # the plan's own freeze trigger goes (core's comes in the next migration): accepted rows get their new fields
        migrations.RunSQL(
            "DROP TRIGGER money_budgetplan_frozen ON money_budgetplan;",
            "CREATE TRIGGER money_budgetplan_frozen BEFORE UPDATE OR DELETE ON money_budgetplan "
            "FOR EACH ROW EXECUTE FUNCTION money_accepted_frozen();",
        ),
        migrations.RemoveConstraint("budgetplan", "money_one_draft_plan"),
        migrations.RemoveConstraint("budgetplan", "money_accepted_when"),
        *fields("budgetplan", historical=False),
        *fields("historicalbudgetplan", historical=True),
        migrations.RunPython(submitted_when_accepted, migrations.RunPython.noop),
    ]
