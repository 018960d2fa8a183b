"""What a file is, decided from its content (never from its name), and a name that is safe to keep and send back.

The allow-list: PDF, PNG/JPEG/GIF/WebP images, Office Open XML (docx, xlsx, pptx), HWP (the OLE compound file
with Hancom's ``FileHeader``) and HWPX, ZIP, and CSV (text that is neither markup nor binary). Everything else —
an executable renamed ``report.pdf``, HTML, SVG, old binary Office — is refused.

Uploads are hostile until shown otherwise, so telling ZIP and OLE files apart reads their structure through
``core.untrusted`` within fixed limits (below): at most ``READ_BUDGET`` bytes in all, the first bytes of the one
stream that tells the type or the whole of one small ZIP entry, never more. An archive with more than
``MAX_ZIP_ENTRIES`` entries, an encrypted entry, entries declaring more than ``MAX_INFLATED`` bytes or one
inflating more than ``MAX_RATIO`` times, a compound file whose stream is larger than the file or whose sector chain
loops, and anything truncated or inconsistent is refused like any other type not on the list. Archives inside an
archive are not opened.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO

from core import untrusted
from documents.models import NAME_MAX_LENGTH

SNIFF_BYTES = 64 * 1024  # enough to tell text from binary and markup
READ_BUDGET = 8 * 2**20  # bytes a ZIP or OLE check may read in all (a central directory, a FAT, a prefix)
MAX_ZIP_ENTRIES = 10_000
MAX_ZIP_DIRECTORY = 4 * 2**20  # the central directory's bytes, read at once
MAX_INFLATED = 2**30  # declared by all entries together
MAX_RATIO, RATIO_FROM = 200, 2**20  # an entry over 1 MB may inflate at most 200 times (office XML stays well under)
MAX_OLE_ENTRIES = 4096  # directory entries walked in the root storage (an HWP file has a few dozen)
HWPX_MIMETYPE = b"application/hwp+zip"
MAX_MIMETYPE = 256  # a ``mimetype`` entry is read whole, so only when it is small
HWP_SIGNATURE = b"HWP Document File"


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
            return _zip_kind(untrusted.Source(file, READ_BUDGET))
        if head.startswith(untrusted.OLE_MAGIC):
            return _ole_kind(untrusted.Source(file, READ_BUDGET))
        return _text_kind(head)
    except untrusted.Unreadable:
        return None
    finally:
        file.seek(0)


def _zip_kind(source: untrusted.Source) -> FileType:
    """HWPX names itself in a stored ``mimetype`` entry; Office Open XML has ``[Content_Types].xml`` and its parts'
    folder; any other readable archive is a ZIP. Encrypted entries are refused: nothing in them can be checked."""
    entries = untrusted.zip_entries(source, max_entries=MAX_ZIP_ENTRIES, max_directory_bytes=MAX_ZIP_DIRECTORY)
    untrusted.check_zip_sizes(entries, max_total=MAX_INFLATED, max_ratio=MAX_RATIO, ratio_from=RATIO_FROM)
    if any(entry.encrypted for entry in entries):
        raise untrusted.Unreadable("an encrypted entry")
    by_name = {entry.name: entry for entry in entries}
    mimetype = by_name.get("mimetype")
    if mimetype and untrusted.zip_read(source, mimetype, MAX_MIMETYPE).strip() == HWPX_MIMETYPE:
        return HWPX
    if "[Content_Types].xml" in by_name:
        for prefix, kind in _OFFICE_PARTS:
            if any(name.startswith(prefix) for name in by_name):
                return kind
    return ZIP


def _ole_kind(source: untrusted.Source) -> FileType | None:
    """HWP 5 is an OLE compound file whose ``FileHeader`` stream starts with its signature; other OLE files (old
    Word, Excel, MSI installers) are not on the list."""
    compound = untrusted.CompoundFile(source, max_directory_entries=MAX_OLE_ENTRIES)
    header = compound.root_streams().get("FileHeader")
    if header and compound.prefix(header, 32).startswith(HWP_SIGNATURE):
        return HWP
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
