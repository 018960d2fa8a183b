import datetime

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from projects.demo import DEFAULT_PASSWORD, DEMO_USERS, seed_demo


class Command(BaseCommand):
    help = "Load the alliance demo data (idempotent: only what is missing is created)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password for demo users created by this run")
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            help="the day the demo history leads up to, YYYY-MM-DD (default: today)",
        )

    def handle(self, *args, password, as_of, **options):
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError("--password: " + " ".join(error.messages)) from error
        result = seed_demo(as_of=as_of, password=password)
        if not result.created:
            self.stdout.write("Demo data already present; nothing changed.")
        for label, count in result.created.items():
            self.stdout.write(f"created {count} {label}")
        self.stdout.write(f"Demo sign-ins (password {password} for users created by this run):")
        for username, role, organization in DEMO_USERS:
            self.stdout.write(f"  {username:<9} {role.label}" + (f" at {organization}" if organization else ""))
