"""A minimal OLE compound file (CFB version 3) with one stream, for the type checks: HWP 5 is such a file with a
``FileHeader`` stream; old Word files have a ``WordDocument`` stream instead."""

import struct

SECTOR = 512
FREE, END, FAT_SECTOR, NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
STREAM_SIZE = 4096  # at the mini-stream cutoff: the stream lives in ordinary sectors


def _entry(name: str, kind: int, child: int = NONE, start: int = END, size: int = 0) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", NONE, NONE, child)
        + b"\0" * 16
        + struct.pack("<I", 0)
        + b"\0" * 16
        + struct.pack("<IQ", start, size)
    )


def compound_file(stream_name: str, content: bytes) -> bytes:
    data = content.ljust(STREAM_SIZE, b"\0")[:STREAM_SIZE]
    data_sectors = STREAM_SIZE // SECTOR
    fat = [FAT_SECTOR, END] + [3 + i for i in range(data_sectors - 1)] + [END]
    fat += [FREE] * (SECTOR // 4 - len(fat))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIII", 0, 1, 1, 0)
        + struct.pack("<IIIII", 4096, END, 0, END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", FREE) * 108
    )
    directory = _entry("Root Entry", 5, child=1) + _entry(stream_name, 2, start=2, size=STREAM_SIZE) + b"\0" * 128 * 2
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + data
