"""A minimal OLE compound file (CFB version 3) with one stream, for the type checks: HWP 5 is such a file with a
``FileHeader`` stream; old Word files have a ``WordDocument`` stream instead.

By default the stream fills eight ordinary sectors (2–9) chained 2→3→…→9; ``mini=True`` lays it out as a real HWP
file does, a 256-byte stream in the mini stream. The hostile variants change one thing: ``declared`` the size the
directory states, ``next_sector`` where a sector of the stream's chain points (a loop), ``root_left`` the root's
child's left sibling (a loop in the directory tree)."""

import struct

SECTOR = 512
FREE, END, FAT_SECTOR, NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
STREAM_SIZE = 4096  # at the mini-stream cutoff: the stream lives in ordinary sectors
MINI_STREAM_SIZE = 256  # the size of a real HWP FileHeader: below the cutoff, in the mini stream


def _entry(name: str, kind: int, child: int = NONE, start: int = END, size: int = 0, left: int = NONE) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", left, NONE, child)
        + b"\0" * 16
        + struct.pack("<I", 0)
        + b"\0" * 16
        + struct.pack("<IQ", start, size)
    )


def _header(mini_fat_start: int = END, mini_fat_count: int = 0) -> bytes:
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIII", 0, 1, 1, 0)
        + struct.pack("<IIIII", 4096, mini_fat_start, mini_fat_count, END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", FREE) * 108
    )


def _sector_of(values: list[int]) -> bytes:
    return struct.pack(f"<{SECTOR // 4}I", *(values + [FREE] * (SECTOR // 4 - len(values))))


def compound_file(
    stream_name: str,
    content: bytes,
    *,
    mini: bool = False,
    declared: int | None = None,
    next_sector: dict[int, int] | None = None,
    root_left: int = NONE,
) -> bytes:
    if mini:
        return _mini_compound_file(stream_name, content, declared=declared, next_sector=next_sector)
    data = content.ljust(STREAM_SIZE, b"\0")[:STREAM_SIZE]
    data_sectors = STREAM_SIZE // SECTOR
    fat = [FAT_SECTOR, END] + [3 + i for i in range(data_sectors - 1)] + [END]
    for sector, following in (next_sector or {}).items():
        fat[sector] = following
    size = STREAM_SIZE if declared is None else declared
    directory = (
        _entry("Root Entry", 5, child=1) + _entry(stream_name, 2, start=2, size=size, left=root_left) + b"\0" * 128 * 2
    )
    return _header() + _sector_of(fat) + directory + data


def _mini_compound_file(
    stream_name: str, content: bytes, *, declared: int | None, next_sector: dict[int, int] | None
) -> bytes:
    """Sectors: 0 the FAT, 1 the directory, 2 the mini FAT, 3 the mini stream (eight 64-byte mini sectors)."""
    data = content.ljust(MINI_STREAM_SIZE, b"\0")[:MINI_STREAM_SIZE]
    mini_sectors = MINI_STREAM_SIZE // 64
    fat = [FAT_SECTOR, END, END, END]
    mini_fat = [1 + i for i in range(mini_sectors - 1)] + [END]
    for sector, following in (next_sector or {}).items():
        mini_fat[sector] = following
    size = MINI_STREAM_SIZE if declared is None else declared
    directory = (
        _entry("Root Entry", 5, child=1, start=3, size=SECTOR)
        + _entry(stream_name, 2, start=0, size=size)
        + b"\0" * 128 * 2
    )
    return (
        _header(mini_fat_start=2, mini_fat_count=1)
        + _sector_of(fat)
        + directory
        + _sector_of(mini_fat)
        + (data.ljust(SECTOR, b"\0"))
    )
