"""A step-through debugger on the emulator: breakpoints, step, next, finish, continue, and
step back, with registers, memory, the stack frame and the call stack.

How it runs, and what it costs (see ../shared/dependency-facts.md):
- `cont()` and every "run until" (stepping over a call, `finish`) run at run-mode speed:
  breakpoints are UC_HOOK_CODE hooks on exactly their address, which cost nothing until
  hit; a temporary stop is emu_start's `until`. The instruction under the pc is executed
  once before resuming, so a breakpoint we stand on does not stop us again.
- `step()` runs one instruction with emu_start(count=1) and records how to take it back:
  the CPU context before it (compressed), the old bytes of every store (a UC_HOOK_MEM_WRITE
  present only while stepping) and, for a system call, what the kernel changed (its state,
  and a journal of the memory it wrote or mapped).
- A run at full speed is recorded as one entry too: a chunked snapshot of all memory (only
  what changed since the previous snapshot costs memory) plus the kernel's state, so
  `back()` after `cont()`/`finish()` returns to where that run began.
- Writes to host files in the jail are not taken back (their offsets are).
"""
from __future__ import annotations

import ctypes
import zlib
from collections import deque
from dataclasses import dataclass, field

from unicorn import UC_HOOK_CODE, UC_HOOK_MEM_WRITE, UcError

from ..binutils import disassemble as binutils_disassemble
from . import signals, unwind
from .faults import FaultReport, build_report
from .machine import _NEVER, Machine

OUTERMOST = ("_start", "__start")
HISTORY_LIMIT = 200_000
STEPPED_LINE_LIMIT = 2_000     # instructions of one line stepped (and recorded) one by one        # instructions kept for back(), as gdb's `record full` limit


@dataclass(frozen=True)
class Location:
    file: str | None
    line: int | None
    function: str | None

    def __str__(self):
        where = self.function or "??"
        if self.file and self.line:
            where += f" at {self.file}:{self.line}"
        return where


@dataclass
class Stop:
    reason: str                      # "breakpoint", "step", "exited", "fault", "limit"
    pc: int
    location: Location
    status: int | None = None        # the exit status (or 128+signal) when it ended
    fault: FaultReport | None = None
    signal: str | None = None
    message: str = ""                # "Time limit exceeded (10 s)", "Segmentation fault"
    breakpoint: "Breakpoint | None" = None
    value: int | None = None         # finish: the return register


@dataclass
class Breakpoint:
    number: int
    address: int
    where: str
    location: Location
    hits: int = 0


@dataclass
class Frame:
    level: int
    function: str | None
    file: str | None
    line: int | None
    pc: int
    cfa: int | None = None           # the caller's stack pointer at the call


@dataclass
class Slot:
    address: int
    value: int
    notes: list = field(default_factory=list)


class Debugger:
    def __init__(self, elf_bytes: bytes, argv=None, stdin: bytes = b"", *, env=None,
                 target=None, cwd=None, timeout: float | None = 10.0,
                 output_limit: int = 1 << 20, history_limit: int = HISTORY_LIMIT):
        m = self.machine = Machine(elf_bytes, argv, stdin=stdin, env=env, target=target, cwd=cwd)
        self.uc, self.arch = m.uc, m.arch
        self.arch_name = m.target.name
        self.timeout, self.output_limit = timeout, output_limit
        m.kernel.output_limit = output_limit
        m.kernel.keep_closed = True
        m.before_syscall = self._before_syscall
        self.debug = m.debug_info
        self.breakpoints: dict[int, Breakpoint] = {}
        self._hooks: dict[int, int] = {}
        self._numbers = 0
        self._history: deque = deque(maxlen=history_limit)
        self._snapshot_prev = None
        self._ctx = self.uc.context_save()
        self._cmp = self.uc.context_save()
        self._stepping = False
        self._hit = None
        self._writes = None
        self._journal = None
        self._kernel_before = None
        self._write_hook = None
        self._last_before: bytes | None = None
        self._line_hit = False
        self.ended: Stop | None = None
        self._names = [name for name, _ in self.arch.registers]
        self._regs = dict(self.arch.registers)
        self._disasm = self.arch.disassembler()
        self.last = Stop("step", self.pc, self.location())

    # -- state ------------------------------------------------------------------------------
    @property
    def pc(self) -> int:
        return self.machine.pc

    @property
    def stdout(self) -> bytes:
        return bytes(self.machine.kernel.stdout.out)

    @property
    def stderr(self) -> bytes:
        return bytes(self.machine.kernel.stderr.out)

    def location(self, pc: int | None = None) -> Location:
        pc = self.pc if pc is None else pc
        sym = self.debug.function_at(pc)
        row = self.debug.line_for(pc)
        return Location(row.file if row else None, row.line if row else None,
                        sym.name if sym else None)

    def _reg(self, name: str) -> int:
        return self.machine.regs.read(self._regs[_alias(self.arch_name, name)])

    def registers(self) -> dict:
        return self._decode(self._read_all(self.uc))

    def _read_all(self, source) -> dict:
        out = {}
        for name, reg in self.arch.registers:
            try:
                out[name] = source.reg_read(reg)
            except UcError:
                continue
        return out

    def _decode(self, raw: dict) -> dict:
        out = {}
        for name, value in raw.items():
            out[_display_name(self.arch_name, name)] = value
        if self.arch_name == "x86_64":
            out["pc"] = out["rip"]
            fl = out.get("eflags", 0)
            out.update(CF=fl & 1, PF=fl >> 2 & 1, ZF=fl >> 6 & 1, SF=fl >> 7 & 1, OF=fl >> 11 & 1)
        else:
            f = out.get("nzcv", 0)
            out.update(N=f >> 31 & 1, Z=f >> 30 & 1, C=f >> 29 & 1, V=f >> 28 & 1)
        return out

    def changed(self) -> list[str]:
        """Names of the registers (and flags) the last step, next, ... or back changed."""
        if self._last_before is None:
            return []
        ctypes.memmove(self._cmp.context, self._last_before, len(self._last_before))
        before = self._decode(self._read_all(self._cmp))
        now = self.registers()
        return [k for k in now if before.get(k) != now[k]]

    def memory(self, addr: int, size: int) -> bytes:
        """`size` bytes at `addr`; ValueError (gdb's words) if any of them is not mapped."""
        if size < 0 or not self.machine.space.covered(addr, addr + size):
            raise ValueError(f"Cannot access memory at address 0x{addr:x}")
        return bytes(self.uc.mem_read(addr, size)) if size else b""

    def _u64(self, addr: int) -> int | None:
        try:
            return int.from_bytes(self.memory(addr, 8), "little")
        except ValueError:
            return None

    # -- breakpoints --------------------------------------------------------------------------
    def resolve(self, where) -> tuple[int, str]:
        """An address for a function name, "file.c:LINE", an address (int, "0x..", "*0x..")."""
        if isinstance(where, Breakpoint):
            return where.address, where.where
        if isinstance(where, int):
            return where, f"*0x{where:x}"
        text = str(where).strip()
        if text.startswith("*"):
            text = text[1:].strip()
        try:
            return int(text, 0), f"*{text}"
        except ValueError:
            pass
        if ":" in text:
            file, _, line = text.rpartition(":")
            if not line.isdigit():
                raise ValueError(f'Function "{text}" not defined.')
            return self._line_address(file, int(line)), text
        sym = self.debug.function(text)
        if sym is None:
            raise ValueError(f'Function "{text}" not defined.')
        body = self.debug.body_address(sym)
        return (body if body is not None else sym.address), text

    def _line_address(self, file: str, line: int) -> int:
        rows = [r for r in self.debug.rows if _same_file(r.file, file)]
        if not rows:
            raise ValueError(f'No source file named {file}.')
        later = sorted({r.line for r in rows if r.line >= line})
        if not later:
            raise ValueError(f'Line {line} out of range; "{file}" has {max(r.line for r in rows)} lines.')
        best = later[0]       # a line without code: gdb moves to the next one that has some
        addr = min(r.address for r in rows if r.line == best)
        sym = self.debug.function_at(addr)
        if sym is not None and sym.address == addr:
            body = self.debug.body_address(sym)   # the opening line: past the prologue
            if body is not None:
                addr = body
        return addr

    def break_at(self, where) -> Breakpoint:
        addr, text = self.resolve(where)
        if addr in self.breakpoints:
            return self.breakpoints[addr]
        self._numbers += 1
        bp = Breakpoint(self._numbers, addr, text, self.location(addr))
        self.breakpoints[addr] = bp
        self._hooks[addr] = self.uc.hook_add(UC_HOOK_CODE, self._on_breakpoint, None, addr, addr)
        return bp

    def delete(self, where=None) -> list[Breakpoint]:
        """Delete the breakpoint at `where` (a Breakpoint, its number as "N"/int via
        `number=`, or anything break_at takes); all of them when None."""
        if where is None:
            targets = list(self.breakpoints)
        else:
            targets = [self.resolve(where)[0]]
        gone = []
        for addr in targets:
            bp = self.breakpoints.pop(addr, None)
            if bp is None:
                continue
            self.uc.hook_del(self._hooks.pop(addr))
            gone.append(bp)
        if where is not None and not gone:
            raise ValueError(f"No breakpoint at {where}.")
        return gone

    def breakpoint_number(self, number: int) -> Breakpoint:
        for bp in self.breakpoints.values():
            if bp.number == number:
                return bp
        raise ValueError(f"No breakpoint number {number}.")

    def _on_breakpoint(self, uc, address, size, user_data):
        if self._stepping:
            return
        self._hit = address
        uc.emu_stop()

    # -- recording --------------------------------------------------------------------------
    def _save_context(self) -> bytes:
        self.uc.context_update(self._ctx)
        return bytes(self._ctx)

    def _restore_context(self, data: bytes):
        ctypes.memmove(self._ctx.context, data, len(data))
        self.uc.context_restore(self._ctx)

    def _on_write(self, uc, access, address, size, value, user_data):
        try:
            self._writes.append((address, bytes(uc.mem_read(address, size))))
        except UcError:
            pass      # the store faults; nothing to take back

    def _before_syscall(self):
        if self._writes is not None and self._kernel_before is None:
            self._kernel_before = self.machine.kernel.snapshot()
            self._journal = []
            self.machine.space.journal = self._journal

    def _recording(self, on: bool):
        if on and self._write_hook is None:
            self._write_hook = self.uc.hook_add(UC_HOOK_MEM_WRITE, self._on_write)
        elif not on and self._write_hook is not None:
            self.uc.hook_del(self._write_hook)
            self._write_hook = None

    # -- running ---------------------------------------------------------------------------
    def _check_alive(self) -> Stop | None:
        if self.ended is None:
            return None
        if self.ended.reason == "fault":
            # as gdb's `continue` after a fatal signal: the process dies of it
            sig = self.ended.fault.signal if self.ended.fault else self.ended.signal
            signo = signals.NUMBERS.get(sig, signals.SIGSEGV)
            self.ended = Stop("exited", self.ended.pc, self.ended.location, status=128 + signo,
                              signal=sig, message=signals.shell_message(signo))
        return self.ended

    def _step_one(self) -> Stop | None:
        """Execute one instruction, recorded. A Stop if the process ended or faulted."""
        m = self.machine
        pc = self.pc
        if self.arch_name == "x86_64" and m.read_code(pc, 1) == b"\xf4":
            return self._finish_stop(self._fault(signals.SIGSEGV,
                                                 "general protection fault (hlt is privileged)", pc))
        before = self._save_context()
        self._recording(True)
        self._writes, self._journal, self._kernel_before = [], None, None
        self._stepping = True
        try:
            error = m.resume(count=1)
        finally:
            self._stepping = False
            m.space.journal = None
        # the context bytes the step changed, as they were before it (a step changes a few
        # registers: a span of some dozens of bytes out of the 5-12 KB context)
        self._history.append(("insn", _span(before, self._save_context()), self._writes,
                              self._journal, self._kernel_before))
        self._writes = None
        ended = m.outcome(error, None, self.output_limit, final=False)
        if ended is not None:
            return self._finish_stop(self._from_result(ended))
        return None

    def _fast(self, until: int = _NEVER, *, first_step: bool = True) -> Stop | None:
        """Run at full speed until `until`, a breakpoint, the end, or the time limit.
        Recorded as one history entry. None when `until` was reached."""
        m = self.machine
        self._recording(False)
        before = self._save_context()
        mem = m.space.snapshot(self._snapshot_prev)
        self._snapshot_prev = mem
        self._history.append(("run", zlib.compress(before, 1), mem, m.kernel.snapshot()))
        if first_step:
            # run the instruction under the pc first: a breakpoint here must not stop us
            self._stepping = True
            try:
                error = m.resume(count=1)
            finally:
                self._stepping = False
            ended = m.outcome(error, None, self.output_limit, final=False)
            if ended is not None:
                return self._finish_stop(self._from_result(ended))
            if self.pc == until:
                return None
        self._hit = None
        try:
            error = m.resume(until=until, timeout=self.timeout)
        finally:
            # blocks translated for a full-speed run carry no instruction counting: a later
            # emu_start(count=1) would run a whole cached block (measured: it stepped
            # through an entire function). Drop them.
            self.uc.ctl_flush_tb()
        ended = m.outcome(error, self.timeout, self.output_limit, final=False)
        if ended is not None:
            if ended.limit == "time":
                return Stop("limit", self.pc, self.location(), message=ended.message)
            return self._finish_stop(self._from_result(ended))
        if self._line_hit:
            return Stop("step", self.pc, self.location())
        if self._hit is not None and self.pc == self._hit:
            bp = self.breakpoints.get(self._hit)
            if bp is not None:
                bp.hits += 1
                return Stop("breakpoint", self.pc, self.location(), breakpoint=bp)
        if self.pc == until:
            return None
        ended = m.outcome(None, None, self.output_limit, final=True)   # a silent stop (hlt)
        return self._finish_stop(self._from_result(ended))

    def _fault(self, signo, kind, pc) -> Stop:
        report = build_report(self.machine, signo, kind, pc)
        return Stop("fault", pc, self.location(pc), fault=report, signal=report.signal,
                    message=signals.shell_message(signo))

    def _from_result(self, r) -> Stop:
        pc = self.pc
        if r.fault is not None:
            return Stop("fault", r.fault.pc, self.location(r.fault.pc), fault=r.fault,
                        signal=r.signal, message=r.message)
        if r.limit is not None:
            return Stop("limit", pc, self.location(pc), status=r.status, message=r.message)
        return Stop("exited", pc, self.location(pc), status=r.status, signal=r.signal,
                    message=r.message)

    def _finish_stop(self, stop: Stop) -> Stop:
        if stop.reason in ("exited", "fault", "limit"):
            self.ended = stop
        return stop

    def _begin(self):
        self._last_before = self._save_context()

    def _done(self, stop: Stop) -> Stop:
        self.last = stop
        return stop

    # -- the commands ------------------------------------------------------------------------
    def cont(self) -> Stop:
        if (s := self._check_alive()) is not None:
            return self._done(s)
        self._begin()
        stop = self._fast()
        return self._done(stop if stop is not None else Stop("step", self.pc, self.location()))

    def step(self) -> Stop:
        """One machine instruction."""
        if (s := self._check_alive()) is not None:
            return self._done(s)
        self._begin()
        stop = self._step_one()
        return self._done(stop or Stop("step", self.pc, self.location()))

    stepi = step

    def next(self) -> Stop:
        """To the next source line, stepping over calls."""
        return self._line_step(into=False)

    def step_line(self) -> Stop:
        """To the next source line, into calls of functions that have line information."""
        return self._line_step(into=True)

    def _line_step(self, into: bool, max_steps: int = 1_000_000) -> Stop:
        if (s := self._check_alive()) is not None:
            return self._done(s)
        self._begin()
        start = self.debug.line_for(self.pc)
        start_line = (start.file, start.line) if start else None
        for count in range(max_steps):
            if count == STEPPED_LINE_LIMIT and start_line is not None:
                # a long line (a loop on one line): finish it at hook speed, as one entry
                stop = self._line_fast(into, start_line)
                if stop is not None:
                    return self._done(stop)
            pc = self.pc
            insn = self._insn(pc)
            mnem = insn.mnemonic if insn is not None else ""
            if mnem in ("call", "callq", "bl", "blr"):
                ret, sp = pc + insn.size, self._reg("sp")
                stop = self._step_one()
                if stop is not None:
                    return self._done(stop)
                if into and self.pc != ret and self.debug.line_for(self.pc) is not None:
                    sym = self.debug.function_at(self.pc)
                    body = self.debug.body_address(sym) if sym else None
                    if body is not None and sym.address == self.pc:
                        stop = self._fast(body, first_step=False)   # past the prologue
                        if stop is not None:
                            return self._done(stop)
                    return self._done(Stop("step", self.pc, self.location()))
                stop = self._run_to_return(ret, sp)
                if stop is not None:
                    return self._done(stop)
            else:
                stop = self._step_one()
                if stop is not None:
                    return self._done(stop)
            pc = self.pc
            if mnem in ("ret", "retq"):
                # back in the caller: stop there, in the middle of its line, as gdb does
                return self._done(Stop("step", pc, self.location()))
            row = self.debug.line_for(pc)
            if row is None and start_line is not None:
                continue
            if row is not None and self.debug.is_row_start(pc) and (row.file, row.line) != start_line:
                return self._done(Stop("step", pc, self.location()))
        return self._done(Stop("limit", self.pc, self.location(),
                               message=f"Stepping limit reached ({max_steps} instructions)"))

    def _line_fast(self, into: bool, start_line) -> Stop | None:
        """Run the rest of a source line with a code hook over the current function only
        (callees run at full speed); None if this is not possible here."""
        sym = self.debug.function_at(self.pc)
        frames = self.backtrace(limit=2)
        if sym is None or len(frames) < 2 or frames[0].cfa is None:
            return None
        lo = sym.address
        hi = sym.address + sym.size if sym.size else sym.section_end
        fp_reg = self._regs[_alias(self.arch_name, "fp")]
        fp_start = self._reg("fp")
        current = list(self.debug.row_range(self.pc) or (self.pc, self.pc + 1))
        debug, read = self.debug, self.machine.regs.read

        def on_code(uc, addr, size, _):
            if current[0] <= addr < current[1] or addr == lo or read(fp_reg) != fp_start:
                return
            row = debug.line_for(addr)
            if row is None:
                return
            if debug.is_row_start(addr) and (row.file, row.line) != start_line:
                self._line_hit = True
                uc.emu_stop()
                return
            current[:] = debug.row_range(addr) or (addr, addr + 1)

        def on_entry(uc, addr, size, _):
            self._line_hit = True
            uc.emu_stop()

        hooks = [self.uc.hook_add(UC_HOOK_CODE, on_code, None, lo, hi - 1)]
        if into:
            for f in self.debug.symbols:
                body = self.debug.body_address(f) if f.is_function else None
                if body is not None:
                    hooks.append(self.uc.hook_add(UC_HOOK_CODE, on_entry, None, body, body))
        ret, cfa = frames[1].pc, frames[0].cfa
        try:
            first = True
            while True:
                self._line_hit = False
                stop = self._fast(ret, first_step=first)
                if stop is not None:
                    return stop
                if self._reg("sp") >= cfa:
                    return Stop("step", self.pc, self.location())
        finally:
            self._line_hit = False
            for h in hooks:
                self.uc.hook_del(h)

    def _run_to_return(self, ret: int, sp_at_call: int) -> Stop | None:
        """Run a call at full speed until it comes back to `ret` in this frame."""
        first = False
        while True:
            stop = self._fast(ret, first_step=first)
            if stop is not None:
                return stop
            if self._reg("sp") >= sp_at_call:
                return None
            first = True     # a deeper (recursive) frame came back to ret: keep going

    def finish(self) -> Stop:
        """Run until the current function returns to its caller."""
        if (s := self._check_alive()) is not None:
            return self._done(s)
        frames = self.backtrace(limit=2)
        if len(frames) < 2 or frames[0].cfa is None:
            return self._done(Stop("step", self.pc, self.location(),
                                   message='"finish" not meaningful in the outermost frame.'))
        self._begin()
        ret, cfa = frames[1].pc, frames[0].cfa
        while True:
            stop = self._fast(ret)
            if stop is not None:
                return self._done(stop)
            if self._reg("sp") >= cfa:
                break
        value = self._reg("rax" if self.arch_name == "x86_64" else "x0")
        return self._done(Stop("step", self.pc, self.location(), value=value))

    def back(self) -> Stop:
        """Undo the last recorded instruction (or the last full-speed run)."""
        if not self._history:
            return self._done(Stop("step", self.pc, self.location(),
                                   message="No more reverse-execution history."))
        now = self._save_context()
        entry = self._history.pop()
        m = self.machine
        if entry[0] == "insn":
            _, (lo, old), writes, journal, kernel = entry
            ctx = now[:lo] + old + now[lo + len(old):]
            if journal:
                m.space.undo(journal)
            for addr, old in reversed(writes):
                self.uc.mem_write(addr, old)
            if kernel is not None:
                m.kernel.restore(kernel)
        else:
            _, packed, mem, kernel = entry
            ctx = zlib.decompress(packed)
            m.space.restore(mem)
            m.kernel.restore(kernel)
            self._snapshot_prev = None
        self._restore_context(ctx)
        self.ended = None
        m.result = None
        self._last_before = now
        return self._done(Stop("step", self.pc, self.location()))

    @property
    def history(self) -> int:
        return len(self._history)

    # -- instructions ------------------------------------------------------------------------
    def _insn(self, pc: int):
        code = self.machine.read_code(pc, 16)
        for insn in self._disasm.disasm(code, pc, 1):
            return insn
        return None

    def _insn_size(self, pc: int) -> int:
        insn = self._insn(pc)
        return insn.size if insn else 4

    def _is_call(self, pc: int) -> bool:
        insn = self._insn(pc)
        return insn is not None and insn.mnemonic in ("call", "callq", "bl", "blr")

    def disassemble(self, around: int | None = None, before: int = 4, after: int = 8) -> list[dict]:
        """Instructions around `around` (default: the pc): address, bytes, text, function,
        source line, and which one is the pc."""
        around = self.pc if around is None else around
        sym = self.debug.function_at(around)
        start = sym.address if sym is not None and around - sym.address < 0x400 else around
        insns, addr = [], start
        code = self.machine.read_code(start, around - start + 16 * (after + 1))
        # objdump's spelling, so the debugger and `objdump -d` of the same file read alike
        for insn in binutils_disassemble(code, start, self.machine.target):
            insns.append(insn)
            if insn.address >= around and len([i for i in insns if i.address > around]) >= after:
                break
        idx = next((k for k, i in enumerate(insns) if i.address == around), len(insns))
        out = []
        for insn in insns[max(0, idx - before):]:
            row = self.debug.line_for(insn.address)
            out.append(dict(address=insn.address, bytes=bytes(insn.bytes),
                            text=insn.text(self._address_text),
                            function=self.debug.describe(insn.address),
                            file=row.file if row else None, line=row.line if row else None,
                            current=insn.address == self.pc))
        return out

    def _address_text(self, addr: int) -> str:
        name = self.debug.describe(addr)
        return f"{addr:x} <{name}>" if name else f"{addr:x}"

    # -- frames ------------------------------------------------------------------------------
    def _state(self, pc: int):
        sym = self.debug.function_at(pc)
        if sym is None:
            return None, None
        return sym, unwind.frame_state(self.arch_name, self._disasm, self.machine.read_code,
                                       sym.address, self.debug.body_address(sym), pc)

    def _cfa(self) -> int | None:
        sym, state = self._state(self.pc)
        if state is None:
            return None
        return self._reg(state.cfa_reg) + state.cfa_off

    def backtrace(self, limit: int = 64) -> list[Frame]:
        """The call stack, innermost first: function, file, line, pc of each frame."""
        fp_name = "rbp" if self.arch_name == "x86_64" else "x29"
        regs = {"pc": self.pc, "sp": self._reg("sp"), "fp": self._reg(fp_name)}
        frames, prev_cfa = [], None
        for level in range(limit):
            pc = regs["pc"]
            look = pc if level == 0 else pc - 1   # a return address is after the call
            sym = self.debug.function_at(look)
            row = self.debug.line_for(look)
            frame = Frame(level, sym.name if sym else None, row.file if row else None,
                          row.line if row else None, pc)
            frames.append(frame)
            if sym is None or sym.name in OUTERMOST:
                break
            _, state = self._state(look)
            base = {"rsp": regs["sp"], "sp": regs["sp"], "rbp": regs["fp"], "x29": regs["fp"]}
            cfa = base[state.cfa_reg] + state.cfa_off
            if prev_cfa is not None and cfa <= prev_cfa:
                break
            frame.cfa = cfa
            if state.ra_at is not None:
                ra = self._u64(cfa + state.ra_at)
            else:
                ra = self._reg("lr") if level == 0 else None
            fp = self._u64(cfa + state.fp_at) if state.fp_at is not None else regs["fp"]
            if not ra or fp is None or self.debug.function_at(ra - 1) is None:
                break
            prev_cfa = cfa
            regs = {"pc": ra, "sp": cfa, "fp": fp}
        return frames

    def stack(self) -> list[Slot]:
        """The current frame's 8-byte slots, from the stack pointer up to the caller's frame
        (the CFA), annotated: stack pointer, frame pointer, saved frame pointer, return
        address, and the parameters and locals by name when .debug_info names them."""
        sp = self._reg("sp")
        fp_name = "rbp" if self.arch_name == "x86_64" else "x29"
        fp = self._reg(fp_name)
        sym, state = self._state(self.pc)
        cfa = self._reg(state.cfa_reg) + state.cfa_off if state is not None else None
        top = cfa if cfa is not None and sp <= cfa <= sp + 0x10000 else sp + 64
        top = max(top, sp + 8)
        notes: dict[int, list[str]] = {}

        def note(addr, text):
            notes.setdefault(addr & ~7, []).append(text)

        note(sp, f"<- {'rsp' if self.arch_name == 'x86_64' else 'sp'}")
        if sp <= fp < top:
            note(fp, f"<- {fp_name} (frame pointer)")
        if state is not None and cfa is not None:
            if state.fp_at is not None:
                note(cfa + state.fp_at, f"saved {fp_name} (caller's frame pointer)")
            if state.ra_at is not None:
                ra = self._u64(cfa + state.ra_at)
                where = self.debug.describe(ra) if ra else None
                note(cfa + state.ra_at, "return address" + (f" -> {where}" if where else ""))
        for var in self.variables():
            addr = var["address"]
            if addr is not None and sp - 0x200 <= addr < top:
                note(addr, f"{var['kind']} {var['type']} {var['name']}".replace("  ", " "))
        low = sp
        for addr in notes:
            if sp - 0x200 <= addr < low:     # x86-64 leaf functions use the red zone
                low = addr
        out = []
        for addr in range(low & ~7, top, 8):
            value = self._u64(addr)
            if value is None:
                break
            out.append(Slot(addr, value, notes.get(addr, [])))
        return out

    def variables(self) -> list[dict]:
        """Parameters and locals of the current function with their addresses (DWARF)."""
        variables = self.debug.frame_variables(self.pc)
        if not variables:
            return []
        sym, state = self._state(self.pc)
        cfa = self._reg(state.cfa_reg) + state.cfa_off if state is not None else None
        out = []
        for v in variables:
            base = v["frame_base"]
            if base is None:
                addr = None
            elif base[0] == "cfa":
                addr = cfa + v["offset"] if cfa is not None else None
            else:
                addr = self._dwarf_reg(base[0]) + base[1] + v["offset"]
            value = None
            if addr is not None and v["size"] in (1, 2, 4, 8):
                try:
                    value = int.from_bytes(self.memory(addr, v["size"]), "little",
                                           signed=not v["type"].startswith("unsigned") and "*" not in v["type"])
                except ValueError:
                    value = None
            out.append(dict(v, address=addr, value=value))
        return out

    def _dwarf_reg(self, n: int) -> int:
        if self.arch_name == "x86_64":
            names = ["rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp"] + [f"r{i}" for i in range(8, 16)]
            return self._reg(names[n])
        return self._reg("sp" if n == 31 else f"x{n}")


def _span(before: bytes, after: bytes) -> tuple[int, bytes]:
    """(offset, before's bytes) of the smallest span outside which the two are equal.
    Binary searches over slice comparisons (memcmp) find its ends in ~2x14 probes."""
    if before == after:
        return 0, b""
    n = len(before)
    lo, hi = 0, n              # the first difference is in [lo, hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if before[lo:mid] == after[lo:mid]:
            lo = mid
        else:
            hi = mid
    first = lo
    lo, hi = first, n          # the last difference is in [lo, hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if before[mid:hi] == after[mid:hi]:
            hi = mid
        else:
            lo = mid
    return first, before[first:lo + 1]


def _same_file(a: str, b: str) -> bool:
    return a == b or a.endswith("/" + b) or b.endswith("/" + a) or \
        a.rsplit("/", 1)[-1] == b.rsplit("/", 1)[-1]


def _alias(arch: str, name: str) -> str:
    if arch == "x86_64":
        return {"sp": "rsp", "pc": "rip", "fp": "rbp"}.get(name, name)
    return {"x29": "fp", "x30": "lr"}.get(name, name)


def _display_name(arch: str, name: str) -> str:
    if arch == "aarch64":
        return {"fp": "x29", "lr": "x30"}.get(name, name)
    return name
