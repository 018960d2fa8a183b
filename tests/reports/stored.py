"""A report's files as the reports storage (``STORAGES["reports"]``) holds them, whatever its backend."""

import io

from reports import rendering
from reports.models import Report

FILES = [(fmt, language) for fmt in ("xlsx", "pdf") for language in ("ko", "en")]


def stored_file(report: Report, fmt: str, language: str) -> io.BytesIO:
    """The file's bytes, to hand to openpyxl or pypdf."""
    with rendering.storage().open(report.stored_name(fmt, language), "rb") as file:
        return io.BytesIO(file.read())


def stored_names(report: Report) -> list[str]:
    """The names of the report's four files: XLSX and PDF, Korean and English."""
    return [report.stored_name(fmt, language) for fmt, language in FILES]
