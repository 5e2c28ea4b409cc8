"""Errors are data: every stage reports `Diagnostic`s, rendered the way GCC and binutils do.

A stage that cannot go on raises `ToolError` carrying its diagnostics; the driver, the CLI
and the notebook catch it and print the rendered text. Python tracebacks never reach a user.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Diagnostic:
    """One message. `line`/`column` are 1-based; 0 means "not known".

    `tool` names the program for messages without a file position, as binutils prints
    them (`ld: main.o: in function `main':` ...); `source_line` is the text of the line
    for the caret display GCC prints under an error.
    """

    file: str | None
    line: int
    column: int
    severity: str  # "error" | "warning" | "note" | "fatal error"
    message: str
    source_line: str | None = None
    tool: str | None = None
    function: str | None = field(default=None, compare=False)  # the C function it is in

    def render(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line:
                where += f":{self.line}"
                if self.column:
                    where += f":{self.column}"
            where += ": "
        elif self.tool:
            where = f"{self.tool}: "
        head = f"{where}{self.severity}: {self.message}" if self.severity else f"{where}{self.message}"
        if self.source_line is None or not self.line:
            return head
        text = self.source_line.rstrip("\n").expandtabs(8)
        caret_col = max(self.column, 1)
        # GCC's layout: "    3 |   return x;" then the caret under the column.
        gutter = f"{self.line:5d} | "
        caret = " " * (len(gutter) - 2) + "| " + " " * (caret_col - 1) + "^"
        return f"{head}\n{gutter}{text}\n{caret}"

    @property
    def is_error(self) -> bool:
        # binutils capitalises ("Error"), GCC does not ("error"); both stop the build.
        return self.severity.lower() in ("error", "fatal error", "internal compiler error")


def with_function_context(diags: list) -> list:
    """GCC's context lines: `t.c: In function 'f':` before the first message about a
    function, `t.c: At top level:` when messages come back to file scope after one."""
    out, current = [], None
    for d in diags:
        if d.file and d.severity in ("error", "warning", "fatal error") and \
                d.function != current:
            if d.function is not None:
                out.append(Diagnostic(d.file, 0, 0, "", f"In function '{d.function}':"))
            else:
                out.append(Diagnostic(d.file, 0, 0, "", "At top level:"))
            current = d.function
        out.append(d)
    return out


def render_all(diags) -> str:
    """Diagnostics as a compiler prints them, context lines included."""
    return "\n".join(d.render() for d in with_function_context(list(diags)))


def error(file, line, column, message, source_line=None, tool=None) -> Diagnostic:
    return Diagnostic(file, line, column, "error", message, source_line, tool)


def warning(file, line, column, message, source_line=None, tool=None) -> Diagnostic:
    return Diagnostic(file, line, column, "warning", message, source_line, tool)


@dataclass
class ToolError(Exception):
    """A stage gave up. `diagnostics` says why (at least one error among them)."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __post_init__(self):
        super().__init__(self.render())

    def render(self) -> str:
        return render_all(self.diagnostics)

    def __str__(self) -> str:
        return self.render()


def fail(file, line, column, message, source_line=None, tool=None):
    """Raise a ToolError holding a single error."""
    raise ToolError([error(file, line, column, message, source_line, tool)])
