import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from groups import demo as groups_demo
from money import scale as money_scale
from projects.scale import seed_scale
from results import scale as results_scale


class Command(BaseCommand):
    help = (
        "Fill the database with the demo portfolio plus generated projects up to N in all, with a budget plan, "
        "this year's executions and an accepted result for each, and the demo's working groups, for benchmarks "
        "(deterministic for a given N, seed and day). Use a database of its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, required=True, help="projects in all, e.g. 10000")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, projects, seed, **options):
        if not 40 <= projects <= 200_000:
            raise CommandError("--projects must be between 40 (the demo portfolio) and 200000.")
        started = time.monotonic()
        as_of = timezone.localdate()
        with transaction.atomic():
            result = seed_scale(projects, seed=seed, as_of=as_of)
            with_money = money_scale.seed(as_of, seed=seed)
            groups_demo.seed(as_of)  # the working groups' pages and calendars (their meetings, minutes, items)
            results = results_scale.seed(as_of)
            with connection.cursor() as cursor:  # fresh statistics, as autovacuum would give tables that grew this
                cursor.execute("ANALYZE")  # much — every table seeded (the results' once took a plan for 19 rows)
        self.stdout.write(
            f"{result.projects} projects, {result.organizations} organizations and {result.rows} other rows "
            f"added, money for {with_money} projects, {results} results, in {time.monotonic() - started:.1f} s"
        )
