"""Development settings (``manage.py``, ``make run``): the shared settings with the debug pages on unless
``DEBUG=0``. With ``DATABASE_URL`` / ``REDIS_URL`` unset, the embedded servers under ``DATA_DIR`` are used."""

from alliance_portal.settings.base import *  # noqa: F403
from alliance_portal.settings.base import env

DEBUG = env.bool("DEBUG", default=True)
