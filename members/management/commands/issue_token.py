from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from members.models import User
from members.tokens import DEFAULT_DAYS, MAX_DAYS, issue_token


class Command(BaseCommand):
    help = "Issue an API token for USERNAME and print it once (it is stored only hashed)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--scopes",
            default="read",
            help="read, plus write and webhooks as needed (default read)",
        )
        parser.add_argument(
            "--expires-days", type=int, default=DEFAULT_DAYS, help=f"default {DEFAULT_DAYS}, at most {MAX_DAYS}"
        )
        parser.add_argument("--name", default="command line", help="what the token is for")

    def handle(self, *args, username, scopes, expires_days, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        try:
            record, token = issue_token(
                user, name=name, scopes=[s.strip() for s in scopes.split(",") if s.strip()], days=expires_days
            )
        except ValidationError as error:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())) from error
        self.stderr.write(
            f"Token {record.prefix}… for {username}, scopes {record.scopes}, expires {record.expires_at:%Y-%m-%d}:"
        )
        self.stdout.write(token)
