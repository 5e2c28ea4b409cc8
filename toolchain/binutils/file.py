"""file(1): what kind of file this is, in the words of Debian's file 5.44, for the kinds
of files a C course has (.c .h .s .i sources, text, .o .a, executables, raw data).

The ELF description is built field by field as file's elf.c does; text files go through
the same two steps as file's: first the magic rules that recognise C and assembler
source (Magdir/c-lang, Magdir/assembler), then the encoding and line-ending report
(encoding.c, ascmagic.c).
"""
from __future__ import annotations

import re
import struct

from ..elf import archive as ar
from ..elf import constants as C

_ELF_TYPES = {0: "no file type", 1: "relocatable", 2: "executable", 3: "shared object", 4: "core file"}
_OSABI = {0: "SYSV", 1: "HP-UX", 2: "NetBSD", 3: "GNU/Linux", 6: "Solaris", 9: "FreeBSD",
          12: "OpenBSD", 97: "ARM", 255: "embedded"}
_MACHINES = {3: "Intel 80386", 40: "ARM", 62: "x86-64", 183: "ARM aarch64", 243: "UCB RISC-V"}

# Magdir/c-lang: (literal that must occur, line regex that must then match).
_C_RULES = (
    ("#include", re.compile(r"^#include", re.M)),
    ("pragma", re.compile(r"^#[ \t\n\r\f\v]*pragma", re.M)),
    ("char", re.compile(r"^[ \t\r\f\v]*char( \*|\*)(.+)(=.*)?;[ \t\r\f\v]*$", re.M)),
    ("double", re.compile(r"^[ \t\r\f\v]*double( \*|\*)(.+)(=.*)?;[ \t\r\f\v]*$", re.M)),
    ("extern", re.compile(r"^[ \t\r\f\v]*extern[ \t\r\f\v]+", re.M)),
    ("float", re.compile(r"^[ \t\r\f\v]*float( \*|\*)(.+)(=.*)?;[ \t\r\f\v]*$", re.M)),
    ("struct", re.compile(r"^struct[ \t\n\r\f\v]+", re.M)),
    ("union", re.compile(r"^union[ \t\n\r\f\v]+", re.M)),
)
_IFDEF = re.compile(r"^#[ \t]*(if|ifn)def", re.M)
_ENDIF = re.compile(r"^#[ \t]*endif$", re.M)
_DEFINE = re.compile(r"^#[ \t]*define", re.M)
_MAIN_BODY = re.compile(r"\)[ \t\n\r\f\v]*\{")
# Magdir/python (the rules that fire on ordinary modules)
_PY_FROM = re.compile(r"^from[ \t\f\r\n]+([A-Za-z0-9_]|\.)+[ \t\f\r\n]+import.*$", re.M)
_PY_IMPORT_AS = re.compile(r"^import [_A-Za-z]+ as [A-Za-z][ \t\n\r\f\v]*$", re.M)
_PY_EXCEPT = re.compile(r"^[ \t\n\r\f\v]*except.*:$", re.M)
# Magdir/assembler
_ASM = re.compile(r"^[ \t]{0,50}\.(asciiz|byte|even|globl|text|file|type)", re.M)

# encoding.c's text_chars: which bytes plain ASCII text may contain.
_ASCII_OK = frozenset([7, 8, 9, 10, 11, 12, 13, 27] + list(range(0x20, 0x7F)))
_ISO_OK = _ASCII_OK | frozenset(range(0xA0, 0x100))


def _elf(data: bytes) -> str:
    if len(data) < 64 or data[4] not in (1, 2):
        return "data"
    bits = "64" if data[4] == 2 else "32"
    if data[5] != 1 or data[4] != 2:
        return f"ELF {bits}-bit {'LSB' if data[5] == 1 else 'MSB'}"
    e_type, machine, version = struct.unpack_from("<HHI", data, 16)
    phoff, shoff = struct.unpack_from("<QQ", data, 32)
    phentsize, phnum, shentsize, shnum, shstrndx = struct.unpack_from("<HHHHH", data, 54)
    segments = []
    for i in range(phnum if phoff else 0):
        off = phoff + i * 56
        if off + 56 > len(data):
            break
        segments.append(struct.unpack_from("<IIQQQQQQ", data, off))
    sections = []
    for i in range(shnum if shoff else 0):
        off = shoff + i * 64
        if off + 64 > len(data):
            break
        sections.append(struct.unpack_from("<IIQQQQIIQQ", data, off))
    names = b""
    if sections and shstrndx < len(sections):
        s = sections[shstrndx]
        names = data[s[4]:s[4] + s[5]]

    def name_of(s):
        end = names.find(b"\0", s[0])
        return names[s[0]:end if end >= 0 else len(names)].decode("latin-1")

    kind = _ELF_TYPES.get(e_type, f"unknown type 0x{e_type:x}")
    has_interp = any(p[0] == 3 for p in segments)
    is_dynamic = any(p[0] == 2 for p in segments)
    if e_type == 3 and _dt_flags_1_pie(data, segments):
        kind = "pie executable"
    machine_name = _MACHINES.get(machine, f"*unknown arch 0x{machine:x}*")
    parts = [f"ELF {bits}-bit LSB {kind}", machine_name,
             f"version {data[6]} ({_OSABI.get(data[7], f'unknown ABI {data[7]}')})"]
    if e_type in (2, 3):
        parts.append("dynamically linked" if (has_interp or is_dynamic) else "statically linked")
        for p in segments:
            if p[0] == 3:
                interp = data[p[2]:p[2] + p[5]].split(b"\0")[0].decode("latin-1")
                parts.append(f"interpreter {interp}")
    notes = [s for s in sections if s[1] == C.SHT_NOTE]
    for s in notes:
        for ntype, owner, desc in _notes(data[s[4]:s[4] + s[5]]):
            if owner == b"GNU" and ntype == 3:
                algo = {8: "xxHash", 16: "md5/uuid", 20: "sha1"}.get(len(desc), "")
                parts.append(f"BuildID[{algo}]={desc.hex()}")
    for s in notes:
        for ntype, owner, desc in _notes(data[s[4]:s[4] + s[5]]):
            if owner == b"GNU" and ntype == 1 and len(desc) >= 16:
                os_, a, b, c = struct.unpack_from("<IIII", desc)
                if os_ == 0:
                    parts.append(f"for GNU/Linux {a}.{b}.{c}")
    section_names = {name_of(s) for s in sections}
    if ".debug_info" in section_names:
        parts.append("with debug_info")
    if sections:
        parts.append("not stripped" if any(s[1] == C.SHT_SYMTAB for s in sections) else "stripped")
    elif e_type != 1:
        parts.append("no section header")
    return ", ".join(parts)


def _dt_flags_1_pie(data: bytes, segments) -> bool:
    for p in segments:
        if p[0] != 2:
            continue
        off, size = p[2], p[5]
        for i in range(0, size - 15, 16):
            tag, val = struct.unpack_from("<qQ", data, off + i)
            if tag == 0x6FFFFFFB and val & 0x08000000:      # DT_FLAGS_1 & DF_1_PIE
                return True
            if tag == 0:
                break
    return False


def _notes(blob: bytes):
    pos = 0
    while pos + 12 <= len(blob):
        namesz, descsz, ntype = struct.unpack_from("<III", blob, pos)
        pos += 12
        owner = blob[pos:pos + namesz].rstrip(b"\0")
        pos += (namesz + 3) & ~3
        desc = blob[pos:pos + descsz]
        pos += (descsz + 3) & ~3
        yield ntype, owner, desc


def _text_kind(text: str) -> str | None:
    """The softmagic rules that name a text file (C, assembler); None if none matches."""
    head = text[:8192]
    for literal, rule in _C_RULES:
        if literal in head and rule.search(head):
            return "C source"
    if "endif" in head and _IFDEF.search(head):
        m = _IFDEF.search(head)
        if _ENDIF.search(head, m.end()):
            return "C source"
    if "define" in head:
        m = _IFDEF.search(head)
        if m and _DEFINE.search(head, m.end()):
            return "C source"
    if "main(" in head:
        i = head.index("main(") + 5
        if _MAIN_BODY.search(head, i):
            return "C source"
    if _ASM.search(head):
        return "assembler source"
    if "import" in head and (_PY_FROM.search(head) or _PY_IMPORT_AS.search(head)):
        return "Python script"
    if "if __name__" in head:
        i = head.index("if __name__")
        if "'__main__'" in head[i:i + 64 + 11] or '"__main__"' in head[i:i + 64 + 11]:
            return "Python script"
    if "try:" in head and _PY_EXCEPT.search(head, head.index("try:")):
        return "Python script"
    return None


def _script(text: str) -> str | None:
    if not text.startswith("#!"):
        return None
    line = text.split("\n", 1)[0][2:].strip()
    words = line.split()
    if not words:
        return None
    prog = words[0].rsplit("/", 1)[-1]
    if prog == "env" and len(words) > 1:
        prog = words[1]
    if prog == "sh":
        return "POSIX shell script"
    if prog == "bash":
        return "Bourne-Again shell script"
    if prog.startswith("python"):
        return "Python script"
    if prog == "perl":
        return "Perl script"
    return f"a {line} script"


def _line_report(data: bytes) -> str:
    n_crlf = n_cr = n_lf = 0
    longest = cur = 0
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b == 13:
            if i + 1 < n and data[i + 1] == 10:
                n_crlf += 1
                i += 1
            else:
                n_cr += 1
            longest, cur = max(longest, cur), 0
        elif b == 10:
            n_lf += 1
            longest, cur = max(longest, cur), 0
        else:
            cur += 1
        i += 1
    longest = max(longest, cur)
    out = ""
    if longest > 300:
        out += f", with very long lines ({longest})"
    if not (n_crlf or n_cr or n_lf):
        out += ", with no line terminators"
    elif n_crlf or n_cr:
        kinds = [k for k, c in (("CRLF", n_crlf), ("CR", n_cr), ("LF", n_lf)) if c]
        out += ", with " + ", ".join(kinds) + " line terminators"
    if 27 in data:
        out += ", with escape sequences"
    if 8 in data:
        out += ", with overstriking"
    return out


def _text(data: bytes) -> str | None:
    if all(b in _ASCII_OK for b in data):
        encoding = "ASCII text"
        text = data.decode("ascii")
    else:
        try:
            text = data.decode("utf-8")
            if not all(b in _ASCII_OK or b >= 0x80 for b in data):
                return None
            encoding = "Unicode text, UTF-8 text"
        except UnicodeDecodeError:
            if all(b in _ISO_OK for b in data):
                text = data.decode("latin-1")
                encoding = "ISO-8859 text"
            else:
                return None
    script = _script(text)
    if script:
        return f"{script}, {encoding} executable" + _line_report(data)
    kind = _text_kind(text)
    if kind == "Python script":
        return f"{kind}, {encoding} executable" + _line_report(data)
    return (f"{kind}, " if kind else "") + encoding + _line_report(data)


def describe(data: bytes) -> str:
    """file's description without the `name: ` in front."""
    if not data:
        return "empty"
    if data.startswith(b"\x7fELF"):
        try:
            return _elf(data)
        except (struct.error, ValueError, IndexError, OverflowError, UnicodeError):
            # file(1) reports what it could read before the damage; we keep the class.
            bits = "64" if data[4:5] == b"\x02" else "32"
            return f"ELF {bits}-bit LSB *unknown* (corrupted)"
    if ar.is_archive(data):
        return "current ar archive"
    return _text(data) or "data"


def file_type(data: bytes, name: str) -> str:
    """What `file name` prints: `main.o: ELF 64-bit LSB relocatable, x86-64, ...`."""
    return f"{name}: {describe(data)}"
