"""cc1: preprocessed C -> GAS assembly text, for x86-64 and AArch64 Linux.

    result = compile_c(text, "sum.c", target=X86_64)
    result.asm            # the .s text GNU as accepts
    result.diagnostics    # warnings (errors raise ToolError)
    result.ast, result.unit   # pycparser AST and our typed tree, for the views
"""
from __future__ import annotations

import os
import sys
import traceback
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, ToolError, error
from ..target import X86_64, get_target
from .extfloat import long_double_format
from .frontend import analyse
from .parser import SyntaxErrorAt, parse, to_diagnostic
from .frontend import source_lines

__all__ = ["compile_c", "CompileResult"]


@dataclass
class CompileResult:
    asm: str
    diagnostics: list = field(default_factory=list)
    ast: object = None          # pycparser FileAST
    unit: object = None         # tree.Unit: the typed, checked tree
    target: object = None


def compile_c(text: str, filename: str, *, target=X86_64, opt_level=0, debug=False,
              masm="att", std="gnu17", comp_dir=None, warnings=True, wall=False,
              werror=False, pedantic=None, wextra=False, wflags=None,
              werror_flags=None, sources=None) -> CompileResult:
    """Compile one preprocessed translation unit. Raises ToolError with GCC-style
    diagnostics when the program is wrong or uses something not supported yet; a bug of
    ours comes out the same way, as GCC's "internal compiler error" at the statement being
    compiled (never as a Python exception).

    Warning flags as gcc's: `warnings=False` is -w, `wall` -Wall, `werror` -Werror,
    `pedantic` "warn" (-pedantic) or "error" (-pedantic-errors), `wextra` -Wextra,
    `wflags` {flag: bool} from -W<flag> / -Wno-<flag>, `werror_flags` {flag: bool} from
    -Werror=<flag> / -Wno-error=<flag>. `sources` ({path: text} of the files before
    preprocessing, optional) gives diagnostics gcc's columns where cpp changed the
    blanks of a line (a tab indent becomes one space)."""
    try:
        target = get_target(target)
    except ValueError as e:         # a bad -march-like option, as cc1 words it
        raise ToolError([error(None, 0, 0, str(e), tool="cc1")]) from None
    if masm not in ("att", "intel"):
        raise ToolError([error(None, 0, 0, f"unrecognized argument in option "
                                           f"'-masm={masm}'", tool="cc1")])
    if masm == "intel" and target.name != "x86_64":
        raise ToolError([error(None, 0, 0, "'-masm=intel' is only for x86-64", tool="cc1")])
    stages = {}
    try:
        try:
            ast, end_coords = parse(text, filename)
        except SyntaxErrorAt as e:
            raise ToolError([to_diagnostic(e, source_lines(text, filename))]) from None
        except RecursionError:
            raise ToolError([error(filename, 0, 0, "expression nested too deeply")]) from None
        old_limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old_limit, 20000))    # long expression chains recurse deeply
        try:
            from .warnings import WarningFlags
            flags = {"wall": wall, "werror": werror, "pedantic": pedantic, "std": std,
                     "wflags": WarningFlags(warnings, wall, wextra, werror, wflags,
                                            werror_flags),
                     "original_sources": sources or {}}
            with long_double_format(target):
                result = _compile(ast, end_coords, text, filename, target, debug, comp_dir,
                                  masm, warnings, stages, std, flags)
            if opt_level and warnings:
                # Said, not hidden: the optimisation passes are not written yet.
                result.diagnostics.append(Diagnostic(
                    None, 0, 0, "warning", f"-O{opt_level} is not supported yet: the code is "
                    "generated as with -O0", tool="cc1"))
            return result
        except RecursionError:
            raise ToolError([error(filename, 0, 0, "expression nested too deeply")]) from None
        finally:
            sys.setrecursionlimit(old_limit)
    except ToolError:
        raise
    except Exception as e:      # a bug of ours: report it as GCC reports an ICE
        raise internal_error(e, stages, text, filename) from e


def _compile(ast, end_coords, text, filename, target, debug, comp_dir, masm, warnings,
             stages, std="gnu17", flags=None):
    from .warnings import checking_frontend
    stages["frontend"] = fe = checking_frontend()(text, filename, target, warnings)
    for k, v in (flags or {}).items():
        setattr(fe, k, v)
    unit, diags = analyse(ast, end_coords, text, filename, target, warnings, fe)
    main_file = _main_file(text, filename)
    if target.name == "x86_64":
        from .codegen.x86_64 import X86_64CodeGen as Gen
    else:
        from .codegen.aarch64 import AArch64CodeGen as Gen
    stages["codegen"] = gen = Gen(unit, target, debug=debug, comp_dir=comp_dir or os.getcwd(),
                                  filename=main_file)
    gen.std = std                   # DW_AT_language of the -g debugging information
    asm = gen.generate()
    if masm == "intel":
        from .codegen.intel import to_intel
        asm = to_intel(asm)
    return CompileResult(asm, [d for d in diags if not d.is_error], ast, unit, target)


def internal_error(exc, stages, text, filename) -> ToolError:
    """An unexpected Python exception, as GCC words an ICE:

        t.c: In function 'main':
        t.c:3:5: internal compiler error: <what> [<exception> in <function>, at <file>:<line>]

    placed at the statement (or function, or declaration) being compiled when it happened.
    The notebook and the CLI show it like any other diagnostic, never as a traceback."""
    stage = stages.get("codegen") or stages.get("frontend")
    where = getattr(stage, "where", None) or (filename, 0, 0)
    fn = getattr(stage, "where_fn", None)
    f, line, col = where
    f = f or filename
    tb = traceback.extract_tb(exc.__traceback__)
    origin = ""
    if tb:
        frame = tb[-1]
        path = frame.filename.replace(os.sep, "/")
        path = path[path.rfind("toolchain/"):] if "toolchain/" in path else \
            os.path.basename(path)
        origin = f" [{type(exc).__name__} in {frame.name}, at {path}:{frame.lineno}]"
    what = str(exc) or type(exc).__name__
    diags = []
    if fn:
        diags.append(Diagnostic(f, 0, 0, "", f"In function '{fn}':"))
    src = source_lines(text, filename).get((f, line))
    diags.append(Diagnostic(f, line, col, "internal compiler error", what + origin, src))
    return ToolError(diags)


def _main_file(text, filename):
    """The primary source's name, as cc1 takes it: the file of the first linemarker
    (a linemarker with flags enters an #include'd file, so that one is not it)."""
    import re
    for line in text.split("\n", 8)[:8]:
        m = re.match(r'#\s*(?:line\s+)?\d+\s+"([^"]*)"(.*)$', line.strip())
        if m and not m.group(1).startswith("<") and not m.group(2).strip():
            return m.group(1)
        if m is None and line.strip():
            break
    return filename
