"""Source files and the #include search, in GCC's order.

`#include "x.h"`: the including file's directory, then the quote dirs (-iquote), then
the bracket chain. `#include <x.h>`: the bracket chain only: include dirs (-I), then the
system dirs. A file's name is printed the way GCC builds it: directory + "/" + name,
with the directory exactly as given (so `sum.h`, `sys/s.h`, `/abs/dir/x.h`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from .lexer import SplicedText

LIBC_INCLUDE = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "libc", "include"))


def read_disk(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except (IsADirectoryError, FileNotFoundError, NotADirectoryError, PermissionError):
        return None
    except OSError:
        return None
    return data.decode("utf-8", errors="surrogateescape")


@dataclass(eq=False)
class SourceFile:
    name: str            # as linemarkers and diagnostics print it
    text: str
    sysp: int = 0        # 0 user; 1 system (flag 3); 2 system C header (flags 3 4)
    dir_index: int = -1  # position in the search chain it was found at (#include_next)

    def __post_init__(self):
        self.spliced = SplicedText(self.text)

    @property
    def dir(self) -> str:
        """The prefix GCC puts before a quoted include found next to this file."""
        d = os.path.dirname(self.name)
        return d + "/" if d else ""

    @property
    def key(self) -> str:
        return os.path.normpath(self.name)

    def line_text(self, line: int) -> str | None:
        if line < 1:
            return None
        try:
            return self.spliced.line_text(line)
        except IndexError:
            return None


@dataclass
class SearchDir:
    path: str
    sysp: int


def join(directory: str, name: str) -> str:
    if not directory:
        return name
    if directory.endswith("/"):
        return directory + name
    return directory + "/" + name


def build_chain(quote_dirs, include_dirs, system_dirs) -> tuple[list[SearchDir], int]:
    """The search chain and the index where <...> searching starts (GCC's quote_include
    and bracket_include heads), with duplicates removed as GCC does."""
    def clean(d):
        d = str(d)
        return d.rstrip("/") or "/"

    chain: list[SearchDir] = []
    seen = set()
    for d in quote_dirs:
        d = clean(d)
        if ("q", d) not in seen:
            seen.add(("q", d))
            chain.append(SearchDir(d, 0))
    bracket_start = len(chain)
    seen_bracket = set()
    sys_set = {clean(d) for d in system_dirs}
    for d in include_dirs:
        d = clean(d)
        # GCC drops a -I dir that is also a system dir: the system one wins.
        if d in seen_bracket or d in sys_set:
            continue
        seen_bracket.add(d)
        chain.append(SearchDir(d, 0))
    for d in system_dirs:
        d = clean(d)
        if d in seen_bracket:
            continue
        seen_bracket.add(d)
        chain.append(SearchDir(d, 2))
    return chain, bracket_start
