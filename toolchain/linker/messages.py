"""GNU ld's words for what went wrong, with its way of saying where.

GNU names a place in an input as `main.o: in function `main':` (printed only when the
function changes from the previous message) followed by `main.c:(.text+0xf)`, where `main.c`
comes from the object's STT_FILE symbol; outside any function it says `main.o:(.data+0x0)`.
The function is the nearest FUNC or NOTYPE symbol at or before the offset (sizes are not
consulted, exactly like bfd's `_bfd_elf_find_function`).
"""
from __future__ import annotations

from ..diagnostics import Diagnostic
from ..elf.constants import STT_FUNC, STT_NOTYPE

MAX_ERRORS_IN_A_ROW = 5   # ldmain.c: then "more undefined references to `x' follow"


def _plain(text: str) -> Diagnostic:
    return Diagnostic(None, 0, 0, "", text)


def find_function(obj, sec, offset: int) -> str | None:
    best = None
    for sym in obj.symbols:
        if (sym.shndx == sec.index and sym.type in (STT_FUNC, STT_NOTYPE) and sym.name
                and sym.value <= offset and (best is None or sym.value >= best.value)):
            if best is not None and sym.value == best.value and best.type == STT_FUNC:
                continue
            best = sym
    return best.name if best else None


class Reporter:
    """Collects diagnostics in the order GNU ld prints them."""

    def __init__(self):
        self.diagnostics: list[Diagnostic] = []
        self._last = (None, None)      # (file, function) of the last located message
        self._error_name = None
        self._error_count = 0
        self.errors = 0

    def _where(self, obj, sec, offset: int) -> tuple[str | None, str]:
        """(the "in function" line if due, the place), the way ldmisc.c's %H prints them."""
        func = find_function(obj, sec, offset)
        head = None
        if func is not None:
            if self._last != (obj, func):
                head = f"{obj.name}: in function `{func}':"
            self._last = (obj, func)
            fname = obj.file_symbol
            place = f"{fname}:({sec.name}+0x{offset:x})" if fname else f"({sec.name}+0x{offset:x})"
        else:
            self._last = (None, None)
            place = f"{obj.name}:({sec.name}+0x{offset:x})"
        return head, place

    @staticmethod
    def plain_place(obj, sec, offset: int) -> str:
        """ldmisc.c's %D: the place without an "in function" line."""
        fname = obj.file_symbol if find_function(obj, sec, offset) else None
        return f"{obj.name}:{fname}:({sec.name}+0x{offset:x})" if fname else \
            f"{obj.name}:({sec.name}+0x{offset:x})"

    def located(self, obj, sec, offset: int, text: str, ld_prefix: bool = True, error=True):
        head, place = self._where(obj, sec, offset)
        prefix = "ld: " if ld_prefix else ""
        if head:
            self.diagnostics.append(_plain(prefix + head))
            self.diagnostics.append(_plain(f"{place}: {text}"))
        else:
            self.diagnostics.append(_plain(f"{prefix}{place}: {text}"))
        self.errors += error

    def undefined(self, obj, sec, offset: int, name: str):
        if name == self._error_name:
            self._error_count += 1
        else:
            self._error_name, self._error_count = name, 0
        if self._error_count < MAX_ERRORS_IN_A_ROW:
            self.located(obj, sec, offset, f"undefined reference to `{name}'")
        elif self._error_count == MAX_ERRORS_IN_A_ROW:
            self.diagnostics.append(_plain(
                f"ld: {self.plain_place(obj, sec, offset)}: more undefined references to "
                f"`{name}' follow"))
        self.errors += 1

    def multiple_definition(self, name, obj, sec, offset, first_obj, first_sec, first_offset):
        first = self.plain_place(first_obj, first_sec, first_offset)
        self.located(obj, sec, offset, f"multiple definition of `{name}'; {first}: first defined here")

    def truncated(self, obj, sec, offset: int, rel_name: str, against: str):
        self.located(obj, sec, offset, f"relocation truncated to fit: {rel_name} {against}",
                     ld_prefix=False)

    def error(self, text: str):
        self.diagnostics.append(Diagnostic(None, 0, 0, "", text, tool="ld"))
        self.errors += 1

    def warning(self, text: str):
        self.diagnostics.append(Diagnostic(None, 0, 0, "", f"warning: {text}", tool="ld"))

    def note(self, text: str):
        self.diagnostics.append(Diagnostic(None, 0, 0, "", text, tool="ld"))
