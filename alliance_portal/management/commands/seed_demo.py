import datetime

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from alliance_portal.demo import seed_demo
from projects.demo import DEFAULT_PASSWORD, DEMO_USERS
from reports.services import build_latest_reports


class Command(BaseCommand):
    help = "Load the alliance demo data (idempotent: only what is missing is created)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password for demo users created by this run")
        parser.add_argument(
            "--no-reports", action="store_true", help="skip generating the latest weekly and monthly reports"
        )
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            help="the day the demo history leads up to, YYYY-MM-DD (default: today)",
        )

    def handle(self, *args, password, as_of, no_reports, **options):
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError("--password: " + " ".join(error.messages)) from error
        result = seed_demo(as_of=as_of, password=password)
        if not result.created:
            self.stdout.write("Demo data already present; nothing changed.")
        for label, count in result.created.items():
            self.stdout.write(f"created {count} {label}")
        if not no_reports:  # so the reports pages have content before the first scheduled run
            made = build_latest_reports(as_of or timezone.localdate())
            self.stdout.write(f"generated {made} reports" if made else "Latest reports already present.")
        self.stdout.write(f"Demo sign-ins (password {password} for users created by this run):")
        for username, role, organization in DEMO_USERS:
            self.stdout.write(f"  {username:<9} {role.label}" + (f" at {organization}" if organization else ""))
