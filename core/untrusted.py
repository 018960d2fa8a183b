"""Bounded parsing of untrusted files: ZIP archives and OLE compound files read by their structure, a few bytes at
a time, never a whole entry or stream.

Every read goes through a ``Source``, which refuses to read past the end of the file or more than its budget of
bytes in all; what a reader keeps is bounded by counts it is given (entries, sectors of the file). Anything beyond
a limit or that does not add up — a size larger than the file, a sector chain that loops or leaves the file, a
local header that disagrees with the central directory, an encrypted entry, a truncated file — raises
``Unreadable``, and nothing else is raised for a file's content. The callers decide what the limits are and what
a refusal means.
"""

from __future__ import annotations

import struct
import zlib
from array import array
from dataclasses import dataclass
from typing import BinaryIO


class Unreadable(ValueError):
    """The file cannot be read within the limits, or its structure does not add up."""


class Source:
    """``file`` read by offset: never past its end, and at most ``budget`` bytes in all."""

    def __init__(self, file: BinaryIO, budget: int):
        self.file = file
        self.budget = budget
        file.seek(0, 2)
        self.size = file.tell()

    def read(self, offset: int, length: int) -> bytes:
        if offset < 0 or length < 0 or offset + length > self.size:
            raise Unreadable("a read past the end of the file")
        if length > self.budget:
            raise Unreadable("more to read than the budget allows")
        self.budget -= length
        self.file.seek(offset)
        data = self.file.read(length)
        if len(data) != length:
            raise Unreadable("the file ended early")
        return data


def _unpack(layout: str, data: bytes, offset: int = 0) -> tuple:
    try:
        return struct.unpack_from(layout, data, offset)
    except struct.error as error:
        raise Unreadable("a record cut short") from error


# ZIP (APPNOTE 6.3): the end record, the central directory, one entry's local header and the start of its data.

_END = b"PK\x05\x06"
_END_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END = b"PK\x06\x06"
_CENTRAL = b"PK\x01\x02"
_LOCAL = b"PK\x03\x04"
_ZIP64_EXTRA = 0x0001
_MASK32 = 0xFFFFFFFF
STORED, DEFLATED = 0, 8


@dataclass(frozen=True, slots=True)
class ZipEntry:
    name: str
    flags: int
    method: int
    compressed: int  # as the central directory declares
    size: int
    crc: int
    offset: int  # of its local header
    name_length: int

    @property
    def encrypted(self) -> bool:
        return bool(self.flags & 0x1)


def zip_entries(source: Source, *, max_entries: int, max_directory_bytes: int) -> list[ZipEntry]:
    """The archive's entries from its central directory, after checking the end record's count and size against
    the limits; every entry's data must lie inside the file, before the directory, and not overlap another's."""
    tail_length = min(source.size, _END_SIZE + 0xFFFF)
    tail = source.read(source.size - tail_length, tail_length)
    at = tail.rfind(_END)
    if at < 0 or at + _END_SIZE > len(tail):
        raise Unreadable("no end of central directory record")
    end = source.size - tail_length + at
    disk, directory_disk, _here, count, directory_size, directory_offset = _unpack("<4xHHHHII", tail, at)
    if disk or directory_disk:
        raise Unreadable("a multi-part archive")
    directory_end = end
    if _MASK32 in (directory_size, directory_offset) or count == 0xFFFF:
        if end < 20 or source.read(end - 20, 4) != _ZIP64_LOCATOR:
            raise Unreadable("a ZIP64 archive without its locator")
        (zip64_end,) = _unpack("<8xQ", source.read(end - 20, 20))
        if zip64_end + 56 > end - 20:
            raise Unreadable("a ZIP64 end record outside the file")
        record = source.read(zip64_end, 56)
        if record[:4] != _ZIP64_END:
            raise Unreadable("no ZIP64 end record")
        count, directory_size, directory_offset = _unpack("<32xQQQ", record)
        directory_end = zip64_end
    if count > max_entries:
        raise Unreadable("too many entries")
    if directory_size > max_directory_bytes or directory_offset + directory_size > directory_end:
        raise Unreadable("a central directory too large or outside the file")
    directory = source.read(directory_offset, directory_size)
    entries = []
    position = 0
    while position < directory_size:
        if len(entries) == max_entries or directory[position : position + 4] != _CENTRAL:
            raise Unreadable("a central directory that does not add up")
        flags, method, _time, _date, crc, compressed, size, name_length, extra_length, comment_length = _unpack(
            "<8xHHHHIIIHHH", directory, position
        )
        _disk, _internal, _external, offset = _unpack("<HHII", directory, position + 34)
        name_start = position + 46
        extra_start = name_start + name_length
        position = extra_start + extra_length + comment_length
        if position > directory_size:
            raise Unreadable("a central directory entry cut short")
        raw_name = directory[name_start:extra_start]
        extra = directory[extra_start : extra_start + extra_length]
        compressed, size, offset = _zip64_values(extra, compressed, size, offset)
        name = raw_name.decode("utf-8" if flags & 0x800 else "cp437", errors="replace")
        entries.append(ZipEntry(name, flags, method, compressed, size, crc, offset, name_length))
    if len(entries) != count:
        raise Unreadable("the end record's count disagrees with the directory")
    _check_layout(entries, directory_offset)
    return entries


def _zip64_values(extra: bytes, compressed: int, size: int, offset: int) -> tuple[int, int, int]:
    """The sizes and offset from the ZIP64 extra field, where the 32-bit fields say to look there."""
    if _MASK32 not in (compressed, size, offset):
        return compressed, size, offset
    at = 0
    while at + 4 <= len(extra):
        kind, length = _unpack("<HH", extra, at)
        if kind == _ZIP64_EXTRA:
            values = list(_unpack(f"<{length // 8}Q", extra, at + 4))
            found = []
            for declared in (size, compressed, offset):
                if declared == _MASK32:
                    if not values:
                        raise Unreadable("a ZIP64 field missing")
                    declared = values.pop(0)
                found.append(declared)
            size, compressed, offset = found
            return compressed, size, offset
        at += 4 + length
    raise Unreadable("a ZIP64 field missing")


def _check_layout(entries: list[ZipEntry], directory_offset: int) -> None:
    """Each entry's local header and data fit before the next entry's (an overlap is how a few kilobytes are made
    to inflate to terabytes) and before the central directory."""
    ordered = sorted(entries, key=lambda entry: entry.offset)
    for entry, following in zip(ordered, [*ordered[1:], None], strict=True):
        limit = following.offset if following else directory_offset
        if entry.offset + 30 + entry.name_length + entry.compressed > limit:
            raise Unreadable("entries overlap or leave the file")


def check_zip_sizes(entries: list[ZipEntry], *, max_total: int, max_ratio: int, ratio_from: int) -> None:
    """Refuse an archive whose entries declare more than ``max_total`` bytes in all, or one entry of more than
    ``ratio_from`` bytes that inflates more than ``max_ratio`` times (a zip bomb)."""
    if sum(entry.size for entry in entries) > max_total:
        raise Unreadable("more inflated bytes declared than allowed")
    for entry in entries:
        if entry.size > ratio_from and entry.size > max_ratio * max(entry.compressed, 1):
            raise Unreadable("an entry inflates too much")


def zip_read(source: Source, entry: ZipEntry, limit: int) -> bytes:
    """The whole content of a small entry: refused when it declares more than ``limit`` bytes, or when it does not
    match what the central directory declares (its local header, where its deflate stream ends, its length, its
    CRC). Encrypted entries and methods other than stored and deflated are refused. Reads at most ``limit`` + 1 KB
    of compressed bytes and inflates at most ``limit`` + 1 bytes."""
    if entry.encrypted:
        raise Unreadable("an encrypted entry")
    if entry.size > limit or entry.compressed > limit + 1024:
        raise Unreadable("an entry larger than asked for")
    header = source.read(entry.offset, 30)
    if header[:4] != _LOCAL:
        raise Unreadable("no local header where the directory says")
    flags, method, _time, _date, _crc, compressed, size, name_length, extra_length = _unpack("<6xHHHHIIIHH", header)
    if (flags & 0x1, method, name_length) != (entry.flags & 0x1, entry.method, entry.name_length):
        raise Unreadable("a local header that disagrees with the directory")
    zip64 = (compressed, size) == (_MASK32, _MASK32)
    if not flags & 0x8 and not zip64 and (compressed, size) != (entry.compressed, entry.size):
        raise Unreadable("local and central sizes disagree")
    data = source.read(entry.offset + 30 + name_length + extra_length, entry.compressed)
    if method == DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            content = inflater.decompress(data, limit + 1)
        except zlib.error as error:
            raise Unreadable("a broken deflate stream") from error
        if not inflater.eof or inflater.unconsumed_tail or inflater.unused_data:
            raise Unreadable("a deflate stream that does not end where the directory says")
    elif method == STORED:
        content = data
    else:
        raise Unreadable("a compression method not read here")
    if len(content) != entry.size or zlib.crc32(content) != entry.crc:
        raise Unreadable("content that disagrees with the directory")
    return content


# OLE compound files (MS-CFB): the header, the FAT, the directory tree below the root, and the start of a stream.

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_SECTOR = 0xFFFFFFFA  # above are END, FREE and the FAT's own markers
_END_OF_CHAIN = 0xFFFFFFFE
_NO_STREAM = 0xFFFFFFFF
_STREAM, _ROOT = 2, 5


@dataclass(frozen=True, slots=True)
class OleEntry:
    name: str
    kind: int
    left: int
    right: int
    child: int
    start: int
    size: int


class CompoundFile:
    """An OLE compound file read through a ``Source``. The FAT is kept (4 bytes for each sector the file holds);
    every chain is walked with a step limit and a record of the sectors seen, so a loop or a chain leaving the
    file is refused; a stream may not declare more bytes than the file has."""

    def __init__(self, source: Source, *, max_directory_entries: int):
        self.source = source
        self.max_directory_entries = max_directory_entries
        header = source.read(0, 512)
        if header[:8] != OLE_MAGIC:
            raise Unreadable("not a compound file")
        major, byte_order, sector_shift, mini_shift = _unpack("<HHHH", header, 26)
        if byte_order != 0xFFFE or (major, sector_shift) not in ((3, 9), (4, 12)) or mini_shift != 6:
            raise Unreadable("an unknown compound file layout")
        self.major = major
        self.sector_size = 1 << sector_shift
        self.mini_size = 1 << mini_shift
        fat_count, self.directory_start, _txn, self.mini_cutoff, mini_fat_start, mini_fat_count = _unpack(
            "<IIIIII", header, 44
        )
        difat_start, difat_count = _unpack("<II", header, 68)
        # sector 0 follows the header; a last sector cut short by its writer still counts (read padded)
        self.sectors = -(-max(source.size - self.sector_size, 0) // self.sector_size)
        per_sector = self.sector_size // 4
        needed = -(-self.sectors // per_sector)  # FAT sectors enough to cover every sector of the file
        if fat_count > self.sectors or difat_count > self.sectors:
            raise Unreadable("more FAT sectors declared than the file holds")
        fat_sectors = list(_unpack("<109I", header, 76))[: min(fat_count, 109)]
        sector = difat_start
        for _ in range(difat_count):
            if len(fat_sectors) >= fat_count:
                break
            ids = _unpack(f"<{per_sector}I", self._sector(sector))
            fat_sectors.extend(ids[:-1][: fat_count - len(fat_sectors)])
            sector = ids[-1]
        if len(fat_sectors) < min(fat_count, needed):
            raise Unreadable("a FAT shorter than declared")
        fat = array("I")
        for sector in fat_sectors[:needed]:
            fat.extend(_unpack(f"<{per_sector}I", self._sector(sector)))
        self.fat = fat[: self.sectors]
        self.mini_fat = array("I")
        if mini_fat_count and mini_fat_start <= _MAX_SECTOR:
            for sector in self._chain(mini_fat_start, mini_fat_count * self.sector_size):
                self.mini_fat.extend(_unpack(f"<{per_sector}I", self._sector(sector)))
        self.directory = self._chain(self.directory_start, None)
        self.root = self._entry(0)
        if self.root.kind != _ROOT or self.root.size > source.size:
            raise Unreadable("no root entry, or a mini stream larger than the file")

    def _sector(self, sector: int) -> bytes:
        if sector >= self.sectors:
            raise Unreadable("a sector outside the file")
        start = (sector + 1) * self.sector_size
        return self.source.read(start, min(self.sector_size, self.source.size - start)).ljust(self.sector_size, b"\0")

    def _chain(self, start: int, size: int | None, fat: array | None = None, limit: int | None = None) -> list[int]:
        """The sectors of a chain from ``start``: as many as ``size`` bytes need (all of it to the end mark when
        None), each seen once and inside the file."""
        fat = self.fat if fat is None else fat
        unit = self.sector_size if fat is self.fat else self.mini_size
        limit = len(fat) if limit is None else limit
        wanted = None if size is None else -(-size // unit)
        if wanted is not None and wanted > limit:
            raise Unreadable("a stream larger than the file")
        chain: list[int] = []
        seen = bytearray(limit)
        sector = start
        while (wanted is None and sector != _END_OF_CHAIN) or (wanted is not None and len(chain) < wanted):
            if sector >= limit:
                raise Unreadable("a chain leaving the file")
            if seen[sector]:
                raise Unreadable("a chain that loops")
            seen[sector] = 1
            chain.append(sector)
            sector = fat[sector]
        return chain

    def _entry(self, number: int) -> OleEntry:
        per_sector = self.sector_size // 128
        if number >= len(self.directory) * per_sector:
            raise Unreadable("a directory entry outside the directory")
        sector, index = divmod(number, per_sector)
        record = self.source.read((self.directory[sector] + 1) * self.sector_size + index * 128, 128)
        name_length, kind, _colour, left, right, child = _unpack("<HBBIII", record, 64)
        start, size_low, size_high = _unpack("<III", record, 116)
        if name_length > 64 or name_length % 2:
            raise Unreadable("a directory entry's name does not add up")
        name = record[: max(name_length - 2, 0)].decode("utf-16-le", errors="replace")
        size = size_low if self.major == 3 else size_low | size_high << 32
        return OleEntry(name, kind, left, right, child, start, size)

    def root_streams(self) -> dict[str, OleEntry]:
        """The streams directly in the root storage, by name (as written), walking its tree without recursion."""
        found: dict[str, OleEntry] = {}
        pending = [self.root.child]
        seen: set[int] = set()
        while pending:
            number = pending.pop()
            if number == _NO_STREAM:
                continue
            if number in seen or len(seen) >= self.max_directory_entries:
                raise Unreadable("a directory tree that loops or is too large")
            seen.add(number)
            entry = self._entry(number)
            if entry.kind == _STREAM:
                found[entry.name] = entry
            pending += [entry.left, entry.right]
        return found

    def prefix(self, entry: OleEntry, limit: int) -> bytes:
        """At most ``limit`` bytes from the start of a stream, after checking its whole chain."""
        if entry.size > self.source.size:
            raise Unreadable("a stream larger than the file")
        wanted = min(limit, entry.size)
        if entry.size >= self.mini_cutoff:
            chain = self._chain(entry.start, entry.size)
            data = b"".join(self._sector(sector) for sector in chain[: -(-wanted // self.sector_size)])
            return data[:wanted]
        mini_sectors = self.root.size // self.mini_size
        chain = self._chain(entry.start, entry.size, self.mini_fat, min(len(self.mini_fat), mini_sectors))
        container = self._chain(self.root.start, self.root.size)
        data = b""
        for mini in chain[: -(-wanted // self.mini_size)]:
            sector, within = divmod(mini * self.mini_size, self.sector_size)
            if sector >= len(container):
                raise Unreadable("a mini sector outside the mini stream")
            data += self._sector(container[sector])[within : within + self.mini_size]
        return data[:wanted]
