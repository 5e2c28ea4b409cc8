"""The gcc-like driver: runs the stages over a set of input files and keeps everything.

`build(inputs, options)` is what `ccpipeline cc`, the notebook's `%%cc` and the tests
call. It returns a `Build` holding every intermediate artifact of every input (source,
preprocessed text and macro trace, assembly, object bytes and listing) and, unless
stopped early by -E/-S/-c, the link result and the executable, so each view reads the
same object the command line printed from.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace as dataclasses_replace

from . import assembler, compiler, linker, preprocessor
from .diagnostics import Diagnostic, ToolError
from .target import Target, get_target

# Libraries that live inside our libc.a, so `-lc` and `-lm` need no file of their own.
BUILTIN_LIBS = {"c", "m"}

C_SUFFIXES = (".c", ".h", ".i")
ASM_SUFFIXES = (".s",)
CPP_ASM_SUFFIXES = (".S",)


@dataclass
class Options:
    target: Target = field(default_factory=lambda: get_target(None))
    stop: str | None = None          # "E", "S", "c" or None (link)
    output: str | None = None
    opt_level: int = 0
    debug: bool = False
    defines: list[str] = field(default_factory=list)
    undefines: list[str] = field(default_factory=list)
    include_dirs: list[str] = field(default_factory=list)
    libs: list[str] = field(default_factory=list)
    lib_dirs: list[str] = field(default_factory=list)
    std: str = "gnu17"
    signed_char: bool | None = None  # -fsigned-char / -funsigned-char; None: the ABI's
    warnings: bool = True
    wall: bool = False               # -Wall
    werror: bool = False             # -Werror
    pedantic: str | None = None      # -pedantic: "warn"; -pedantic-errors: "error"
    wextra: bool = False             # -Wextra (or -W)
    wflags: dict = field(default_factory=dict)          # -W<flag>: True, -Wno-<flag>: False
    werror_flags: dict = field(default_factory=dict)    # -Werror=<flag>, -Wno-error=<flag>
    masm: str = "att"
    nostdlib: bool = False
    linemarkers: bool = True
    keep_comments: bool = False
    entry: str = "_start"
    # what -E prints instead of (or beside) the text: gcc's -dM, -M/-MM, -MD/-MMD, and our --trace
    dump_macros: bool = False
    deps: str | None = None          # "M" (all headers) or "MM" (no system headers)
    deps_file: bool = False          # -MD/-MMD: write the rule to a .d file and go on compiling
    deps_out: str | None = None      # -MF
    deps_target: str | None = None   # -MT
    trace: bool = False


@dataclass
class Unit:
    """One input file and what each stage made of it."""

    path: str
    kind: str                         # "c", "asm", "object", "archive"
    source: str | None = None
    preprocessed: object = None       # preprocessor.PreprocessResult
    compiled: object = None           # compiler.CompileResult
    assembled: object = None          # assembler.AsmResult
    object: bytes | None = None       # the .o bytes (ours, or the input's own)

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    @property
    def object_name(self) -> str:
        stem, _ = os.path.splitext(self.name)
        return stem + ".o"


@dataclass
class Build:
    options: Options
    units: list[Unit] = field(default_factory=list)
    link: object = None               # linker.LinkResult
    diagnostics: list[Diagnostic] = field(default_factory=list)
    link_inputs: list[str] = field(default_factory=list)

    @property
    def target(self) -> Target:
        return self.options.target

    @property
    def executable(self) -> bytes | None:
        return self.link.executable if self.link else None

    def unit(self, name: str) -> Unit:
        for u in self.units:
            if u.name == name or u.path == name:
                return u
        raise KeyError(name)

    def run(self, argv=None, **kwargs):
        from .emulator import run
        if self.executable is None:
            raise ValueError("nothing was linked")
        return run(self.executable, argv, **kwargs)


def _kind(path: str) -> str:
    if path.endswith(C_SUFFIXES):
        return "c"
    if path.endswith(ASM_SUFFIXES):
        return "asm"
    if path.endswith(CPP_ASM_SUFFIXES):
        return "asm-cpp"
    if path.endswith(".a"):
        return "archive"
    return "object"


def _read_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            return f.read()
    except OSError as e:
        raise ToolError([Diagnostic(None, 0, 0, "error", f"{path}: {e.strerror}", tool="cc")]) from None


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise ToolError([Diagnostic(None, 0, 0, "error", f"{path}: {e.strerror}", tool="cc")]) from None


def preprocess_unit(unit: Unit, opts: Options) -> None:
    unit.preprocessed = preprocessor.preprocess(
        unit.path, unit.source, target=opts.target, include_dirs=opts.include_dirs,
        defines=opts.defines, undefines=opts.undefines, std=opts.std,
        linemarkers=opts.linemarkers, keep_comments=opts.keep_comments, opt_level=opts.opt_level)


def compile_unit(unit: Unit, opts: Options) -> None:
    unit.compiled = compiler.compile_c(
        unit.preprocessed.text, unit.path, target=opts.target, opt_level=opts.opt_level,
        debug=opts.debug, masm=opts.masm, std=opts.std, warnings=opts.warnings,
        wall=opts.wall, werror=opts.werror, pedantic=opts.pedantic, wextra=opts.wextra,
        wflags=opts.wflags, werror_flags=opts.werror_flags, sources={unit.path: unit.source},
        comp_dir=os.path.dirname(os.path.abspath(unit.path)))


def assemble_unit(unit: Unit, text: str, opts: Options, name: str | None = None) -> None:
    # Messages about compiler output name the .s file, as gcc's (temporary) one would be named.
    unit.assembled = assembler.assemble(text, name or unit.path, target=opts.target)
    unit.object = unit.assembled.object


def _collect(build: Build, result) -> None:
    if result is not None:
        build.diagnostics.extend(getattr(result, "diagnostics", []) or [])


def build(inputs: list[str], options: Options | None = None, *, sources: dict | None = None) -> Build:
    """Run the pipeline over `inputs` (paths) as gcc would with `options`.

    `sources` maps a path to text to use instead of reading that path (the notebook passes
    a cell's body this way). Raises ToolError on the first stage that fails; warnings
    gathered so far travel in `Build.diagnostics` (and in the error's own list).
    """
    opts = options or Options()
    if opts.signed_char is not None:
        # -fsigned-char / -funsigned-char: the target with the other plain char, so the
        # preprocessor (__CHAR_UNSIGNED__, '\xff' in #if) and the compiler both follow.
        target = get_target(opts.target)
        if target.char_is_signed != opts.signed_char:
            opts = dataclasses_replace(opts, target=dataclasses_replace(
                target, char_is_signed=opts.signed_char))
    sources = sources or {}
    b = Build(opts)
    if not inputs:
        raise ToolError([Diagnostic(None, 0, 0, "fatal error", "no input files", tool="cc")])
    for path in inputs:
        kind = _kind(path)
        unit = Unit(path, kind)
        b.units.append(unit)
        if kind in ("c", "asm-cpp"):
            unit.source = sources.get(path) if path in sources else _read_text(path)
            preprocess_unit(unit, opts)
            _collect(b, unit.preprocessed)
            if opts.stop == "E":
                continue
            if kind == "asm-cpp":
                assemble_unit(unit, unit.preprocessed.text, opts)
                _collect(b, unit.assembled)
                continue
            compile_unit(unit, opts)
            _collect(b, unit.compiled)
            if opts.stop == "S":
                continue
            assemble_unit(unit, unit.compiled.asm, opts, name=os.path.splitext(unit.path)[0] + ".s")
            _collect(b, unit.assembled)
        elif kind == "asm":
            unit.source = sources.get(path) if path in sources else _read_text(path)
            if opts.stop in ("E", "S"):
                continue
            assemble_unit(unit, unit.source, opts)
            _collect(b, unit.assembled)
        else:
            unit.object = sources.get(path) if path in sources else _read_bytes(path)
    if opts.stop is None:
        link_build(b)
    return b


def link_build(b: Build) -> None:
    opts = b.options
    inputs: list[tuple[str, bytes]] = []
    if not opts.nostdlib:
        from . import libc
        crt = libc.crt_objects(opts.target)
        inputs += crt
    for u in b.units:
        if u.object is not None:
            inputs.append((u.object_name if u.kind not in ("object", "archive") else u.path, u.object))
    for lib in opts.libs:
        if lib in BUILTIN_LIBS and not opts.nostdlib:
            continue   # already inside our libc.a, which comes last
        inputs.append(_find_library(lib, opts))
    if not opts.nostdlib:
        from . import libc
        inputs.append(libc.archive(opts.target))
    b.link_inputs = [name for name, _ in inputs]
    try:
        b.link = linker.link(inputs, target=opts.target, entry=opts.entry)
    except ToolError as e:
        e.stage = "ld"   # so a front end can say, as gcc's does, which program failed
        raise
    _collect(b, b.link)


def _find_library(lib: str, opts: Options) -> tuple[str, bytes]:
    for d in opts.lib_dirs:
        path = os.path.join(d, f"lib{lib}.a")
        if os.path.exists(path):
            return (path, _read_bytes(path))
    raise ToolError([Diagnostic(None, 0, 0, "", f"cannot find -l{lib}: No such file or directory",
                                tool="ld")])

