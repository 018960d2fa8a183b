"""AI-ethics assessments are reviewed work (core.reviewed): core's one freeze function."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.reviewed import freeze_sql


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_accepted_is_frozen"),
        ("assessments", "0002_freeze_published_and_accepted"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(
            "DROP TRIGGER assessment_accepted_is_frozen ON assessments_assessment;"
            "DROP FUNCTION assessments_assessment_frozen();",
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(*freeze_sql("assessments_assessment", "assessment_accepted_is_frozen")),
        migrations.AlterField(
            model_name="assessment",
            name="author",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="author",
            ),
        ),
        migrations.AlterField(
            model_name="assessment",
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
    ]
