"""What a file is, decided from its content (never from its name), and a name that is safe to keep and send back.

The allow-list: PDF, PNG/JPEG/GIF/WebP images, Office Open XML (docx, xlsx, pptx), HWP (the OLE compound file
with Hancom's ``FileHeader``) and HWPX, ZIP, and CSV (text that is neither markup nor binary). Everything else —
an executable renamed ``report.pdf``, HTML, SVG, old binary Office — is refused.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

import olefile

from documents.models import NAME_MAX_LENGTH

SNIFF_BYTES = 64 * 1024  # enough to tell text from binary and markup


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    inline: bool = False  # shown in the browser (PDF, pictures); everything else is always a download


PDF = FileType("application/pdf", "pdf", inline=True)
PNG = FileType("image/png", "png", inline=True)
JPEG = FileType("image/jpeg", "jpg", inline=True)
GIF = FileType("image/gif", "gif", inline=True)
WEBP = FileType("image/webp", "webp", inline=True)
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
PPTX = FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx")
HWP = FileType("application/x-hwp", "hwp")
HWPX = FileType("application/hwp+zip", "hwpx")
ZIP = FileType("application/zip", "zip")
CSV = FileType("text/csv", "csv")

ALLOWED = (PDF, PNG, JPEG, GIF, WEBP, DOCX, XLSX, PPTX, HWP, HWPX, ZIP, CSV)
INLINE_TYPES = frozenset(kind.content_type for kind in ALLOWED if kind.inline)

_SIGNATURES = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
)
_OFFICE_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
_MARKUP = re.compile(rb"^\s*<", re.ASCII)


def sniff(file: BinaryIO) -> FileType | None:
    """The allowed type of ``file``'s content, or None. Reads from the start and rewinds."""
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    try:
        for signature, kind in _SIGNATURES:
            if head.startswith(signature):
                return kind
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return WEBP
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(file)
        if head.startswith(olefile.MAGIC):
            return _ole_kind(file)
        return _text_kind(head)
    finally:
        file.seek(0)


def _zip_kind(file: BinaryIO) -> FileType | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "mimetype" in names and archive.read("mimetype").strip() == b"application/hwp+zip":
                return HWPX
    except (zipfile.BadZipFile, OSError, EOFError):
        return None
    if "[Content_Types].xml" in names:
        for prefix, kind in _OFFICE_PARTS:
            if any(name.startswith(prefix) for name in names):
                return kind
    return ZIP


def _ole_kind(file: BinaryIO) -> FileType | None:
    """HWP 5 is an OLE compound file whose ``FileHeader`` stream starts with its signature; other OLE files (old
    Word, Excel, MSI installers) are not on the list."""
    try:
        with olefile.OleFileIO(file) as ole:
            if ole.exists("FileHeader") and ole.openstream("FileHeader").read(32).startswith(b"HWP Document File"):
                return HWP
    except (OSError, ValueError):
        return None
    return None


def _text_kind(head: bytes) -> FileType | None:
    """CSV: text in UTF-8 (with or without a byte-order mark) or CP949 (Korean Excel's), without NUL bytes, that
    does not open with markup (HTML, SVG, XML would run in a browser)."""
    if not head or b"\x00" in head or _MARKUP.match(head.removeprefix(b"\xef\xbb\xbf")):
        return None
    cut = len(head) == SNIFF_BYTES  # the sample may end inside a character
    for encoding in ("utf-8-sig", "cp949"):
        try:
            head.decode(encoding)
            return CSV
        except UnicodeDecodeError as error:
            if cut and error.start >= len(head) - 3:
                return CSV
    return None


_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


def clean_name(name: str, kind: FileType) -> str:
    """A file name safe to store and send back: the last part of any path, Unicode composed (macOS sends Hangul
    decomposed), no control or format characters, no leading dots or spaces, not a reserved Windows name, at most
    ``NAME_MAX_LENGTH`` characters, and ending in the extension of its real type."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(". ").rstrip(". ")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem = name
    if extension.lower() != kind.extension and not (kind is JPEG and extension.lower() == "jpeg"):
        extension = kind.extension  # "setup.exe" that is really a PDF is kept as "setup.exe.pdf"
        stem = name
    stem = stem or "document"
    if _RESERVED.match(stem):
        stem = f"_{stem}"
    return f"{stem[: NAME_MAX_LENGTH - len(extension) - 1]}.{extension}"
