from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from runtime import backups


class Command(BaseCommand):
    help = "Restore the portal's database from a backup made by `backup` (replaces every table; all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--yes", action="store_true", help="confirm that the current data is to be replaced")

    def handle(self, *args, path: Path, yes: bool, **options):
        name = connection.settings_dict["NAME"]
        if not yes:
            raise CommandError(f"This replaces every table of the database {name}: run again with --yes to go on.")
        connection.close()  # nothing of ours holds a lock while pg_restore drops and recreates the tables
        backups.restore(connection.settings_dict, path.resolve())
        self.stdout.write(f"restored {name} from {path}")
