"""Executions are reviewed work (core.reviewed): core's one freeze function, its state constraints."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.reviewed import freeze_sql


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_accepted_is_frozen"),
        ("members", "0006_search_indexes"),
        ("money", "0002_sums_and_frozen"),
        ("projects", "0011_reviewed_work"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL("DROP TRIGGER money_execution_frozen ON money_execution;", migrations.RunSQL.noop),
        migrations.RunSQL(*freeze_sql("money_execution", "money_execution_frozen", deletes=True)),
        migrations.AlterField(
            model_name="execution",
            name="author",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="author",
            ),
        ),
        migrations.AlterField(
            model_name="execution",
            name="reviewer",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="reviewer",
            ),
        ),
        migrations.AlterField(
            model_name="historicalexecution",
            name="author",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="author",
            ),
        ),
        migrations.AlterField(
            model_name="historicalexecution",
            name="reviewer",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="reviewer",
            ),
        ),
        migrations.AddConstraint(
            model_name="execution",
            constraint=models.CheckConstraint(
                condition=models.Q(("state__in", ["draft", "submitted", "returned", "accepted"])),
                name="money_execution_state_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="execution",
            constraint=models.CheckConstraint(
                condition=models.Q(("state", "draft"), ("submitted_at__isnull", False), _connector="OR"),
                name="money_execution_submitted_has_time",
            ),
        ),
        migrations.AddConstraint(
            model_name="execution",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("state", "accepted"), _negated=True), ("reviewed_at__isnull", False), _connector="OR"
                ),
                name="money_execution_accepted_has_time",
            ),
        ),
    ]
