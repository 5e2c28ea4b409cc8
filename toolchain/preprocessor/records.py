"""What the preprocessor hands back besides the .i text: the data the views show."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Diagnostic


@dataclass
class MacroExpansion:
    """One macro invocation and what it became.

    `args` are the arguments as written, `expanded_args` the same after full macro
    expansion (None for an argument used only as an operand of # or ##, which C does not
    expand), `replacement` the replacement list after substitution (before rescanning),
    `result` the final text after rescanning, and `nested` the expansions that happened
    while expanding the arguments and rescanning, in order.
    """

    name: str
    file: str
    line: int
    column: int
    definition_file: str
    definition_line: int
    definition: str
    args: list | None = None
    expanded_args: list | None = None
    replacement: str = ""
    result: str = ""
    nested: list = field(default_factory=list)
    in_directive: bool = False
    _result: list = field(default_factory=list, repr=False, compare=False)

    def walk(self):
        yield self
        for n in self.nested:
            yield from n.walk()


@dataclass
class IncludeRecord:
    path: str            # the name as printed in linemarkers
    depth: int           # 0 for the main file
    from_file: str | None = None
    from_line: int = 0
    system: bool = False


@dataclass
class SkippedGroup:
    file: str
    first_line: int      # first and last source line of the group's body
    last_line: int
    directive: str       # e.g. "#if 0", "#ifdef DEBUG", "#else" (the branch not taken)
    directive_line: int = 0


@dataclass
class PreprocessResult:
    text: str
    expansions: list[MacroExpansion] = field(default_factory=list)
    includes: list[IncludeRecord] = field(default_factory=list)
    line_map: list = field(default_factory=list)   # per output line: (file, line) | None
    skipped: list[SkippedGroup] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    dependencies: list[str] = field(default_factory=list)
    macros: dict = field(default_factory=dict, repr=False)   # name -> definition at end

    def all_expansions(self):
        for e in self.expansions:
            yield from e.walk()
