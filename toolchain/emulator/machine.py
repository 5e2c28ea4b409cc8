"""A Linux process in unicorn: load the ELF, build the initial stack, run until the program
exits, dies of a signal or hits a limit.

Run mode has no per-instruction Python: the only hooks are the syscall instruction, CPU
exceptions and invalid memory accesses, all of which cost nothing until they happen. The
wall-time limit is a timer that stops the CPU.

`run(count_instructions=True)` also counts the instructions executed, with one Python
callback per translated-block execution (UC_HOOK_BLOCK) that adds the block's instruction
count (capstone, once per block address). A run that ends inside a block (a fault, the
exit system call, a limit) does not count the instructions after the pc where it stopped;
a faulting instruction itself is not counted, as it never completed.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Mapping

from unicorn import UC_HOOK_BLOCK, UC_HOOK_MEM_INVALID, UcError

from ..target import Target, get_target
from . import loader, signals, stack
from .arch import for_target
from .debuginfo import DebugInfo
from .faults import MEM_ACCESS, UC_ERRORS, FaultReport, build_report
from .linux import HOME, Linux
from .memory import AddressSpace
from .registers import Registers
from .result import RunResult

DEFAULT_ENV = (f"HOME={HOME}", "LANG=C.UTF-8", "LOGNAME=user",
               "PATH=/usr/local/bin:/usr/bin:/bin", "PWD=/", "SHELL=/bin/sh", "USER=user")
DEFAULT_ARGV0 = "./a.out"
MMAP_GAP = 128 << 20     # Linux keeps at least this much between mmap_base and the stack top
# emu_start needs an address to stop at; nothing lives here on either target
_NEVER = 0xFFFF_FFFF_FFFF_F000


class Machine:
    """One process: memory, CPU, kernel state. `run()` runs it to the end.

    `cwd` is the host directory the process sees as its file system (the jail; default:
    this process's working directory)."""

    def __init__(self, elf: bytes, argv=None, *, stdin: bytes = b"", env=None, target=None,
                 cwd=None):
        wanted = get_target(target) if target is not None else None
        self.image = loader.parse(elf, wanted)
        self.target: Target = self.image.target
        self.arch = for_target(self.target)
        self.uc = self.arch.new_cpu()
        self.regs = Registers(self.uc)
        self.space = AddressSpace(self.uc)
        loader.map_image(self.space, self.image)

        args = _strings(argv if argv is not None else [DEFAULT_ARGV0]) or [b""]
        envp = _strings(env if env is not None else DEFAULT_ENV)
        execfn = args[0] or DEFAULT_ARGV0.encode()
        hwcap, hwcap2 = self.arch.hwcap()
        try:
            self.initial_stack = stack.build(
                self.space, self.arch.stack_top, self.image, args, envp, execfn,
                hwcap, hwcap2, self.arch.platform)
        except stack.ArgumentListTooLong:
            raise loader.ExecFormatError("Argument list too long") from None
        self.kernel = Linux(self.target, self.arch, self.space, stdin=bytes(stdin or b""),
                            brk=self.image.brk, execfn=execfn.decode("utf-8", "surrogateescape"),
                            mmap_top=self.arch.stack_top - MMAP_GAP, cwd=cwd)
        self.arch.start(self.uc, self.image.entry, self.initial_stack.sp)

        self._pending = None          # a CPU exception seen by a hook: (signo, kind, pc)
        self._bad_access = None       # the last invalid memory access: (access, address)
        self._hook_error = None
        self._timed_out = False
        self._debug_info = None
        self._disassembler = None
        self.before_syscall = None    # the debugger's callback, called before each syscall
        self.result: RunResult | None = None
        self.elapsed = 0.0
        self.arch.install_hooks(self.uc, self.regs, self._on_syscall, self._on_exception)
        self.uc.hook_add(UC_HOOK_MEM_INVALID, self._on_bad_memory)

    # -- what the debugger and the fault report read -------------------------------------
    @property
    def pc(self) -> int:
        return self.regs.read(self.target.pc_reg)

    @property
    def debug_info(self) -> DebugInfo:
        if self._debug_info is None:
            self._debug_info = DebugInfo(self.image.elf, self.image.load_bias)
        return self._debug_info

    @property
    def disassembler(self):
        if self._disassembler is None:
            self._disassembler = self.arch.disassembler()
        return self._disassembler

    def registers(self) -> dict:
        return {name: self.uc.reg_read(reg) for name, reg in self.arch.registers}

    def read_code(self, addr: int, size: int) -> bytes:
        """Bytes at addr, as many of the `size` as are mapped (empty if none)."""
        n = size
        while n > 0 and not self.space.covered(addr, addr + n):
            n -= 1
        return bytes(self.uc.mem_read(addr, n)) if n else b""

    # -- running -------------------------------------------------------------------------
    def run(self, timeout: float | None = 10.0, output_limit: int = 1 << 20, *,
            count_instructions: bool = False, count_budget: float | None = 1.0) -> RunResult:
        """Run to the end (exit, signal, or a limit). `timeout` 0 or None: no time limit.
        `count_instructions`: also count the instructions executed (RunResult.instructions),
        at the cost of a Python call per executed block (~8x slower on tight loops). So
        that a long program still runs at the emulator's own speed, counting stops after
        `count_budget` seconds (None: never): the run goes on without the hook and
        RunResult.instructions_partial says the count is a lower bound."""
        if self.result is not None:
            return self.result
        self.kernel.output_limit = output_limit
        counter = _BlockCounter(self, count_budget) if count_instructions else None
        started = time.perf_counter()
        partial = False
        try:
            error = self.resume(timeout=timeout)
            if (counter is not None and counter.over_budget and error is None
                    and not self._timed_out and self._pending is None and not self.kernel.stopped):
                counter.remove()
                partial, counted = True, counter.count
                left = timeout - (time.perf_counter() - started) if timeout else None
                error = self.resume(timeout=max(left, 1e-3) if left is not None else None)
        finally:
            if counter is not None and not partial:
                counter.remove()
        self.result = self.outcome(error, timeout, output_limit)
        if counter is not None:
            faulted = self._pending is not None or self.result.fault is not None
            self.result.instructions = counted if partial else counter.total(self.pc, faulted)
            self.result.instructions_partial = partial
        self.kernel.release()
        return self.result

    def resume(self, until: int = _NEVER, count: int = 0, timeout: float | None = None):
        """Run from the current pc until `until` is reached, `count` instructions have run,
        a hook stops the CPU or the time limit passes. Returns unicorn's error, if any."""
        kernel = self.kernel
        start = time.perf_counter()
        kernel.deadline = start + timeout if timeout else None
        error = None
        self._timed_out = False
        self._pending = None
        self._bad_access = None
        # The time limit is a watchdog thread calling emu_stop, not emu_start(timeout=...):
        # unicorn's own timeout polls every few microseconds from a second thread, which
        # measured 15-20% slower on a loop-heavy program; the Python binding releases the
        # GIL inside emu_start, so the watchdog sleeps for free until the deadline.
        done = threading.Event() if timeout else None
        if timeout:
            threading.Thread(target=self._watchdog, args=(timeout, done), daemon=True).start()
        try:
            self.uc.emu_start(self.pc, until, count=count)
        except UcError as e:
            error = e
        finally:
            if done is not None:
                done.set()
        self.elapsed += time.perf_counter() - start
        if self._hook_error is not None:
            e, self._hook_error = self._hook_error, None
            raise e
        return error

    def outcome(self, error, timeout, output_limit, final: bool = True) -> RunResult | None:
        """How the process ended after `resume`; with final=False, None when nothing ended
        it (a breakpoint, `until` or `count` stopped it)."""
        kernel = self.kernel
        if kernel.exit_status is not None:
            return self._result(kernel.exit_status)
        if kernel.term_signal is not None:
            return self._killed(kernel.term_signal, None)
        if self._pending is not None:
            signo, kind, pc = self._pending
            return self._killed(signo, build_report(self, signo, kind, pc))
        if error is not None:
            return self._killed(*self._fault_from_error(error))
        if kernel.output_exceeded:
            return self._result(124, limit="output",
                                message=f"Output limit exceeded ({output_limit} bytes)")
        if self._timed_out:
            return self._result(124, limit="time", message=f"Time limit exceeded ({timeout:g} s)")
        if not final:
            return None
        pc = self.pc
        silent = self.arch.silent_stop(self.uc, self.read_code)
        if silent is not None:
            signo, kind, at = silent
            return self._killed(signo, build_report(self, signo, kind, at))
        if pc == _NEVER:
            return self._killed(signals.SIGSEGV, build_report(
                self, signals.SIGSEGV, "jump to unmapped address", pc, pc, "execute"))
        return self._killed(signals.SIGILL, build_report(
            self, signals.SIGILL, "emulation stopped for no known reason", pc))

    def _fault_from_error(self, error: UcError):
        signo, kind, access = UC_ERRORS.get(
            error.errno, (signals.SIGSEGV, f"emulator error: {error}", None))
        pc, address = self.pc, None
        if self._bad_access is not None and access is not None:
            access, address = self._bad_access
        return signo, build_report(self, signo, kind, pc, address, access)

    def _killed(self, signo: int, fault: FaultReport | None) -> RunResult:
        return self._result(128 + signo, signal=signals.name(signo), fault=fault,
                            message=signals.shell_message(signo))

    def _result(self, status, **extra) -> RunResult:
        k = self.kernel
        return RunResult(stdout=bytes(k.stdout.out), stderr=bytes(k.stderr.out), status=status,
                         unknown_syscalls=list(k.unknown), elapsed=self.elapsed, **extra)

    # -- hooks ---------------------------------------------------------------------------
    def _on_syscall(self, compat=False):
        try:
            if self.before_syscall is not None:
                self.before_syscall()
            nr, args = self.arch.syscall_args(self.regs, compat)
            value = self.kernel.syscall(nr, args, compat)
            if self.kernel.stopped:
                self.uc.emu_stop()
            else:
                self.arch.syscall_return(self.regs, value)
        except Exception as e:   # a bug on our side: stop and re-raise outside unicorn
            self._hook_error = e
            self.uc.emu_stop()

    def _watchdog(self, timeout, done: threading.Event):
        if done.wait(timeout):
            return
        self._timed_out = True
        # emu_start clears any earlier stop request when it begins, so keep asking until
        # the run has really ended
        while not done.is_set():
            self.uc.emu_stop()
            done.wait(0.01)

    def _on_exception(self, signo, kind, pc):
        self._pending = (signo, kind, pc)
        self.uc.emu_stop()

    def _on_bad_memory(self, uc, access, address, size, value, user_data):
        self._bad_access = (MEM_ACCESS.get(access), address)
        return False


def run(elf: bytes, argv=None, *, stdin: bytes = b"", env=None, timeout: float | None = 10.0,
        output_limit: int = 1 << 20, target=None, cwd=None,
        count_instructions: bool = False, count_budget: float | None = 1.0) -> RunResult:
    """Run a static Linux executable like a shell would, and say how it ended.
    `timeout` in seconds (0 or None: no limit); `cwd`: the file jail's root;
    `count_instructions`: fill in RunResult.instructions, for at most `count_budget`
    seconds of running (slower: see Machine.run)."""
    machine = Machine(elf, argv, stdin=stdin, env=env, target=target, cwd=cwd)
    return machine.run(timeout=timeout, output_limit=output_limit,
                       count_instructions=count_instructions, count_budget=count_budget)


class _BlockCounter:
    """Counts executed instructions a block at a time: UC_HOOK_BLOCK gives each block's
    address and size on entry; capstone says, once per address, where its instructions
    start. The last block entered is kept, so a run that stopped inside it can take back
    the instructions it never reached."""

    CHECK_EVERY = 1 << 16   # blocks between looks at the clock

    def __init__(self, machine: Machine, budget: float | None = None):
        self.machine = machine
        self.starts: dict[int, tuple] = {}     # block address -> instruction addresses
        self.count = 0
        self.last = None                       # (address, size) of the last block entered
        self.blocks = 0
        self.deadline = time.perf_counter() + budget if budget else None
        self.over_budget = False
        self.handle = machine.uc.hook_add(UC_HOOK_BLOCK, self._on_block)

    def _on_block(self, uc, address, size, user_data):
        self.blocks += 1
        if (self.deadline is not None and self.blocks % self.CHECK_EVERY == 0
                and time.perf_counter() > self.deadline):
            # not counted: the count stays a lower bound whether or not unicorn still runs it
            self.over_budget = True
            uc.emu_stop()
            return
        starts = self.starts.get(address)
        if starts is None or starts[-1] >= address + size:
            starts = self._decode(address, size)
        self.count += len(starts)
        self.last = (address, size)

    def _decode(self, address, size):
        code = self.machine.read_code(address, size)
        starts, end = [], address
        for a, n, _, _ in self.machine.disassembler.disasm_lite(code, address):
            starts.append(a)
            end = a + n
        # capstone stops at bytes it cannot decode (an undefined instruction ends the
        # block and faults there): that is one more instruction unicorn tried
        if end < address + size or not starts:
            starts.append(end)
        starts = tuple(starts)
        self.starts[address] = starts
        return starts

    def total(self, pc: int, faulted: bool) -> int:
        """The count, less the instructions of the last block at or after `pc` when the run
        stopped inside it (a faulting instruction never completed). A pc at the very start
        of the last block means it was not entered again (a stop at a block boundary),
        unless the first instruction faulted."""
        if self.last is None:
            return self.count
        address, size = self.last
        if address <= pc < address + size and (pc > address or faulted):
            return self.count - sum(1 for a in self.starts[address] if a >= pc)
        return self.count

    def remove(self):
        self.machine.uc.hook_del(self.handle)


def _strings(items) -> list[bytes]:
    if isinstance(items, Mapping):
        items = [f"{k}={v}" for k, v in items.items()]
    elif isinstance(items, (str, bytes)):
        items = [items]
    out = []
    for item in items:
        b = item if isinstance(item, bytes) else str(item).encode("utf-8", "surrogateescape")
        out.append(b.split(b"\0", 1)[0])   # a C string ends at its first NUL
    return out
