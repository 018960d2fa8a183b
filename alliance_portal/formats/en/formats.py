from alliance_portal.formats.ko.formats import *  # noqa: F403  (one date format in both languages)
