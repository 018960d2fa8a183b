"""Status updates are reviewed work (core.reviewed): core's one freeze function, its state constraints."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.reviewed import freeze_sql


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_accepted_is_frozen"),
        ("projects", "0010_money_figures"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(
            "DROP TRIGGER statusupdate_accepted_is_frozen ON projects_statusupdate;"
            "DROP FUNCTION projects_statusupdate_frozen();",
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(*freeze_sql("projects_statusupdate", "statusupdate_accepted_is_frozen")),
        migrations.AlterField(
            model_name="statusupdate",
            name="author",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="author",
            ),
        ),
        migrations.AlterField(
            model_name="statusupdate",
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
        migrations.AddConstraint(
            model_name="statusupdate",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("state", "accepted"), _negated=True), ("reviewed_at__isnull", False), _connector="OR"
                ),
                name="statusupdate_accepted_has_time",
            ),
        ),
    ]
