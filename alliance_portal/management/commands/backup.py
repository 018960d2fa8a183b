from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from runtime import backups


class Command(BaseCommand):
    help = "Back up the portal's database (pg_dump, custom format) to DATA_DIR/backups or --output."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="the file to write (default DATA_DIR/backups/alliance-<time>.dump)"
        )

    def handle(self, *args, output: Path | None, **options):
        path = output or settings.DATA_DIR / "backups" / f"alliance-{timezone.now():%Y%m%d-%H%M%S}.dump"
        backups.backup(connection.settings_dict, path.resolve())
        self.stdout.write(f"backed up {connection.settings_dict['NAME']} to {path} ({path.stat().st_size:,} bytes)")
