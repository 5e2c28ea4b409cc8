"""`ar` archives in the GNU/SysV format that GNU ld, nm and objdump read.

Layout: the magic `!<arch>\\n`, then 60-byte member headers each followed by the member's
bytes padded to an even size. Two special members come first: `/` (the symbol index:
a big-endian count, the members' header offsets, then NUL-terminated names) and `//`
(names longer than 15 characters; a member then calls itself `/<offset>`).
Archives are written deterministically (zero dates and ids, mode 644) like `ar rcsD`.
"""
from __future__ import annotations

import io
import struct
from dataclasses import dataclass

from elftools.common.exceptions import ELFError
from elftools.elf.elffile import ELFFile
from elftools.elf.sections import SymbolTableSection

from ..diagnostics import Diagnostic, ToolError

MAGIC = b"!<arch>\n"
_HEADER = 60


@dataclass
class Member:
    name: str
    data: bytes
    offset: int          # of the member's header in the archive (what the index points at)


def is_archive(data: bytes) -> bool:
    return data.startswith(MAGIC)


def _bad(name: str, why: str):
    raise ToolError([Diagnostic(None, 0, 0, "", f"{name}: {why}", tool="ar")])


def read_archive(data: bytes, name: str = "archive") -> list[Member]:
    """The archive's ordinary members, in order (the symbol index and long-name table are
    consumed, not returned)."""
    if not is_archive(data):
        _bad(name, "file format not recognized")
    members, longnames = [], b""
    pos = len(MAGIC)
    while pos + _HEADER <= len(data):
        hdr = data[pos:pos + _HEADER]
        if hdr[58:60] != b"`\n":
            _bad(name, "malformed archive")
        raw_name = hdr[0:16].decode("ascii", "replace").rstrip()
        try:
            size = int(hdr[48:58].decode().strip())
        except ValueError:
            _bad(name, "malformed archive")
        body = data[pos + _HEADER:pos + _HEADER + size]
        if raw_name == "//":
            longnames = body
        elif raw_name not in ("/", "/SYM64/"):
            if raw_name.startswith("/") and raw_name[1:].isdigit():
                start = int(raw_name[1:])
                end = longnames.find(b"/\n", start)
                member_name = longnames[start:end].decode()
            else:
                member_name = raw_name[:-1] if raw_name.endswith("/") else raw_name
            members.append(Member(member_name, body, pos))
        pos += _HEADER + size + (size & 1)
    return members


def defined_globals(obj: bytes) -> list[str]:
    """Names an object file defines globally: the entries of the archive's symbol index."""
    try:
        elf = ELFFile(io.BytesIO(obj))
    except ELFError:
        return []
    names = []
    for sec in elf.iter_sections():
        if isinstance(sec, SymbolTableSection):
            for sym in sec.iter_symbols():
                if (sym["st_info"]["bind"] in ("STB_GLOBAL", "STB_WEAK")
                        and sym["st_shndx"] != "SHN_UNDEF" and sym.name):
                    names.append(sym.name)
    return names


def _header(name: str, size: int, mode: str = "644", blank_ids: bool = False) -> bytes:
    ids = " " * 32 if blank_ids else f"{0:<12}{0:<6}{0:<6}{mode:<8}"
    h = f"{name:<16}{ids}{size:<10}`\n".encode()
    assert len(h) == _HEADER
    return h


def write_archive(members: list[tuple[str, bytes]]) -> bytes:
    """An archive of (name, bytes) members with a GNU symbol index, as `ar rcsD` writes it."""
    longnames = bytearray()
    header_names = []
    for name, _ in members:
        if len(name) <= 15:
            header_names.append(name + "/")
        else:
            header_names.append(f"/{len(longnames)}")
            longnames += name.encode() + b"/\n"
    if len(longnames) & 1:   # GNU pads the name table inside its size
        longnames += b"\n"
    symbols = [(i, s) for i, (_, data) in enumerate(members) for s in defined_globals(data)]

    # GNU ar pads the index with NULs inside its declared size, so it is always even.
    index_size = 4 + 4 * len(symbols) + sum(len(s) + 1 for _, s in symbols)
    index_size += index_size & 1
    pos = len(MAGIC)
    if symbols:
        pos += _HEADER + index_size
    if longnames:
        pos += _HEADER + len(longnames) + (len(longnames) & 1)
    member_offsets = []
    for _, data in members:
        member_offsets.append(pos)
        pos += _HEADER + len(data) + (len(data) & 1)

    out = bytearray(MAGIC)
    if symbols:
        index = struct.pack(">I", len(symbols))
        index += b"".join(struct.pack(">I", member_offsets[i]) for i, _ in symbols)
        index += b"".join(s.encode() + b"\0" for _, s in symbols)
        index += b"\0" * (index_size - len(index))
        out += _header("/", len(index), mode="0") + index
    if longnames:
        out += _header("//", len(longnames), blank_ids=True) + longnames
    for hname, (_, data) in zip(header_names, members):
        out += _header(hname, len(data)) + data + (b"\n" if len(data) & 1 else b"")
    return bytes(out)
