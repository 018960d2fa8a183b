#!/usr/bin/env python
import os
import sys

# Commands that never talk to PostgreSQL or Redis: they start no embedded server (the others join them first).
WITHOUT_SERVICES = {"check", "help", "version", "diffsettings", "compilemessages", "makemessages", "spectacular"}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance_portal.settings.local")
    from django.core.management import execute_from_command_line

    if len(sys.argv) > 1 and sys.argv[1] not in WITHOUT_SERVICES:
        import django

        from runtime import embedded

        django.setup()
        embedded.ensure_running()
    execute_from_command_line(sys.argv)
