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
    snapshots: list = field(default_factory=list)   # the region after each rescan step
    line_prefix: str = ""    # the source line around the invocation (top level only)
    line_suffix: str = ""
    _result: list = field(default_factory=list, repr=False, compare=False)
    _substituted: bool = field(default=False, repr=False, compare=False)

    @property
    def invocation(self) -> str:
        return self.name + (f"({', '.join(self.args)})" if self.args is not None else "")

    def steps(self, whole_line: bool = True):
        """Replay the expansion: the invocation as written, its arguments fully expanded
        (when that changed them), the replacement after substitution, the text after each
        nested expansion met while rescanning, in order, and the final result. With
        `whole_line` each step is the whole source line (what came before and after the
        invocation included), as a view shows `PLUS` -> `+` in place."""
        seq = [self.invocation]
        if self.args is not None and self.expanded_args is not None:
            expanded = [e if e is not None else a for a, e in zip(self.args, self.expanded_args)]
            seq.append(f"{self.name}({', '.join(expanded)})")
        seq += [self.replacement, *self.snapshots, self.result]
        out = []
        for text in seq:
            if not out or out[-1] != text:
                out.append(text)
        for text in out:
            yield (self.line_prefix + text + self.line_suffix) if whole_line else text

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
    reason: str = ""     # why: "the condition is 0", "DEBUG is not defined",
                         # "an earlier branch was taken"
    value: int | None = None   # the condition's value (#if/#elif: 0; #ifdef: 0/1 defined)


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
