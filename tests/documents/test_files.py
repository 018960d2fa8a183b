"""What a file is comes from its content, never its name; names are made safe to keep and send back."""

import io
import unicodedata
import zipfile

import pytest
from openpyxl import Workbook
from PIL import Image

from documents import files
from tests.documents.ole import compound_file
from tests.factories import PDF_BYTES


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _picture(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, fmt)
    return buffer.getvalue()


ACCEPTED = [
    (PDF_BYTES, files.PDF),
    (_picture("PNG"), files.PNG),
    (_picture("JPEG"), files.JPEG),
    (_picture("GIF"), files.GIF),
    (_picture("WEBP"), files.WEBP),
    (_xlsx(), files.XLSX),
    (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}), files.DOCX),
    (_zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}), files.PPTX),
    (_zip({"mimetype": b"application/hwp+zip", "Contents/section0.xml": b"<hs/>"}), files.HWPX),
    (compound_file("FileHeader", b"HWP Document File" + b"\0" * 15), files.HWP),
    (_zip({"data/readings.csv": b"a,b\n1,2\n"}), files.ZIP),
    ("과제,진척률\nMOB-01,40\n".encode(), files.CSV),
    ("과제,진척률\nMOB-01,40\n".encode("cp949"), files.CSV),
    (b"\xef\xbb\xbfcode,progress\nMOB-01,40\n", files.CSV),
]


@pytest.mark.parametrize(("content", "kind"), ACCEPTED, ids=[kind.extension for _c, kind in ACCEPTED])
def test_allowed_types_are_told_from_their_content(content, kind):
    assert files.sniff(io.BytesIO(content)) is kind


REFUSED = {
    "windows executable": b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120 + b"This program cannot be run in DOS mode",
    "linux executable": b"\x7fELF\x02\x01\x01" + b"\x00" * 60,
    "html": b"<!DOCTYPE html><html><script>alert(1)</script></html>",
    "svg": b'  <svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "xml with a byte-order mark": b'\xef\xbb\xbf<?xml version="1.0"?><a/>',
    "old word document": compound_file("WordDocument", b"\xec\xa5" + b"\0" * 30),
    "broken zip": b"PK\x03\x04" + b"\x00" * 40,
    "binary noise": bytes(range(256)) * 4,
    "empty": b"",
}


@pytest.mark.parametrize("content", REFUSED.values(), ids=REFUSED.keys())
def test_anything_else_is_refused_whatever_its_name(content):
    assert files.sniff(io.BytesIO(content)) is None


def test_sniffing_leaves_the_file_at_its_start():
    stream = io.BytesIO(PDF_BYTES)
    files.sniff(stream)
    assert stream.read() == PDF_BYTES


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("보고서.pdf", "보고서.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\kim\\결과 보고서.PDF", "결과 보고서.PDF"),
        ("setup.exe", "setup.exe.pdf"),
        ("invoice\x00\x1b[31m.pdf", "invoice[31m.pdf"),
        ("name\u202ecod.pdf", "namecod.pdf"),  # a right-to-left override would disguise the extension
        ("CON.pdf", "_CON.pdf"),
        ("...hidden.pdf", "hidden.pdf"),
        ("", "document.pdf"),
        ("   ", "document.pdf"),
    ],
)
def test_names_are_cleaned(given, kept):
    assert files.clean_name(given, files.PDF) == kept


def test_decomposed_hangul_from_macos_is_composed():
    decomposed = unicodedata.normalize("NFD", "보고서.pdf")
    assert decomposed != "보고서.pdf"
    assert files.clean_name(decomposed, files.PDF) == "보고서.pdf"


def test_long_names_are_cut_keeping_the_extension():
    name = files.clean_name("가" * 500 + ".pdf", files.PDF)
    assert len(name) == files.NAME_MAX_LENGTH
    assert name.endswith("가.pdf")
