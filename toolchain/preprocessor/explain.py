"""Text renderings of what the preprocessor recorded: `-dM`, `-M`/`-MM` and `--trace`.

The records themselves (`PreprocessResult`) are what the views read; these functions
print them for the command line, in GCC's format where GCC has one.
"""
from __future__ import annotations

from .records import MacroExpansion, PreprocessResult


def macro_dump(result: PreprocessResult) -> str:
    """`gcc -dM -E`: every macro defined when preprocessing ended, one #define a line
    (an empty body still gets its space after the name, as GCC prints it)."""
    out = []
    for d in result.macros.values():
        head, sp, body = _split_definition(d)
        out.append(f"#define {head} {body}\n")
    return "".join(out)


def _split_definition(d: str):
    """'F(a,b) a+b' -> ('F(a,b)', ' ', 'a+b'): the head ends at the first space outside
    the parameter list."""
    depth = 0
    for i, ch in enumerate(d):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == " " and depth == 0:
            return d[:i], " ", d[i + 1:]
    return d, "", ""


def dependencies(result: PreprocessResult, *, system: bool = True) -> list[str]:
    """The main file and every header it read, each once, in first-read order; `system=False`
    leaves out system headers, as -MM does."""
    seen: dict[str, None] = {}
    for rec in result.includes:
        if rec.depth == 0 or system or not rec.system:
            seen.setdefault(rec.path, None)
    return list(seen)


def make_rule(target: str, deps: list[str], width: int = 78) -> str:
    """A make rule as GCC writes it for -M: wrapped with ` \\` continuations."""
    lines, line = [], f"{target}:"
    for d in deps:
        d = d.replace(" ", "\\ ")
        if len(line) + 1 + len(d) > width and line != f"{target}:":
            lines.append(line + " \\")
            line = ""
        line += " " + d
    lines.append(line)
    return "\n".join(lines) + "\n"


def _expansion_lines(e: MacroExpansion, depth: int) -> list[str]:
    pad = "  " * depth
    call = e.name + (f"({', '.join(e.args)})" if e.args is not None else "")
    where = " (in a directive)" if e.in_directive else ""
    out = [f"{pad}{e.file}:{e.line}:{e.column}: {call}{where}  [#define {e.definition} at "
           f"{e.definition_file}:{e.definition_line}]"]
    if e.args is not None and e.expanded_args is not None and e.expanded_args != e.args:
        shown = ", ".join(a if a is not None else "(not expanded: # or ## operand)"
                          for a in e.expanded_args)
        out.append(f"{pad}  arguments expanded: {shown}")
    if e.replacement != e.result:
        out.append(f"{pad}  substituted: {e.replacement}")
    for n in e.nested:
        out.extend(_expansion_lines(n, depth + 1))
    out.append(f"{pad}  -> {e.result}")
    return out


def trace_text(result: PreprocessResult) -> str:
    """`cpp --trace`: every macro expansion with its steps, then the skipped groups."""
    lines = []
    for e in result.expansions:
        lines.extend(_expansion_lines(e, 0))
        steps = list(e.steps(whole_line=False))
        if len(steps) > 2:
            lines.append("  steps: " + "  =>  ".join(steps))
    for g in result.skipped:
        why = f": {g.reason}" if g.reason else ""
        lines.append(f"{g.file}:{g.first_line}-{g.last_line}: skipped ({g.directive}{why})")
    return "\n".join(lines) + ("\n" if lines else "")
