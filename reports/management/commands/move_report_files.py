from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from reports.services import move_report_files


class Command(BaseCommand):
    help = (
        "Move the report files kept in a folder on this machine (default REPORTS_DIR) into the reports storage "
        "(the STORAGE_URL bucket, under reports/). Run it once where that folder is, with STORAGE_URL set; running "
        "it again moves only what is left."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="folder", type=Path, help="the folder (default: REPORTS_DIR)")

    def handle(self, *args, folder, **options):
        folder = (folder or Path(settings.REPORTS_DIR)).resolve()
        counts = move_report_files(folder)
        if counts is None:
            self.stdout.write(f"{folder} is where the reports storage keeps its files: nothing to move.")
            return
        self.stdout.write(
            f"{counts['moved']} moved, {counts['present']} already in the storage, "
            f"{counts['left']} left in {folder} (not a report's file)."
        )
