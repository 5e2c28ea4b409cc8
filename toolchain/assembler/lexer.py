"""Splitting GAS source into statements: labels, a directive or mnemonic, and its operand text.

Comments and statement separators differ per architecture (x86 GAS: `#` starts a comment
anywhere; AArch64 GAS: `//` anywhere and `#` only at the start of a line, because `#` marks
immediates there). Both accept `/* ... */` and `;` between statements.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_LABEL = re.compile(r'\s*([A-Za-z_.$][\w.$]*|\d+)\s*:(?!:)')
_NAME = re.compile(r'\s*([A-Za-z_.$][\w.$]*)')


@dataclass(slots=True)
class Statement:
    line: int                     # 1-based line in the .s file
    text: str                     # the whole source line, for diagnostics and listings
    labels: list = field(default_factory=list)
    name: str = ""                # ".directive", mnemonic, or "" for a label-only line
    operands: str = ""            # the rest, stripped
    assign: str | None = None     # `sym = expr` gives the symbol name here, expr in operands
    file: str | None = None       # set for statements of an .include'd file
    src: str = ""                 # the statement's own text (without comments)


class LexError(Exception):
    def __init__(self, line, message):
        super().__init__(message)
        self.line = line
        self.message = message


def _strip_line(raw: str, in_block: bool, hash_anywhere: bool):
    """One line without its comments; block comments may span lines (`in_block`)."""
    if not in_block and not hash_anywhere and raw.lstrip().startswith("#"):
        return "", False
    out = []
    i, n = 0, len(raw)
    while i < n:
        c = raw[i]
        if in_block:
            end = raw.find("*/", i)
            if end < 0:
                i = n
                break
            in_block = False
            out.append(" ")
            i = end + 2
            continue
        if c == '"':
            j = i + 1
            while j < n and raw[j] != '"':
                j += 2 if raw[j] == "\\" else 1
            out.append(raw[i:j + 1])
            i = j + 1
            continue
        if c == "'" and i + 1 < n:
            # a character constant: 'c or '\n (GAS needs no closing quote)
            j = i + 2 if raw[i + 1] == "\\" else i + 1
            j += 1
            if j < n and raw[j] == "'":
                j += 1
            out.append(raw[i:j])
            i = j
            continue
        if raw.startswith("/*", i):
            in_block = True
            i += 2
            continue
        if (hash_anywhere and c == "#") or raw.startswith("//", i):
            break
        out.append(c)
        i += 1
    return "".join(out), in_block


def _strip_comments(src: str, hash_anywhere: bool):
    """Yield (line_number, code_without_comments, original_line)."""
    in_block = False
    for lineno, raw in enumerate(src.split("\n"), 1):
        code, in_block = _strip_line(raw, in_block, hash_anywhere)
        yield lineno, code, raw


def _split_statements(code: str):
    if ";" not in code:
        return [code]
    parts, cur, i, n = [], [], 0, len(code)
    while i < n:
        c = code[i]
        if c == '"':
            j = i + 1
            while j < n and code[j] != '"':
                j += 2 if code[j] == "\\" else 1
            cur.append(code[i:j + 1])
            i = j + 1
            continue
        if c == "'" and i + 1 < n:
            j = i + (3 if code[i + 1] == "\\" else 2)
            cur.append(code[i:j])
            i = j
            continue
        if c == ";":
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    parts.append("".join(cur))
    return parts


_SPECIAL = re.compile(r'["\'/;]|^\s*#')
_SPECIAL_HASH = re.compile(r'["\'/;#]')
_HEAD = re.compile(r'[ \t]*([A-Za-z_.$][\w.$]*)[ \t]*')


def statements(src: str, *, hash_anywhere: bool):
    head = _HEAD.match
    special = _SPECIAL_HASH.search if hash_anywhere else _SPECIAL.search
    in_block = False
    lineno = 0
    for raw in src.split("\n"):
        lineno += 1
        if in_block or special(raw):
            code, in_block = _strip_line(raw, in_block, hash_anywhere)
            parts = _split_statements(code) if ";" in code else (code,)
        else:
            parts = (raw,)
        for part in parts:
            m = head(part)
            if m:
                # the common case: no label, no `sym = expr`
                end = m.end()
                c = part[end:end + 1]
                if not ((c == ":" and part[end + 1:end + 2] != ":") or
                        (c == "=" and part[end + 1:end + 2] != "=")):
                    yield Statement(lineno, raw, [], m.group(1), part[end:].rstrip(), None, None,
                                    part)
                    continue
            if not part or part.isspace():
                continue
            yield from _parse_part(part, lineno, raw)


def _parse_part(part, lineno, raw):
    st = Statement(lineno, raw, src=part)
    rest = part
    while True:
        m = _LABEL.match(rest)
        if not m:
            break
        st.labels.append(m.group(1))
        rest = rest[m.end():]
    rest = rest.strip()
    if rest:
        m = _NAME.match(rest)
        if m:
            after = rest[m.end():].lstrip()
            if after.startswith("=") and not after.startswith("=="):
                st.assign = m.group(1)
                st.operands = after[1:].strip()
                st.name = "="
            else:
                st.name = m.group(1)
                st.operands = after
        else:
            st.name = rest.split(None, 1)[0]
            st.operands = rest[len(st.name):].strip()
    if st.labels or st.name:
        yield st


def split_operands(text: str):
    """Split at commas outside parentheses, brackets, braces and strings."""
    if "," not in text:
        text = text.strip()
        return [text] if text else []
    if '"' not in text and "(" not in text and "[" not in text and "{" not in text:
        return [p.strip() for p in text.split(",")] if text.strip() else []
    out, cur, depth, i, n = [], [], 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    last = "".join(cur).strip()
    if last or out:
        out.append(last)
    return out


_ESC = {"n": 10, "t": 9, "r": 13, "b": 8, "f": 12, "v": 11, "a": 7, "e": 27, "\\": 92, '"': 34, "'": 39}


def parse_string(text: str, pos: int = 0):
    """Parse a GAS string literal at text[pos] == '"'. Return (bytes, end position)."""
    assert text[pos] == '"'
    out = bytearray()
    i, n = pos + 1, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            return bytes(out), i + 1
        if c == "\\" and i + 1 < n:
            d = text[i + 1]
            if d in "01234567":
                j = i + 1
                while j < n and j < i + 4 and text[j] in "01234567":
                    j += 1
                out.append(int(text[i + 1:j], 8) & 0xFF)
                i = j
                continue
            if d in "xX":
                j = i + 2
                while j < n and text[j] in "0123456789abcdefABCDEF":
                    j += 1
                out.append(int(text[i + 2:j] or "0", 16) & 0xFF)
                i = j
                continue
            out.append(_ESC.get(d, ord(d)))
            i += 2
            continue
        out += c.encode()
        i += 1
    raise ValueError("unterminated string")
