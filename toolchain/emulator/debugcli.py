"""`ccpipeline debug [--target=T] [--timeout=S] FILE [ARGS...]`: the Debugger behind a
gdb-like command line. Commands are read from stdin after the `(ccdb) ` prompt; output is
shaped like gdb's where that is natural.

break/b WHERE, tbreak-less delete/d [N], run/r, continue/c, step/s, stepi/si, next/n,
finish, back/reverse-stepi/rsi, info registers/i r [NAME], info breakpoints, info frame,
x/NFU ADDR (F: x d u s i, U: b h w g), print/p $REG, bt/backtrace/where, list/l,
disassemble, stack, help, quit/q.
"""
from __future__ import annotations

import os
import re
import sys

from .debugger import Debugger, Stop
from .runargs import parse_run_args
from .loader import ExecFormatError, MissingInterpreterError

PROMPT = "(ccdb) "
HELP = __doc__.split("\n\n", 1)[1]


def debug_main(args: list[str], stdin=None, stdout=None) -> int:
    stdin = stdin if stdin is not None else sys.stdin
    out = stdout if stdout is not None else sys.stdout
    try:
        target, timeout, i = parse_run_args(args, "debug")
    except ValueError as e:
        print(e, file=sys.stderr)
        return 2
    path, argv = args[i], args[i:]
    shown = path if "/" in path else "./" + path
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        print(f"{path}: {e.strerror}.", file=sys.stderr)
        return 1
    try:
        dbg = Debugger(data, [shown] + argv[1:], b"", target=target, timeout=timeout or None)
    except MissingInterpreterError as e:
        print(f"{shown}: {e} (a dynamically linked executable needs {e.interpreter}; "
              f"link with -static)", file=sys.stderr)
        return e.status
    except ExecFormatError as e:
        if str(e) == ExecFormatError().args[0]:
            print(f'"{os.path.abspath(path)}": not in executable format: file format not recognized',
                  file=sys.stderr)
        else:
            print(f"{shown}: {e}", file=sys.stderr)
        return e.status
    return Session(dbg, out, os.path.abspath(path)).loop(stdin)


class Session:
    def __init__(self, dbg: Debugger, out, path: str):
        self.dbg, self.out, self.path = dbg, out, path
        self.started = False
        self.shown_stdout = 0
        self.shown_stderr = 0
        self.values = 0
        self.list_next = None
        self.last_command = ""

    def say(self, text: str = ""):
        self.out.write(text + "\n")

    def loop(self, stdin) -> int:
        while True:
            self.out.write(PROMPT)
            self.out.flush()
            line = stdin.readline()
            if not line:
                self.say("quit")
                break
            line = line.strip() or self.last_command
            self.last_command = line
            if not line:
                continue
            try:
                if self.command(line) == "quit":
                    break
            except ValueError as e:
                self.say(str(e))
            self.flush_program_output()
        self.out.flush()
        return 0

    def flush_program_output(self):
        stdout, stderr = self.dbg.stdout, self.dbg.stderr
        if len(stdout) > self.shown_stdout:
            self.out.write(stdout[self.shown_stdout:].decode("utf-8", "replace"))
            self.shown_stdout = len(stdout)
        if len(stderr) > self.shown_stderr:
            self.out.write(stderr[self.shown_stderr:].decode("utf-8", "replace"))
            self.shown_stderr = len(stderr)
        self.shown_stdout = min(self.shown_stdout, len(stdout))   # after back()
        self.shown_stderr = min(self.shown_stderr, len(stderr))

    # -- commands -----------------------------------------------------------------------------
    def command(self, line: str):
        m = re.match(r"(\S+?)(/\S*)?(?:\s+(.*))?$", line)
        word, fmt, arg = m.group(1), m.group(2) or "", (m.group(3) or "").strip()
        d = self.dbg
        if word in ("q", "quit", "exit"):
            return "quit"
        if word in ("h", "help"):
            self.say(HELP.rstrip())
        elif word in ("b", "br", "break"):
            bp = d.break_at(arg or d.pc)
            loc = bp.location
            text = f"Breakpoint {bp.number} at 0x{bp.address:x}"
            if loc.file and loc.line:
                text += f": file {loc.file}, line {loc.line}."
            self.say(text)
        elif word in ("d", "delete"):
            if not arg:
                d.delete()
            for n in arg.split():
                d.delete(d.breakpoint_number(int(n)) if n.isdigit() else n)
        elif word in ("r", "run", "start"):
            if self.started:
                self.say("The program being debugged has been started already.")
                return
            self.started = True
            self.say(f"Starting program: {self.path}")
            if word == "start":
                d.break_at("main")
            self.report(d.cont(), None)
        elif word in ("c", "cont", "continue"):
            self.started = True
            self.say("Continuing.")
            self.report(d.cont(), None)
        elif word in ("s", "step"):
            self.repeat(arg, lambda: self.report(d.step_line(), d.location()))
        elif word in ("n", "next"):
            self.repeat(arg, lambda: self.report(d.next(), d.location()))
        elif word in ("si", "stepi"):
            self.repeat(arg, lambda: self.report(d.step(), d.location(), instruction=True))
        elif word in ("back", "rsi", "reverse-stepi"):
            self.repeat(arg, lambda: self.report(d.back(), d.location(), instruction=True))
        elif word in ("fin", "finish"):
            frames = d.backtrace(limit=1)
            self.say("Run till exit from " + self.frame_text(frames[0]))
            stop = d.finish()
            self.report(stop, None)
            if stop.value is not None:
                self.values += 1
                value = stop.value if stop.value < 1 << 63 else stop.value - (1 << 64)
                self.say(f"Value returned is ${self.values} = {value}")
        elif word in ("i", "info"):
            self.info(arg)
        elif word in ("bt", "backtrace", "where"):
            for f in d.backtrace():
                self.say(self.frame_text(f))
        elif word in ("x",):
            self.examine(fmt, arg)
        elif word in ("p", "print"):
            regs = d.registers()
            name = arg.lstrip("$")
            if name not in regs:
                raise ValueError(f"No symbol \"{arg}\" in current context.")
            self.values += 1
            self.say(f"${self.values} = {regs[name]}")
        elif word in ("l", "list"):
            self.list(arg)
        elif word in ("disas", "disassemble"):
            for i in d.disassemble(int(arg, 0) if arg else None):
                mark = "=> " if i["current"] else "   "
                self.say(f"{mark}0x{i['address']:016x} <{i['function'] or '??'}>:\t{i['text']}")
        elif word == "stack":
            for slot in d.stack():
                self.say(f"0x{slot.address:x}:  0x{slot.value:016x}  {'; '.join(slot.notes)}".rstrip())
        else:
            raise ValueError(f'Undefined command: "{word}".  Try "help".')

    def repeat(self, arg, fn):
        for _ in range(int(arg) if arg.isdigit() else 1):
            fn()
            if self.dbg.last.reason in ("exited", "fault", "limit", "breakpoint"):
                break

    # -- how a stop is shown -----------------------------------------------------------------
    def args_text(self) -> str:
        params = [v for v in self.dbg.variables() if v["kind"] == "parameter"]
        return ", ".join(f"{v['name']}={v['value'] if v['value'] is not None else '<optimized out>'}"
                         for v in params)

    def frame_text(self, f) -> str:
        d = self.dbg
        text = f"#{f.level}  "
        if f.level > 0 or (f.line is None):
            text += f"0x{f.pc:016x} in "
        args = self.args_text() if f.level == 0 else ""
        text += f"{f.function or '??'} ({args})"
        if f.file and f.line:
            text += f" at {f.file}:{f.line}"
        return text

    def source_line(self, file, line) -> str:
        text = _read_source(file)
        if text is None:
            return f"{line}\tin {file}"
        lines = text.splitlines()
        return f"{line}\t{lines[line - 1]}" if 0 < line <= len(lines) else f"{line}\tin {file}"

    def report(self, stop: Stop, before, instruction: bool = False):
        d = self.dbg
        self.flush_program_output()
        loc = stop.location
        self.list_next = None
        if stop.message and stop.reason == "step":
            self.say(stop.message)
        if stop.reason == "exited":
            if stop.signal and stop.message and stop.status and stop.status > 128 and not stop.fault:
                self.say(f"\nProgram terminated with signal {stop.signal}, {stop.message}.")
                self.say("The program no longer exists.")
            elif stop.status == 0:
                self.say("[Inferior 1 (process 4242) exited normally]")
            else:
                self.say(f"[Inferior 1 (process 4242) exited with code {stop.status:02o}]")
            return
        if stop.reason == "limit":
            self.say(f"\nProgram stopped: {stop.message}.")
        elif stop.reason == "fault":
            self.say(f"\nProgram received signal {stop.signal}, {stop.message}.")
            if stop.fault is not None:
                self.say(stop.fault.render().split("\n", 1)[1] if "\n" in stop.fault.render() else "")
        elif stop.reason == "breakpoint" and stop.breakpoint is not None:
            self.say(f"\nBreakpoint {stop.breakpoint.number}, " + self.where(stop, full=True))
            self.show_line(stop)
            return
        changed_function = before is None or before.function != loc.function
        mid_line = loc.line is not None and not d.debug.is_row_start(stop.pc)
        if loc.line is None:
            self.say(f"0x{stop.pc:016x} in {loc.function or '??'} ()")
            return
        if changed_function:
            self.say(self.where(stop, full=True, pc=mid_line))
            self.show_line(stop)
        elif instruction and mid_line:
            self.say(f"0x{stop.pc:016x}\t" + self.source_line(loc.file, loc.line))
        else:
            self.show_line(stop)

    def where(self, stop: Stop, full: bool, pc: bool = False) -> str:
        loc = stop.location
        text = f"0x{stop.pc:016x} in " if pc else ""
        text += f"{loc.function or '??'} ({self.args_text()})"
        if loc.file and loc.line:
            text += f" at {loc.file}:{loc.line}"
        return text

    def show_line(self, stop: Stop):
        loc = stop.location
        if loc.file and loc.line:
            self.say(self.source_line(loc.file, loc.line))

    # -- info, x, list -----------------------------------------------------------------------
    def info(self, arg: str):
        d = self.dbg
        what, _, rest = arg.partition(" ")
        if what in ("r", "reg", "registers", "all-registers"):
            regs = d.registers()
            names = [n for n in regs if n not in ("pc",) and not n.isupper()] if not rest else \
                [n.lstrip("$") for n in rest.split()]
            for name in names:
                if name not in regs:
                    raise ValueError(f"Invalid register `{name}'")
                self.say(f"{name:<15}0x{regs[name]:<18x}{self.natural(name, regs)}")
        elif what in ("b", "break", "breakpoints"):
            if not d.breakpoints:
                self.say("No breakpoints or watchpoints.")
                return
            self.say("Num     Type           Disp Enb Address            What")
            for bp in sorted(d.breakpoints.values(), key=lambda b: b.number):
                loc = bp.location
                what_text = f"in {loc.function} at {loc.file}:{loc.line}" if loc.line else f"<{loc.function}>"
                self.say(f"{bp.number:<7} breakpoint     keep y   0x{bp.address:016x} {what_text}")
                if bp.hits:
                    self.say(f"\tbreakpoint already hit {bp.hits} time{'s' if bp.hits > 1 else ''}")
        elif what in ("frame", "f", "locals", "args"):
            for v in d.variables():
                if what == "args" and v["kind"] != "parameter":
                    continue
                if what == "locals" and v["kind"] != "local":
                    continue
                self.say(f"{v['name']} = {v['value']}")
            if what in ("frame", "f"):
                for slot in d.stack():
                    self.say(f"0x{slot.address:x}:  0x{slot.value:016x}  {'; '.join(slot.notes)}".rstrip())
        else:
            raise ValueError(f'Undefined info command: "{arg}".  Try "help info".')

    def natural(self, name, regs) -> str:
        value = regs[name]
        if name == "eflags":
            flags = [f for f, bit in (("CF", 0), ("PF", 2), ("AF", 4), ("ZF", 6), ("SF", 7),
                                      ("TF", 8), ("IF", 9), ("DF", 10), ("OF", 11)) if value >> bit & 1]
            return "[ " + " ".join(flags) + " ]"
        if name == "nzcv":
            return "[ " + " ".join(f for f in "NZCV" if regs[f]) + " ]"
        if name in ("rip", "pc") or name in ("x30", "lr"):
            where = self.dbg.debug.describe(value)
            return f"0x{value:x} <{where}>" if where else f"0x{value:x}"
        if name in ("rsp", "rbp", "sp", "x29"):
            return f"0x{value:x}"
        return str(value - (1 << 64) if value >= 1 << 63 else value)

    def examine(self, fmt: str, arg: str):
        d = self.dbg
        m = re.match(r"/(\d*)([xduosi]?)([bhwg]?)$", fmt or "/")
        if not m:
            raise ValueError(f"Invalid number \"{fmt[1:]}\".")
        count = int(m.group(1) or 1)
        kind = m.group(2) or "x"
        size = {"b": 1, "h": 2, "w": 4, "g": 8, "": 4}[m.group(3)]
        if not arg:
            raise ValueError("Argument required (starting display address).")
        addr = self.address(arg)
        if kind == "s":
            for _ in range(count):
                raw = b""
                while len(raw) < 4096:
                    b = d.memory(addr + len(raw), 1)
                    if b == b"\0":
                        break
                    raw += b
                self.say(f"0x{addr:x}:\t{raw.decode('latin-1')!r}".replace("'", '"', 1)[:-1] + '"')
                addr += len(raw) + 1
            return
        if kind == "i":
            for i in d.disassemble(addr, before=0, after=count - 1)[:count]:
                mark = "=> " if i["current"] else "   "
                self.say(f"{mark}0x{i['address']:x} <{i['function'] or '??'}>:\t{i['text']}")
            return
        per_line = {1: 8, 2: 8, 4: 4, 8: 2}[size]
        data = d.memory(addr, count * size)
        for row in range(0, count, per_line):
            values = []
            for k in range(row, min(count, row + per_line)):
                v = int.from_bytes(data[k * size:(k + 1) * size], "little")
                if kind == "x":
                    values.append(f"0x{v:0{size * 2}x}")
                elif kind == "o":
                    values.append(f"0{v:o}")
                elif kind == "d":
                    values.append(str(v - (1 << (8 * size)) if v >> (8 * size - 1) else v))
                else:
                    values.append(str(v))
            at = addr + row * size
            where = d.debug.describe(at)
            label = f"0x{at:x}" + (f" <{where}>" if where else "")
            self.say(f"{label}:\t" + "\t".join(values))

    def address(self, arg: str) -> int:
        arg = arg.strip()
        if arg.startswith("$"):
            regs = self.dbg.registers()
            m = re.match(r"\$(\w+)\s*([+-])?\s*(\S+)?$", arg)
            if m is None or m.group(1) not in regs:
                raise ValueError(f"No symbol \"{arg}\" in current context.")
            base = regs[m.group(1)]
            off = int(m.group(3), 0) if m.group(3) else 0
            return base - off if m.group(2) == "-" else base + off
        if arg.startswith("&"):
            arg = arg[1:]
        try:
            return int(arg, 0)
        except ValueError:
            pass
        sym = self.dbg.debug.function(arg)
        if sym is None:
            raise ValueError(f'No symbol "{arg}" in current context.')
        return sym.address

    def list(self, arg: str):
        d = self.dbg
        if arg:
            if ":" in arg:
                file, _, line = arg.rpartition(":")
                center = int(line)
            else:
                loc = d.location(d.resolve(arg)[0])
                file, center = loc.file, loc.line or 1
            first = max(center - 5, 1)
        elif self.list_next is not None:
            file, first = self.list_next
        else:
            loc = d.location()
            if loc.file is None:
                raise ValueError("No line number information available.")
            file, first = loc.file, max((loc.line or 1) - 5, 1)
        text = _read_source(file)
        if text is None:
            raise ValueError(f"{first}\tin {file}")
        lines = text.splitlines()
        if first > len(lines):
            raise ValueError(f"Line number {first} out of range; \"{file}\" has {len(lines)} lines.")
        for n in range(first, min(first + 10, len(lines) + 1)):
            self.say(f"{n}\t{lines[n - 1]}")
        self.list_next = (file, first + 10)


def _read_source(file):
    if not file:
        return None
    try:
        with open(file, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return None
