"""`ccpipeline <tool> ...`: the toolchain as commands shaped like GNU's.

Each tool takes the options its GNU namesake takes (the subset the course uses), prints
what it prints, and exits as it exits. Errors are printed as GCC/binutils print them;
a Python traceback reaching the user is a bug.
"""
from __future__ import annotations

import os
import sys

from .diagnostics import ToolError, render_all
from .target import get_target

USAGE = """\
usage: ccpipeline <tool> [options] [files]

tools:
  cc       compile and link C/assembly, like gcc   (cc -E/-S/-c, -o, -O, -g, -I, -D, -U, -l, --target=)
  cpp      preprocess C, like cpp / gcc -E  (-P -C -dM -M -MM -I -D -U; --trace explains every macro)
  as       assemble a .s file into an object, like as
  ld       link objects and archives into an executable, like ld
  objdump  -d -r -t -h -s -l over objects, archives and executables
  nm       list symbols
  readelf  -h -S -s -r -l (-a)
  file     say what a file is
  run      run an executable in the emulator: run [--target=T] [--timeout=S] FILE [ARGS...]
  debug    step through an executable with gdb-like commands: debug [--target=T] FILE [ARGS...]
  libc     build (or rebuild with --force) our C library for a target and print where it is
  tour     the course's walkthrough (sum.c + main.c) through every stage, on both targets

`python -m toolchain <tool> ...` is the same.
"""


class UsageError(Exception):
    """A command-line mistake; the message is printed as the GNU tool would print it."""


def _err(tool: str, message: str, status: int = 1) -> int:
    print(f"{tool}: {message}", file=sys.stderr)
    return status


def _report(e: ToolError, stream=None) -> None:
    print(e.render(), file=stream or sys.stderr)


def _warn(diags) -> None:
    if diags:
        print(render_all(diags), file=sys.stderr)


def _write(path: str, data, tool: str) -> None:
    mode = "wb" if isinstance(data, (bytes, bytearray)) else "w"
    if path == "-":             # `-o -`: standard output, as gcc, as and ld take it
        if mode == "wb":
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
        return
    try:
        with open(path, mode) as f:
            f.write(data)
    except OSError as e:
        raise UsageError(f"cannot open output file {path}: {e.strerror}") from None
    if mode == "wb" and data[:4] == b"\x7fELF" and data[16] == 2:   # ET_EXEC: executable like ld's
        os.chmod(path, 0o755)


def _take_value(args: list[str], i: int, opt: str, tool: str) -> tuple[str, int]:
    """The value of `-I dir` / `-Idir` style options."""
    a = args[i]
    if len(a) > len(opt):
        return a[len(opt):], i + 1
    if i + 1 >= len(args):
        raise UsageError(f"missing argument to '{opt}'")
    return args[i + 1], i + 2


# ---------------------------------------------------------------------------- cc / cpp

# gcc options that may repeat, each adding to a list: `-I dir` or `-Idir`.
_LIST_OPTIONS = {"-I": "include_dirs", "-D": "defines", "-U": "undefines", "-L": "lib_dirs",
                 "-l": "libs"}


def parse_cc_args(args: list[str], tool: str = "cc"):
    """gcc's options (the subset the course uses) -> (driver.Options, inputs)."""
    from .driver import Options
    opts = Options()
    inputs: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-E", "-S", "-c"):
            opts.stop = a[1]
            i += 1
        elif a == "-o" or (a.startswith("-o") and len(a) > 2):
            opts.output, i = _take_value(args, i, "-o", tool)
        elif a.startswith("-O"):
            levels = {"0": 0, "1": 1, "2": 2, "3": 3, "s": 2, "g": 1, "fast": 3}
            level = a[2:] or "1"
            if level not in levels:
                raise UsageError("argument to '-O' should be a non-negative integer, 'g', 's' or 'fast'")
            opts.opt_level = levels[level]
            i += 1
        elif a in ("-g", "-g3", "-g2", "-ggdb", "-gdwarf-5", "-gdwarf-4"):
            opts.debug = True
            i += 1
        elif a == "-g0":
            opts.debug = False
            i += 1
        elif a[:2] in _LIST_OPTIONS:
            v, i = _take_value(args, i, a[:2], tool)
            getattr(opts, _LIST_OPTIONS[a[:2]]).append(v)
        elif a.startswith("-std="):
            std = a[5:]
            known = {"c89", "c90", "c99", "c11", "c17", "c18", "gnu89", "gnu90", "gnu99", "gnu11",
                     "gnu17", "gnu18", "iso9899:1990", "iso9899:1999", "iso9899:2011",
                     "iso9899:2017", "iso9899:2018"}
            if std not in known:
                raise UsageError(f"unrecognized command-line option '{a}'")
            opts.std = std
            i += 1
        elif a == "-w":
            opts.warnings = False
            i += 1
        elif a == "-Wall":
            opts.wall = True
            i += 1
        elif a == "-Werror":
            opts.werror = True
            i += 1
        elif a in ("-pedantic", "-Wpedantic"):
            opts.pedantic = opts.pedantic or "warn"
            i += 1
        elif a == "-pedantic-errors":
            opts.pedantic = "error"
            i += 1
        elif a.startswith("-W"):
            _warning_option(opts, a)
            i += 1
        elif a.startswith("--target=") or a.startswith("-target="):
            try:
                opts.target = get_target(a.split("=", 1)[1])
            except ValueError as e:
                raise UsageError(str(e)) from None
            i += 1
        elif a == "--target":
            v, i = _take_value(args, i, "--target", tool)
            try:
                opts.target = get_target(v)
            except ValueError as e:
                raise UsageError(str(e)) from None
        elif a in ("-fsigned-char", "-fno-unsigned-char"):
            opts.signed_char = True
            i += 1
        elif a in ("-funsigned-char", "-fno-signed-char"):
            opts.signed_char = False
            i += 1
        elif a.startswith("-masm="):
            opts.masm = a[6:]
            if opts.masm not in ("att", "intel"):
                raise UsageError(f"unrecognized argument in option '{a}'")
            i += 1
        elif a == "-P":
            opts.linemarkers = False
            i += 1
        elif a in ("-C", "-CC"):
            opts.keep_comments = True
            i += 1
        elif a == "-dM":
            opts.dump_macros = True
            i += 1
        elif a in ("-M", "-MM"):
            opts.deps, opts.stop = a[1:], "E"
            i += 1
        elif a in ("-MD", "-MMD"):
            opts.deps, opts.deps_file = a[2:] if a == "-MMD" else "M", True
            i += 1
        elif a in ("-MF", "-MT") or a.startswith(("-MF", "-MT")):
            v, i = _take_value(args, i, a[:3], tool)
            if a.startswith("-MF"):
                opts.deps_out = v
            else:
                opts.deps_target = v
        elif a == "--trace":
            opts.trace = True
            i += 1
        elif a in ("-nostdlib", "-nostartfiles"):
            opts.nostdlib = True
            i += 1
        elif a in ("-static", "-no-pie", "-fno-pie", "-fno-pic", "-pipe", "-fno-builtin",
                   "-ffreestanding", "-fno-stack-protector", "-fno-asynchronous-unwind-tables",
                   "-fno-omit-frame-pointer"):
            i += 1   # what we do anyway: static, non-PIC, frame pointers kept
        elif a == "-" or not a.startswith("-"):
            inputs.append(a)
            i += 1
        else:
            raise UsageError(f"unrecognized command-line option '{a}'")
    return opts, inputs


def _warning_option(opts, a: str) -> None:
    """-Wextra (-W), -W<flag>, -Wno-<flag>, -Werror=<flag>, -Wno-error=<flag>,
    -Wno-error, -Wformat=<n> (as gcc: flags we do not know change nothing)."""
    if a in ("-W", "-Wextra"):
        opts.wextra = True
    elif a == "-Wno-extra":
        opts.wextra = False
    elif a == "-Wno-error":
        opts.werror = False
    elif a.startswith("-Werror="):
        opts.werror_flags[a[8:]] = True
    elif a.startswith("-Wno-error="):
        opts.werror_flags[a[11:]] = False
    elif a.startswith("-Wformat="):
        level = a[9:]
        opts.wflags["format"] = level != "0"
    elif a.startswith("-Wno-"):
        opts.wflags[a[5:]] = False
    elif a[2:] and "=" not in a:
        opts.wflags[a[2:]] = True


def cmd_cc(args: list[str], tool: str = "cc") -> int:
    from . import driver
    try:
        opts, inputs = parse_cc_args(args, tool)
    except UsageError as e:
        return _err(tool, f"error: {e}")
    if not inputs:
        return _err(tool, "fatal error: no input files\ncompilation terminated.")
    for p in inputs:
        if not os.path.exists(p):
            print(f"{tool}: error: {p}: No such file or directory", file=sys.stderr)
            return 1
    if opts.output and opts.stop and len(inputs) > 1 and opts.stop != "E":
        return _err(tool, "fatal error: cannot specify '-o' with '-c', '-S' or '-E' with multiple files")
    try:
        b = driver.build(inputs, opts)
    except ToolError as e:
        _report(e)
        if getattr(e, "stage", None) == "ld":
            # gcc's driver says which of its programs failed
            print("collect2: error: ld returned 1 exit status", file=sys.stderr)
        return 1
    _warn(b.diagnostics)
    try:
        for u in b.units:
            if opts.deps_file and u.preprocessed:
                _write(opts.deps_out or os.path.splitext(u.name)[0] + ".d", _deps_rule(u, opts), tool)
        if opts.stop == "E":
            text = "".join(_preprocessed_output(u, opts) for u in b.units if u.preprocessed)
            if opts.output:
                _write(opts.output, text, tool)
            else:
                sys.stdout.write(text)
        elif opts.stop in ("S", "c"):
            for u in b.units:
                if opts.stop == "S" and u.compiled:
                    out = opts.output or os.path.splitext(u.name)[0] + ".s"
                    _write(out, u.compiled.asm, tool)
                elif opts.stop == "c" and u.assembled:
                    out = opts.output or u.object_name
                    _write(out, u.object, tool)
        else:
            _write(opts.output or "a.out", b.executable, tool)
    except UsageError as e:
        return _err(tool, f"fatal error: {e}")
    return 0


def _deps_rule(unit, opts) -> str:
    from .preprocessor.explain import dependencies, make_rule
    target = opts.deps_target or os.path.splitext(unit.name)[0] + ".o"
    return make_rule(target, dependencies(unit.preprocessed, system=opts.deps != "MM"))


def _preprocessed_output(unit, opts) -> str:
    """What -E prints for one unit: the text, or what -dM / -M / --trace ask for instead."""
    from .preprocessor.explain import macro_dump, trace_text
    if opts.deps and not opts.deps_file:
        return _deps_rule(unit, opts)
    if opts.dump_macros:
        return macro_dump(unit.preprocessed)
    if opts.trace:
        return trace_text(unit.preprocessed)
    return unit.preprocessed.text


def cmd_cpp(args: list[str]) -> int:
    """cpp FILE [-o OUT]: like GNU cpp, which is gcc -E."""
    from .driver import preprocess_unit, Unit
    try:
        opts, inputs = parse_cc_args(args, "cpp")
    except UsageError as e:
        return _err("cpp", f"error: {e}")
    if len(inputs) != 1:
        return _err("cpp", "fatal error: no input files" if not inputs else "error: too many input files")
    path = inputs[0]
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            source = f.read()
    except OSError as e:
        return _err("cpp", f"fatal error: {path}: {e.strerror}\ncompilation terminated.")
    unit = Unit(path, "c", source)
    try:
        preprocess_unit(unit, opts)
    except ToolError as e:
        _report(e)
        return 1
    _warn(unit.preprocessed.diagnostics)
    text = _preprocessed_output(unit, opts)
    if opts.output:
        try:
            _write(opts.output, text, "cpp")
        except UsageError as e:
            return _err("cpp", f"fatal error: {e}")
    else:
        sys.stdout.write(text)
    return 0


# ---------------------------------------------------------------------------- as / ld

def cmd_as(args: list[str]) -> int:
    from . import assembler
    target, output, inputs = None, "a.out", []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "-o" or (a.startswith("-o") and len(a) > 2):
            try:
                output, i = _take_value(args, i, "-o", "as")
            except UsageError as e:
                return _err("as", f"Error: {e}")
            continue
        if a.startswith("--target="):
            target = a.split("=", 1)[1]
        elif a in ("-g", "--64", "-64", "--gdwarf-5", "-gdwarf-5"):
            pass
        elif a.startswith("-") and a != "-":
            return _err("as", f"unrecognized option '{a}'")
        else:
            inputs.append(a)
        i += 1
    try:
        tgt = get_target(target)
    except ValueError as e:
        return _err("as", f"Error: {e}")
    if len(inputs) != 1:
        return _err("as", "Error: exactly one input file, please" if inputs else "Error: no input file")
    path = inputs[0]
    try:
        text = open(path, encoding="utf-8", errors="surrogateescape").read()
    except OSError as e:
        return _err("as", f"Error: can't open {path} for reading: {e.strerror}")
    try:
        res = assembler.assemble(text, path, target=tgt)
    except ToolError as e:
        print(f"{path}: Assembler messages:", file=sys.stderr)
        _report(e)
        return 1
    if res.diagnostics:
        print(f"{path}: Assembler messages:", file=sys.stderr)
        _warn(res.diagnostics)
    try:
        _write(output, res.object, "as")
    except UsageError as e:
        return _err("as", f"Error: {e}")
    return 0


def cmd_ld(args: list[str]) -> int:
    from . import linker
    output, entry, inputs, lib_dirs, target = "a.out", "_start", [], [], None
    i = 0
    try:
        while i < len(args):
            a = args[i]
            if a == "-o" or (a.startswith("-o") and len(a) > 2):
                output, i = _take_value(args, i, "-o", "ld")
            elif a == "-e" or a.startswith("--entry="):
                if a == "-e":
                    entry, i = _take_value(args, i, "-e", "ld")
                else:
                    entry, i = a.split("=", 1)[1], i + 1
            elif a.startswith("-L"):
                d, i = _take_value(args, i, "-L", "ld")
                lib_dirs.append(d)
            elif a.startswith("-l"):
                name, i = _take_value(args, i, "-l", "ld")
                for d in lib_dirs:
                    p = os.path.join(d, f"lib{name}.a")
                    if os.path.exists(p):
                        inputs.append(p)
                        break
                else:
                    return _err("ld", f"cannot find -l{name}: No such file or directory")
            elif a.startswith("--target=") or a.startswith("-m"):
                target = a.split("=", 1)[1] if a.startswith("--target=") else {
                    "-melf_x86_64": "x86_64", "-maarch64linux": "aarch64"}.get(a)
                if target is None:
                    return _err("ld", f"unrecognised emulation mode: {a[2:]}")
                i += 1
            elif a in ("-static", "--static", "-g", "-nostdlib"):
                i += 1
            elif a.startswith("-"):
                return _err("ld", f"unrecognized option '{a}'")
            else:
                inputs.append(a)
                i += 1
    except UsageError as e:
        return _err("ld", str(e))
    if not inputs:
        return _err("ld", "no input files")
    data = []
    for p in inputs:
        try:
            data.append((p, open(p, "rb").read()))
        except OSError:
            return _err("ld", f"cannot find {p}: No such file or directory")
    try:
        res = linker.link(data, target=get_target(target) if target else None, entry=entry)
    except ToolError as e:
        _report(e)
        return 1
    _warn(res.diagnostics)
    try:
        _write(output, res.executable, "ld")
    except UsageError as e:
        return _err("ld", str(e))
    return 0


# ---------------------------------------------------------------------------- binutils

def _read_inputs(tool: str, files: list[str]):
    """Yield (name, bytes) for each file, printing binutils' message for unreadable ones."""
    for f in files:
        if not os.path.exists(f):
            print(f"{tool}: '{f}': No such file", file=sys.stderr)
            yield f, None
            continue
        if os.path.isdir(f):
            print(f"{tool}: Warning: '{f}' is a directory", file=sys.stderr)
            yield f, None
            continue
        with open(f, "rb") as fh:
            yield f, fh.read()


def _flags(args: list[str], allowed: dict[str, str], tool: str):
    """Short flags (combinable, -dr) and long ones -> (set of option names, files)."""
    chosen, files = set(), []
    for a in args:
        if a.startswith("--"):
            if a[2:] not in allowed.values():
                raise UsageError(f"unrecognized option '{a}'")
            chosen.add(a[2:])
        elif a.startswith("-") and len(a) > 1:
            for ch in a[1:]:
                if ch not in allowed:
                    raise UsageError(f"invalid option -- '{ch}'")
                chosen.add(allowed[ch])
        else:
            files.append(a)
    return chosen, files


def _binutil(tool: str, args: list[str], allowed: dict, render, default_files=("a.out",),
             need_option: str | None = None) -> int:
    try:
        chosen, files = _flags(args, allowed, tool)
    except UsageError as e:
        return _err(tool, str(e))
    if need_option and not chosen:
        return _err(tool, need_option)
    files = files or list(default_files)
    status = 0
    for name, data in _read_inputs(tool, files):
        if data is None:
            status = 1
            continue
        try:
            sys.stdout.write(render(data, name, chosen))
        except ToolError as e:
            _report(e)
            status = 1
    return status


def cmd_objdump(args: list[str]) -> int:
    from . import binutils
    allowed = {"d": "disassemble", "r": "reloc", "t": "syms", "h": "section-headers",
               "s": "full-contents", "l": "line-numbers"}

    def render(data, name, c):
        return binutils.objdump(data, name, disassemble="disassemble" in c, reloc="reloc" in c,
                                syms="syms" in c, headers="section-headers" in c,
                                full_contents="full-contents" in c,
                                line_numbers="line-numbers" in c)
    need = ("Usage: objdump <option(s)> <file(s)>\n"
            " At least one of the following switches must be given: -d -r -t -h -s")
    return _binutil("objdump", args, allowed, render, need_option=need)


def cmd_nm(args: list[str]) -> int:
    from . import binutils
    several = len([a for a in args if not a.startswith("-")]) > 1

    def render(data, name, c):
        # With several files GNU nm names each one; an archive names its members itself.
        text = binutils.nm(data, name)
        return f"\n{name}:\n{text}" if several and not data.startswith(b"!<arch>") else text
    return _binutil("nm", args, {}, render)


def cmd_readelf(args: list[str]) -> int:
    from . import binutils
    allowed = {"h": "file-header", "S": "section-headers", "s": "syms", "r": "relocs",
               "l": "program-headers", "a": "all"}

    several = len([a for a in args if not a.startswith("-")]) > 1

    def render(data, name, c):
        every = "all" in c
        head = f"\nFile: {name}\n" if several else ""
        return head + binutils.readelf(data, name, file_header=every or "file-header" in c,
                                section_headers=every or "section-headers" in c,
                                symbols=every or "syms" in c, relocs=every or "relocs" in c,
                                program_headers=every or "program-headers" in c)
    need = ("Usage: readelf <option(s)> elf-file(s)\n"
            " Display information about the contents of ELF format files")
    return _binutil("readelf", args, allowed, render, default_files=(), need_option=need)


def cmd_file(args: list[str]) -> int:
    from . import binutils
    if not args:
        return _err("Usage", "file [-bcCdEhikLlNnprsSvzZ0] [--apple] [--extension] [--mime-encoding]"
                    " [--mime-type] [-e <testname>] [-F <separator>]  [-f <namefile>] [-m <magicfiles>]"
                    " [-P <parameter=value>] [--exclude-quiet] <file> ...")
    for f in args:
        if not os.path.exists(f):
            print(f"{f}: cannot open `{f}' (No such file or directory)")
            continue
        if os.path.isdir(f):
            print(f"{f}: directory")
            continue
        with open(f, "rb") as fh:
            print(binutils.file_type(fh.read(), f))
    return 0


# ---------------------------------------------------------------------------- run

def cmd_run(args: list[str]) -> int:
    from . import emulator
    from .emulator.runargs import parse_run_args
    try:
        target, timeout, i = parse_run_args(args, "run")
    except ValueError as e:
        print(e, file=sys.stderr)
        return 2
    path, argv = args[i], args[i:]
    shown = path if "/" in path else "./" + path
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        print(f"bash: {shown}: {e.strerror}", file=sys.stderr)
        return 127
    stdin = b"" if sys.stdin is None or sys.stdin.isatty() else sys.stdin.buffer.read()
    try:
        # The program's files live in a jail rooted where the user runs it, as a shell's cwd.
        res = emulator.run(data, [shown] + argv[1:], stdin=stdin, timeout=timeout or 0,
                           target=target, cwd=os.getcwd())
    except emulator.ExecFormatError as e:
        print(f"bash: {shown}: {e}", file=sys.stderr)
        return 126
    sys.stdout.buffer.write(res.stdout)
    sys.stdout.flush()
    sys.stderr.buffer.write(res.stderr)
    if res.message:
        print(res.message, file=sys.stderr)
    if res.fault is not None:
        print(res.fault.render(), file=sys.stderr)
    return res.status


# ---------------------------------------------------------------------------- libc, tour

def cmd_libc(args: list[str]) -> int:
    from . import libc
    force = "--force" in args
    names = [a.split("=", 1)[1] for a in args if a.startswith("--target=")] or ["x86_64", "aarch64"]
    try:
        for n in names:
            lib = libc.build(get_target(n), force=force)
            print(f"{lib.target.name}: {lib.directory}")
    except (ToolError, ValueError) as e:
        print(str(e), file=sys.stderr)
        return 1
    return 0


def cmd_debug(args: list[str]) -> int:
    from .emulator.debugcli import debug_main
    return debug_main(args)


def cmd_tour(args: list[str]) -> int:
    from .tour import tour
    return tour(args)


TOOLS = {
    "cc": cmd_cc, "gcc": cmd_cc, "cpp": cmd_cpp, "as": cmd_as, "ld": cmd_ld,
    "objdump": cmd_objdump, "nm": cmd_nm, "readelf": cmd_readelf, "file": cmd_file,
    "run": cmd_run, "debug": cmd_debug, "libc": cmd_libc, "tour": cmd_tour,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(USAGE, end="")
        return 0 if argv else 2
    tool, rest = argv[0], argv[1:]
    fn = TOOLS.get(tool)
    if fn is None:
        print(f"ccpipeline: unknown tool '{tool}'\n\n{USAGE}", file=sys.stderr, end="")
        return 2
    try:
        return fn(rest)
    except ToolError as e:
        _report(e)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 141
    except Exception as e:   # a bug of ours: say so in one line, as gcc's ICE does
        if os.environ.get("CCPIPELINE_TRACEBACK"):
            raise
        print(f"ccpipeline {tool}: internal error: {type(e).__name__}: {e}\n"
              f"Please submit a full bug report, with the input that caused it "
              f"(CCPIPELINE_TRACEBACK=1 shows where it happened).", file=sys.stderr)
        return 4


if __name__ == "__main__":
    sys.exit(main())
