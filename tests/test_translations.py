"""The Korean catalogue is complete and current: every message of the portal's code and templates is in it,
translated and not fuzzy, and the compiled catalogue is the one built from it. (English left in a Korean page is
looked for on every page by tests/e2e/test_accessibility.py.)"""

import gettext
import shutil
import subprocess
import sys

import pytest

from tests.processes import ROOT

CATALOGUE = ROOT / "locale" / "ko" / "LC_MESSAGES"
NOT_SOURCES = shutil.ignore_patterns(".*", "var", "tests", "bench", "docs", "static", "*.ttf", "*.otf", "__pycache__")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """``makemessages`` over a copy of the code and the catalogue as they are now (makemessages writes into every
    ``locale`` folder above the sources it reads, so it never runs on the repository itself)."""
    copy = tmp_path_factory.mktemp("messages") / "portal"
    shutil.copytree(ROOT, copy, ignore=NOT_SOURCES)
    command = ["manage.py", "makemessages", "-l", "ko", "--no-obsolete"]
    result = subprocess.run([sys.executable, *command], cwd=copy, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return copy / "locale" / "ko" / "LC_MESSAGES" / "django.po"


def entries(po, *flags: str) -> list[str]:
    out = subprocess.run(["msgattrib", *flags, "--no-wrap", str(po)], capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


def test_every_message_is_translated(extracted):
    assert entries(extracted, "--untranslated") == []
    assert entries(extracted, "--only-fuzzy") == []


def test_the_committed_catalogue_holds_every_message_of_the_code(extracted):
    assert entries(extracted) == entries(CATALOGUE / "django.po")


def test_the_compiled_catalogue_is_built_from_the_committed_one(tmp_path):
    subprocess.run(["msgfmt", "-o", str(tmp_path / "django.mo"), str(CATALOGUE / "django.po")], check=True)
    with open(tmp_path / "django.mo", "rb") as built, open(CATALOGUE / "django.mo", "rb") as committed:
        assert gettext.GNUTranslations(built)._catalog == gettext.GNUTranslations(committed)._catalog
