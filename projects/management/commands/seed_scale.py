import time

from django.core.management.base import BaseCommand, CommandError

from projects.scale import seed_scale


class Command(BaseCommand):
    help = (
        "Fill the database with the demo portfolio plus generated projects up to N in all, for benchmarks "
        "(deterministic for a given N, seed and day). Use a database of its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, required=True, help="projects in all, e.g. 10000")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, projects, seed, **options):
        if not 40 <= projects <= 200_000:
            raise CommandError("--projects must be between 40 (the demo portfolio) and 200000.")
        started = time.monotonic()
        result = seed_scale(projects, seed=seed)
        self.stdout.write(
            f"{result.projects} projects, {result.organizations} organizations and {result.rows} other rows "
            f"added in {time.monotonic() - started:.1f} s"
        )
