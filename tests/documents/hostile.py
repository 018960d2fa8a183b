"""Hostile uploads, made by code: compound files whose chains loop or whose streams are larger than the file, zip
bombs, archives with too many entries, encrypted entries, lying sizes, overlapping entries, truncated files — and
the legitimate files beside them that must still pass. ``CORPUS`` maps a case's name to how to build it and the
type it must be told as (None: refused)."""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib
from collections.abc import Callable

from documents import files
from tests.documents.ole import compound_file

HWP_HEADER = b"HWP Document File" + b"\0" * 15
HWPX_MIMETYPE = b"application/hwp+zip"
BOMB_BYTES = 48 * 2**20  # what a bomb inflates to: far over the memory bound, cheap to make


def zip_of(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            if name == "mimetype":
                archive.writestr(name, content, compress_type=zipfile.ZIP_STORED)
            else:
                archive.writestr(name, content)
    return buffer.getvalue()


def hwpx() -> bytes:
    return zip_of({"mimetype": HWPX_MIMETYPE, "Contents/section0.xml": b"<hs:sec/>"})


class _Unseekable(io.RawIOBase):
    """A write-only stream: ``zipfile`` then writes each entry's sizes after its data (a data descriptor), as
    streaming writers do."""

    def __init__(self):
        self.written = bytearray()

    def writable(self):
        return True

    def write(self, data):
        self.written += data
        return len(data)


def streamed_hwpx() -> bytes:
    target = _Unseekable()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", HWPX_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("Contents/section0.xml", b"<hs:sec/>")
    return bytes(target.written)


def zip64_hwpx() -> bytes:
    """An HWPX whose entries carry ZIP64 sizes in their local headers."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in (("mimetype", HWPX_MIMETYPE), ("Contents/section0.xml", b"<hs:sec/>")):
            with archive.open(name, "w", force_zip64=True) as entry:
                entry.write(content)
    return buffer.getvalue()


def _streamed(name: str, start: bytes, filler: bytes, size: int, extra: dict[str, bytes] | None = None) -> bytes:
    """An archive whose entry ``name`` is ``start`` followed by ``filler`` up to ``size`` bytes, deflated while
    written (the content is never held whole)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(name, "w") as entry:
            entry.write(start)
            chunk = filler * (2**20 // len(filler))
            written = len(start)
            while written < size:
                part = chunk[: size - written]
                entry.write(part)
                written += len(part)
        for other, content in (extra or {}).items():
            archive.writestr(other, content)
    return buffer.getvalue()


def _headers(data: bytes, name: str) -> tuple[int, int]:
    """The offsets of ``name``'s local header and central directory record."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local = archive.getinfo(name).header_offset
    encoded = name.encode()
    at = data.index(b"PK\x01\x02")
    while data[at + 46 : at + 46 + len(encoded)] != encoded:
        at = data.index(b"PK\x01\x02", at + 4)
    return local, at


def _patched(data: bytes, *changes: tuple[int, str, int]) -> bytes:
    patched = bytearray(data)
    for offset, layout, value in changes:
        struct.pack_into(layout, patched, offset, value)
    return bytes(patched)


def encrypted(data: bytes, name: str) -> bytes:
    """``name`` marked encrypted in both headers (its bytes are then noise to anyone without the password)."""
    local, central = _headers(data, name)
    return _patched(data, (local + 6, "<H", data[local + 6] | 1), (central + 8, "<H", data[central + 8] | 1))


def local_sizes_lie(data: bytes, name: str) -> bytes:
    """``name``'s local header declares 300 MB where the central directory declares its true size."""
    local, _central = _headers(data, name)
    return _patched(data, (local + 18, "<I", 300 * 2**20), (local + 22, "<I", 300 * 2**20))


def sizes_understated() -> bytes:
    """An HWPX whose ``mimetype`` both headers say is 19 bytes (with those bytes' CRC) while its deflate stream goes
    on to inflate to 48 MB."""
    data = _streamed("mimetype", HWPX_MIMETYPE, b" ", BOMB_BYTES)
    local, central = _headers(data, "mimetype")
    crc = zlib.crc32(HWPX_MIMETYPE)
    return _patched(
        data,
        (local + 14, "<I", crc), (local + 22, "<I", len(HWPX_MIMETYPE)),
        (central + 16, "<I", crc), (central + 24, "<I", len(HWPX_MIMETYPE)),
    )  # fmt: skip


def overlapping() -> bytes:
    """Two entries whose directory records point at the same data (how a few kilobytes inflate to terabytes)."""
    data = zip_of({"a.csv": b"a,b\n" * 100, "b.csv": b"c,d\n" * 100})
    _local, central = _headers(data, "b.csv")
    return _patched(data, (central + 42, "<I", 0))


def many_entries(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for number in range(count):
            archive.writestr(f"{number}.csv", b"")
    return buffer.getvalue()


def long_directory() -> bytes:
    """Seventy entries whose directory records carry 60 KB comments: a central directory over 4 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for number in range(70):
            info = zipfile.ZipInfo(f"{number}.csv")
            info.comment = b"#" * 60_000
            archive.writestr(info, b"")
    return buffer.getvalue()


def nested() -> bytes:
    inner = zip_of({"data/readings.csv": b"a,b\n1,2\n"})
    return zip_of({"inner.zip": inner, "hwpx/inner.hwpx": hwpx()})


def _hwp(**variant) -> bytes:
    return compound_file("FileHeader", HWP_HEADER, **variant)


CORPUS: dict[str, tuple[Callable[[], bytes], files.FileType | None]] = {
    # compound files (HWP)
    "hwp": (_hwp, files.HWP),
    "hwp with its header in the mini stream": (lambda: _hwp(mini=True), files.HWP),
    "fat loop": (lambda: _hwp(next_sector={3: 2}), None),
    "fat loop declaring 64 MB": (lambda: _hwp(next_sector={3: 2}, declared=64 * 2**20), None),
    "stream bigger than the file": (lambda: _hwp(declared=2**20), None),
    "huge declared size": (lambda: _hwp(declared=0xF000_0000), None),
    "chain leaving the file": (lambda: _hwp(next_sector={5: 5000}), None),
    "mini fat loop": (lambda: _hwp(mini=True, next_sector={2: 0}), None),
    "directory loop": (lambda: _hwp(root_left=1), None),
    "truncated hwp": (lambda: _hwp()[:1536], None),
    # archives
    "hwpx": (hwpx, files.HWPX),
    "hwpx written as a stream": (streamed_hwpx, files.HWPX),
    "hwpx with zip64 sizes": (zip64_hwpx, files.HWPX),
    "zip bomb named hwpx": (lambda: _streamed("mimetype", HWPX_MIMETYPE, b" ", BOMB_BYTES), None),
    "zip bomb": (lambda: _streamed("data.bin", b"", b"\0", BOMB_BYTES), None),
    "a thousand entries": (lambda: many_entries(1000), files.ZIP),
    "too many entries": (lambda: many_entries(files.MAX_ZIP_ENTRIES + 1), None),
    "central directory over 4 MB": (long_directory, None),
    "encrypted hwpx": (lambda: encrypted(hwpx(), "mimetype"), None),
    "encrypted entry": (lambda: encrypted(zip_of({"data.csv": b"a,b\n1,2\n"}), "data.csv"), None),
    "truncated zip": (lambda: hwpx()[: len(hwpx()) // 2], None),
    "local and central sizes disagree": (lambda: local_sizes_lie(hwpx(), "mimetype"), None),
    "sizes understated": (sizes_understated, None),
    "overlapping entries": (overlapping, None),
    "nested zip": (nested, files.ZIP),
}


@functools.cache
def content(name: str) -> bytes:
    return CORPUS[name][0]()


def expected(name: str) -> files.FileType | None:
    return CORPUS[name][1]
