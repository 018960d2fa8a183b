"""The embedded PostgreSQL as a Django database backend: the first connection a process opens starts (or joins)
the embedded services under ``DATA_DIR`` and learns the server's socket folder, so that importing the settings —
``manage.py check``, an IDE, a docs build — starts nothing."""

from django.db.backends.postgresql import base

from runtime import embedded


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        self.settings_dict["HOST"] = embedded.ensure_running().postgres_host()
        return super().get_connection_params()
