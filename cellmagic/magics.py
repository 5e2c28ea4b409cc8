"""The magics: `%%cc`, `%%asm`, and line magics for the GNU-shaped commands.

    %%cc [gcc options] [--target=x86_64|aarch64|both] [--args "..."] [--stdin "..."]
         [--stdin-var NAME] [--timeout S] [--no-run] [--no-count] [--debug] NAME [OTHER ...]

The cell body is saved as NAME in the working directory (the notebook's), then built with
the OTHER files already there, exactly as `ccpipeline cc` (gcc) would build them; the
output is one widget with a pane per stage. gcc's own options are read by the CLI's
parser (`toolchain.cli.parse_cc_args`), so a cell and a terminal accept the same words.

Line magics run the CLI's tools over files on disk and print what they print:
`%cc`, `%objdump`, `%nm`, `%readelf`, `%file`, `%run` (an ELF file: in the emulator;
anything else: IPython's own %run), and `%ccpipeline TOOL ARGS...` for every tool.
The last build is `_cc` in the user namespace (`_cc_builds` maps target -> Build,
`_cc_run` is the last run's RunResult).
"""
from __future__ import annotations

import codecs
import contextlib
import copy
import io
import os
import shlex
import sys
from dataclasses import dataclass, field

from IPython.core.magic import Magics, cell_magic, line_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments
from IPython.display import display

from toolchain import cli, driver
from toolchain.diagnostics import ToolError
from toolchain.target import get_target

from .views import BuildView, Diagnostics

HEADER_SUFFIXES = (".h",)


@dataclass
class CellOptions:
    """What %%cc takes beyond gcc's own options."""
    targets: list = field(default_factory=list)       # names; empty = gcc's default
    args: list = field(default_factory=list)
    stdin: bytes | None = None
    stdin_var: str | None = None
    timeout: float = 10.0
    run: bool = True
    count: bool = True                                 # count the instructions the run executes
    debug: bool = False
    gcc: list = field(default_factory=list)            # the rest, for parse_cc_args


class CellUsageError(Exception):
    pass


def _value(tokens, i, name):
    t = tokens[i]
    if "=" in t and t.startswith("--"):
        return t.split("=", 1)[1], i + 1
    if i + 1 >= len(tokens):
        raise CellUsageError(f"missing argument to '{name}'")
    return tokens[i + 1], i + 2


def unescape(text: str) -> bytes:
    """`--stdin "3 5\\n"`: backslash escapes as in a C string literal."""
    try:
        return codecs.decode(text.encode("utf-8"), "unicode_escape").encode("latin-1")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return text.encode("utf-8")


def parse_cell_line(line: str) -> CellOptions:
    try:
        tokens = shlex.split(line)
    except ValueError as e:
        raise CellUsageError(f"cannot split the options: {e}") from None
    co = CellOptions()
    i = 0
    while i < len(tokens):
        t = tokens[i]
        name = t.split("=", 1)[0]
        if name == "--target":
            v, i = _value(tokens, i, name)
            if v == "both":
                co.targets = ["x86_64", "aarch64"]
            else:
                try:
                    co.targets = [get_target(v).name]
                except ValueError as e:
                    raise CellUsageError(str(e)) from None
        elif name == "--args":
            v, i = _value(tokens, i, name)
            co.args = shlex.split(v)
        elif name == "--stdin":
            v, i = _value(tokens, i, name)
            co.stdin = unescape(v)
        elif name == "--stdin-var":
            co.stdin_var, i = _value(tokens, i, name)
        elif name == "--timeout":
            v, i = _value(tokens, i, name)
            try:
                co.timeout = float(v)
            except ValueError:
                raise CellUsageError(f"--timeout wants seconds, not '{v}'") from None
        elif t == "--no-run":
            co.run, i = False, i + 1
        elif t == "--no-count":
            co.count, i = False, i + 1
        elif t == "--debug":
            co.debug, i = True, i + 1
        else:
            co.gcc.append(t)
            i += 1
    return co


def _suffixed(path: str, target: str, first: bool) -> str:
    """With --target=both the second target's files get `-aarch64` in their names."""
    if first:
        return path
    stem, ext = os.path.splitext(path)
    return f"{stem}-{target}{ext}"


def _write(path: str, data) -> None:
    mode = "wb" if isinstance(data, (bytes, bytearray)) else "w"
    with open(path, mode) as f:
        f.write(data)
    if mode == "wb" and data[:4] == b"\x7fELF" and data[16] == 2:
        os.chmod(path, 0o755)


def _defines_main(obj: bytes) -> bool:
    from toolchain.binutils.elfread import ElfFile
    try:
        elf = ElfFile(obj, "x.o", "nm")
    except ToolError:
        return False
    return any(s.name == "main" and s.shndx != 0 and s.bind != 0 for s in elf.symbols)


def debugger_class():
    """The emulator's Debugger, when that part of the toolchain is there."""
    try:
        from toolchain.emulator import Debugger   # noqa: F401
    except ImportError:
        try:
            from toolchain.emulator.debugger import Debugger   # noqa: F401
        except ImportError:
            return None
    return Debugger


@magics_class
class CCMagics(Magics):

    def __init__(self, shell, **kwargs):
        super().__init__(shell, **kwargs)
        found = shell.find_line_magic("run") if shell is not None else None
        self._ipython_run = found

    # ------------------------------------------------------------------ building

    def _stdin(self, co: CellOptions) -> bytes:
        if co.stdin_var:
            if co.stdin_var not in self.shell.user_ns:
                raise CellUsageError(f"--stdin-var: no variable named '{co.stdin_var}'")
            v = self.shell.user_ns[co.stdin_var]
            return v if isinstance(v, bytes) else str(v).encode("utf-8")
        return co.stdin or b""

    def build_and_show(self, co: CellOptions, inputs: list[str], sources: dict, title: str,
                       asm_cell: bool = False):
        """The whole of a %%cc: build per target, write gcc's outputs, run, show."""
        try:
            opts, names = cli.parse_cc_args(co.gcc + inputs, "cc")
        except cli.UsageError as e:
            return self._fail(f"cc: error: {e}")
        if not names:
            return self._fail("cc: fatal error: no input files\ncompilation terminated.")
        if "-g0" not in co.gcc:
            opts.debug = True          # the views need the line map (.loc -> .debug_line)
        missing = [p for p in names if p not in sources and not os.path.exists(p)]
        if missing:
            return self._fail("\n".join(f"cc: error: {p}: No such file or directory" for p in missing))
        if names[0].endswith(HEADER_SUFFIXES):
            opts.stop, names = "E", names[:1]
        if co.debug and debugger_class() is None:
            return self._fail("cc: error: --debug: not supported yet (the emulator's Debugger is not "
                              "part of this toolchain yet); run the program without --debug")
        try:
            stdin = self._stdin(co)
        except CellUsageError as e:
            return self._fail(f"cc: error: {e}")
        targets = co.targets or [opts.target.name]
        builds, warnings = [], []
        for n, tname in enumerate(targets):
            o = copy.deepcopy(opts)
            o.target = get_target(tname)
            pristine = copy.deepcopy(o)      # _build may change o (%%asm links in two steps)
            try:
                b = self._build(names, o, sources, asm_cell)
            except ToolError as e:
                return self._show_failure(names, pristine, sources, asm_cell, e, title,
                                          prefix=f"[{tname}] " if len(targets) > 1 else "")
            except Exception as e:   # a bug of ours: one line, as gcc's ICE, never a traceback
                return self._fail(f"cc: internal compiler error: {type(e).__name__}: {e}\n"
                                  f"(this is a bug in ccpipeline; CCPIPELINE_TRACEBACK=1 shows where)",
                                  exc=e)
            builds.append(b)
            warnings += [d.render() for d in b.diagnostics]
            try:
                self._write_outputs(b, _suffixed_names(n, tname))
            except OSError as e:
                return self._fail(f"cc: fatal error: cannot write output: {e}")
        exe_name = opts.output or "a.out"
        argv = ["./" + exe_name if "/" not in exe_name else exe_name] + co.args
        results = None
        debugger = None
        linked = builds[0].link is not None
        if linked and co.debug:
            from .views.debugger import DebuggerView
            try:
                debugger = DebuggerView(builds[0], argv=argv, stdin=stdin)
            except Exception as e:
                return self._fail(f"debug: error: {type(e).__name__}: {e}", exc=e)
        elif linked and co.run:
            results = [self._run(b, argv, stdin, co.timeout, co.count) for b in builds]
        view = BuildView(builds, title=title, results=results, argv=argv, stdin=stdin,
                         warnings="\n".join(dict.fromkeys(warnings)), debugger=debugger)
        ns = self.shell.user_ns
        ns["_cc"] = builds[0]
        ns["_cc_builds"] = {b.target.name: b for b in builds}
        ns["_cc_view"] = view
        if results is not None:
            ns["_cc_run"] = results[0]
        display(view)
        return None

    def _build(self, names, o, sources, asm_cell):
        if not asm_cell:
            return driver.build(names, o, sources=sources)
        # %%asm: assemble, then link with the C library only when the program has a main.
        stop = o.stop
        o.stop = stop or "c"
        b = driver.build(names, o, sources=sources)
        if stop is None:
            b.options.stop = None
            if not any(u.object and _defines_main(u.object) for u in b.units):
                b.options.nostdlib = True
            driver.link_build(b)
        return b

    def _show_failure(self, names, o, sources, asm_cell, error: ToolError, title, prefix=""):
        """A failed build: the panes of the stages that worked, and the diagnostics in place
        of the pane of the stage that failed (as data: `_cc` is the partial Build)."""
        text = error.render()
        if prefix:
            text = "\n".join(prefix + line if line else line for line in text.split("\n"))
        try:
            b, stage = partial_build(names, o, sources, asm_cell)
        except Exception:        # the partial build is a courtesy: never worse than the text
            if os.environ.get("CCPIPELINE_TRACEBACK"):
                raise
            b, stage = None, None
        if b is None or not any(u.source is not None for u in b.units):
            return self._fail(text)
        view = BuildView([b], title=(title + (f"  [{prefix.strip(' []')}]" if prefix else "")),
                         failure=(stage, text))
        ns = self.shell.user_ns
        ns["_cc"] = b
        ns["_cc_builds"] = {b.target.name: b}
        ns["_cc_view"] = view
        display(view)
        return None

    def _write_outputs(self, b, rename):
        o = b.options
        if o.stop == "E":
            if o.output:
                _write(rename(o.output), "".join(u.preprocessed.text for u in b.units if u.preprocessed))
        elif o.stop in ("S", "c"):
            for u in b.units:
                if o.stop == "S" and u.compiled:
                    _write(rename(o.output or os.path.splitext(u.name)[0] + ".s"), u.compiled.asm)
                elif o.stop == "c" and u.assembled:
                    _write(rename(o.output or u.object_name), u.object)
        elif b.executable is not None:
            _write(rename(o.output or "a.out"), b.executable)

    def _run(self, b, argv, stdin, timeout, count=True):
        from toolchain import emulator
        try:
            return b.run(argv, stdin=stdin, timeout=timeout or 0, count_instructions=count)
        except emulator.ExecFormatError as e:
            return f"bash: {argv[0]}: {e}"

    def _fail(self, text: str, prefix: str = "", exc: Exception | None = None):
        if exc is not None and os.environ.get("CCPIPELINE_TRACEBACK"):
            raise exc
        if prefix:
            text = "\n".join(prefix + line if line else line for line in text.split("\n"))
        display(Diagnostics(text))
        return None

    # ------------------------------------------------------------------ cell magics

    @magic_arguments()
    @argument("-E", action="store_true", help="stop after the preprocessor (show the .i text)")
    @argument("-S", action="store_true", help="stop after the compiler (write NAME.s)")
    @argument("-c", action="store_true", help="stop after the assembler (write NAME.o)")
    @argument("-O", metavar="LEVEL", help="optimisation level: -O0 (default), -O1, -O2")
    @argument("-D", metavar="NAME[=VALUE]", action="append", help="define a macro, as gcc -D")
    @argument("-U", metavar="NAME", action="append", help="undefine a macro")
    @argument("-I", metavar="DIR", action="append", help="add an include directory")
    @argument("-o", metavar="FILE", help="write the output (executable, .o, .s) to FILE")
    @argument("-masm", metavar="=intel", help="-masm=intel: Intel syntax for x86-64 assembly")
    @argument("-l", metavar="LIB", action="append", help="link with libLIB.a (-L DIR to find it)")
    @argument("--target", metavar="x86_64|aarch64|both",
              help="the machine to build for; both: the two side by side")
    @argument("--args", metavar='"ARGS"', help="command-line arguments for the program")
    @argument("--stdin", metavar='"TEXT"', help="standard input for the program (\\n escapes allowed)")
    @argument("--stdin-var", metavar="NAME", help="standard input from the Python variable NAME")
    @argument("--timeout", metavar="S", help="stop the program after S seconds (default 10, 0 = none)")
    @argument("--no-run", action="store_true", help="link but do not run")
    @argument("--no-count", action="store_true",
              help="do not count the instructions executed (counting slows the first second of a run)")
    @argument("--debug", action="store_true", help="open the step-through debugger instead of running")
    @argument("NAME", help="the file the cell body is saved as (sum.c, sum.h, prog.s)")
    @argument("OTHER", nargs="*", help="other files already on disk to build with (.c, .s, .o, .a)")
    @cell_magic
    def cc(self, line, cell):
        """Save the cell as NAME and build it like gcc, showing every stage.

        A header (NAME.h) is only saved, and its preprocessed text shown. -E, -S and -c stop
        where gcc stops (and write NAME.s / NAME.o); otherwise the inputs are linked with
        the C library into a.out (or -o FILE) and the program runs in the emulator.
        Example:  %%cc -O1 --target=both sum.c main.c
        """
        return self._cell(line, cell, asm=False)

    @magic_arguments()
    @argument("--target", metavar="x86_64|aarch64", help="the machine the assembly is for")
    @argument("-c", action="store_true", help="assemble only (write NAME.o)")
    @argument("-o", metavar="FILE", help="write the executable (or object) to FILE")
    @argument("--args", metavar='"ARGS"', help="command-line arguments for the program")
    @argument("--stdin", metavar='"TEXT"', help="standard input for the program")
    @argument("--no-run", action="store_true", help="link but do not run")
    @argument("--no-count", action="store_true", help="do not count the instructions executed")
    @argument("--debug", action="store_true", help="open the step-through debugger")
    @argument("NAME", help="the file the cell body is saved as (prog.s)")
    @argument("OTHER", nargs="*", help="other files to link with (.c, .s, .o)")
    @cell_magic
    def asm(self, line, cell):
        """Save the cell as NAME (GAS syntax), assemble it, link it and run it.

        The C library is linked in when the program defines `main`; otherwise it is
        linked alone, with its own `_start` (and must end with an exit system call).
        """
        return self._cell(line, cell, asm=True)

    def _cell(self, line, cell, asm):
        try:
            co = parse_cell_line(line)
        except CellUsageError as e:
            return self._fail(f"cc: error: {e}")
        # options that take a separate value (-o FILE, -I DIR...) are not names
        idx = 0
        positional = []
        while idx < len(co.gcc):
            t = co.gcc[idx]
            if t in ("-o", "-I", "-D", "-U", "-L", "-l", "--target"):
                idx += 2
                continue
            if not t.startswith("-") or t == "-":
                positional.append(t)
            idx += 1
        if not positional:
            what = "%%asm" if asm else "%%cc"
            return self._fail(f"{what}: error: name the file this cell is, e.g. {what} "
                              f"{'prog.s' if asm else 'sum.c'}")
        name = positional[0]
        if asm and not name.endswith((".s", ".S")):
            return self._fail(f"%%asm: error: {name}: an assembly file is named NAME.s")
        body = cell if cell.endswith("\n") else cell + "\n"
        try:
            with open(name, "w", encoding="utf-8") as f:
                f.write(body)
        except OSError as e:
            return self._fail(f"cc: error: cannot save {name}: {e.strerror}")
        title = ("%%asm " if asm else "%%cc ") + line.strip()
        return self.build_and_show(co, [], {name: body}, title, asm_cell=asm)

    # ------------------------------------------------------------------ line magics

    @line_magic("cc")
    def cc_line(self, line):
        """%cc [gcc options] FILES...: build files on disk like gcc, showing every stage
        (the same options as %%cc)."""
        try:
            co = parse_cell_line(line)
        except CellUsageError as e:
            return self._fail(f"cc: error: {e}")
        return self.build_and_show(co, [], {}, "%cc " + line.strip())

    def _tool(self, tool: str, line: str, stdin: bytes = b""):
        try:
            args = shlex.split(line)
        except ValueError as e:
            return self._fail(f"{tool}: error: {e}")
        status, out, err = run_cli([tool] + args, stdin)
        if out:
            sys.stdout.write(out)
            sys.stdout.flush()
        if err:
            sys.stderr.write(err)
            sys.stderr.flush()
        self.shell.user_ns["_exit_status"] = status
        return status

    @line_magic
    def objdump(self, line):
        """%objdump -d|-r|-t|-h|-s|-l FILE...: as GNU objdump prints it."""
        self._tool("objdump", line)

    @line_magic
    def nm(self, line):
        """%nm FILE...: the symbol table, as GNU nm prints it."""
        self._tool("nm", line)

    @line_magic
    def readelf(self, line):
        """%readelf -h|-S|-s|-r|-l|-a FILE...: as GNU readelf prints it."""
        self._tool("readelf", line)

    @line_magic
    def file(self, line):
        """%file FILE...: what the file is, as file(1) says."""
        self._tool("file", line)

    @line_magic
    def run(self, line):
        """%run [--stdin "TEXT"] [--timeout=S] ELF [ARGS...]: run an executable in the emulator,
        printing what it prints and its exit status. For a Python script (anything that
        is not an ELF file) this is IPython's own %run."""
        try:
            tokens = shlex.split(line)
        except ValueError:
            tokens = []
        stdin = b""
        if tokens and tokens[0].split("=", 1)[0] == "--stdin":
            try:
                v, i = _value(tokens, 0, "--stdin")
            except CellUsageError as e:
                return self._fail(f"run: {e}")
            stdin, tokens = unescape(v), tokens[i:]
        path = next((t for t in tokens if not t.startswith("--")), None)
        if path is not None and not _is_elf(path) and self._ipython_run is not None:
            return self._ipython_run(line)
        status, out, err = run_cli(["run"] + tokens, stdin)
        sys.stdout.write(out)
        sys.stdout.flush()
        if err:
            sys.stderr.write(err)
            sys.stderr.flush()
        self.shell.user_ns["_exit_status"] = status
        print(f"[exit status {status}]")

    @line_magic
    def ccpipeline(self, line):
        """%ccpipeline TOOL ARGS...: any `ccpipeline` command (cc, cpp, as, ld, objdump, nm,
        readelf, file, run, libc); `cc`/`gcc` show the stage views as %cc does."""
        try:
            tokens = shlex.split(line)
        except ValueError as e:
            return self._fail(f"ccpipeline: error: {e}")
        if tokens and tokens[0] in ("cc", "gcc"):
            return self.cc_line(shlex.join(tokens[1:]))
        if tokens and tokens[0] == "run":
            return self.run(shlex.join(tokens[1:]))
        if tokens and tokens[0] in ("debug", "tour"):
            return self._fail(f"ccpipeline: '{tokens[0]}' reads a terminal; in a notebook use "
                              f"%%cc --debug" if tokens[0] == "debug" else
                              "ccpipeline: 'tour' is a terminal walkthrough; this notebook is the tour")
        status, out, err = run_cli(tokens, b"")
        sys.stdout.write(out)
        if err:
            sys.stderr.write(err)
        self.shell.user_ns["_exit_status"] = status


# the pane that shows a stage's output, by the driver function that runs the stage
STAGE_PANES = {"cpp": "Preprocessed", "cc1": "Assembly", "as": "Object file", "ld": "Link"}


def partial_build(names, o, sources, asm_cell=False):
    """Run the stages one by one, as driver.build does, until one raises ToolError.
    Returns (the partial Build, the name of the failing stage's pane), or (Build, None)
    when nothing failed this time."""
    b = driver.Build(o)
    stage = None

    def step(which, fn, *args, **kwargs):
        nonlocal stage
        stage = which
        fn(*args, **kwargs)

    try:
        for path in names:
            kind = driver._kind(path)
            unit = driver.Unit(path, kind)
            b.units.append(unit)
            if kind in ("c", "asm-cpp", "asm"):
                unit.source = sources[path] if path in sources else driver._read_text(path)
            else:
                unit.object = sources[path] if path in sources else driver._read_bytes(path)
                continue
            if kind == "asm":
                if o.stop not in ("E", "S"):
                    step("as", driver.assemble_unit, unit, unit.source, o)
                    driver._collect(b, unit.assembled)
                continue
            step("cpp", driver.preprocess_unit, unit, o)
            driver._collect(b, unit.preprocessed)
            if o.stop == "E":
                continue
            if kind == "asm-cpp":
                step("as", driver.assemble_unit, unit, unit.preprocessed.text, o)
                driver._collect(b, unit.assembled)
                continue
            step("cc1", driver.compile_unit, unit, o)
            driver._collect(b, unit.compiled)
            if o.stop == "S":
                continue
            step("as", driver.assemble_unit, unit, unit.compiled.asm, o,
                 name=os.path.splitext(unit.path)[0] + ".s")
            driver._collect(b, unit.assembled)
        if o.stop is None:
            if asm_cell and not any(u.object and _defines_main(u.object) for u in b.units):
                o.nostdlib = True
            step("ld", driver.link_build, b)
    except ToolError as e:
        b.diagnostics.extend(d for d in e.diagnostics if d not in b.diagnostics)
        return b, STAGE_PANES[stage]
    return b, None


def _suffixed_names(n, tname):
    return lambda p: _suffixed(p, tname, n == 0)


def _is_elf(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def run_cli(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    """Run `ccpipeline ARGV...` in this process, capturing what it prints."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="replace", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="replace", write_through=True)
    inp = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    saved_in = sys.stdin
    try:
        sys.stdin = inp
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(argv)
    finally:
        sys.stdin = saved_in
    out.flush()
    err.flush()
    return (status, out.buffer.getvalue().decode("utf-8", "replace"),
            err.buffer.getvalue().decode("utf-8", "replace"))
