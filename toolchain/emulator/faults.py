"""What went wrong when a program dies of a signal: the kind of fault, the address it
touched, the instruction and where it is in the program and in the C source, and the
registers at that moment."""
from __future__ import annotations

from dataclasses import dataclass, field

from unicorn import unicorn_const as U

from . import signals

# unicorn's error codes for a failed emu_start -> (signal, kind, access)
UC_ERRORS = {
    U.UC_ERR_READ_UNMAPPED: (signals.SIGSEGV, "read from unmapped address", "read"),
    U.UC_ERR_WRITE_UNMAPPED: (signals.SIGSEGV, "write to unmapped address", "write"),
    U.UC_ERR_FETCH_UNMAPPED: (signals.SIGSEGV, "jump to unmapped address", "execute"),
    U.UC_ERR_READ_PROT: (signals.SIGSEGV, "read from unreadable memory", "read"),
    U.UC_ERR_WRITE_PROT: (signals.SIGSEGV, "write to read-only memory", "write"),
    U.UC_ERR_FETCH_PROT: (signals.SIGSEGV, "execute from non-executable memory", "execute"),
    U.UC_ERR_READ_UNALIGNED: (signals.SIGBUS, "misaligned read", "read"),
    U.UC_ERR_WRITE_UNALIGNED: (signals.SIGBUS, "misaligned write", "write"),
    U.UC_ERR_FETCH_UNALIGNED: (signals.SIGBUS, "misaligned instruction fetch", "execute"),
    U.UC_ERR_INSN_INVALID: (signals.SIGILL, "invalid instruction", None),
    U.UC_ERR_EXCEPTION: (signals.SIGILL, "unhandled CPU exception", None),
}

# UC_HOOK_MEM_INVALID access codes -> what was attempted
MEM_ACCESS = {
    U.UC_MEM_READ_UNMAPPED: "read", U.UC_MEM_READ_PROT: "read",
    U.UC_MEM_WRITE_UNMAPPED: "write", U.UC_MEM_WRITE_PROT: "write",
    U.UC_MEM_FETCH_UNMAPPED: "execute", U.UC_MEM_FETCH_PROT: "execute",
}


@dataclass
class FaultReport:
    signal: str                      # "SIGSEGV"
    kind: str                        # "write to unmapped address"
    pc: int
    address: int | None = None       # the data address touched, for memory faults
    access: str | None = None        # "read" | "write" | "execute"
    instruction: str | None = None   # "movl $1, (%rax)"
    function: str | None = None      # "main+0x8"
    file: str | None = None
    line: int | None = None
    registers: dict = field(default_factory=dict)
    arch: str = ""

    @property
    def source(self) -> str | None:
        return f"{self.file}:{self.line}" if self.file and self.line else None

    def render(self) -> str:
        message = signals.shell_message(signals.NUMBERS.get(self.signal, 0)) or self.signal
        out = [f"Program received signal {self.signal}, {message}."]
        what = self.kind
        if self.address is not None:
            what += f" 0x{self.address:x}" if "address" in self.kind else f" (address 0x{self.address:x})"
        out.append(f"  {what}")
        where = f"  at 0x{self.pc:x}"
        if self.function:
            where += f" <{self.function}>"
        if self.instruction:
            where += f": {self.instruction}"
        out.append(where)
        if self.source:
            out.append(f"  in {self.source}")
        if self.registers:
            out.append("registers:")
            items = list(self.registers.items())
            for i in range(0, len(items), 3):
                out.append("  " + "  ".join(f"{name:>7} 0x{value:016x}" for name, value in items[i:i + 3]))
        return "\n".join(out)

    def __str__(self) -> str:
        return self.render()


def build_report(machine, signo: int, kind: str, pc: int, address=None, access=None) -> FaultReport:
    uc, arch = machine.uc, machine.arch
    registers = {}
    for name, reg in arch.registers:
        try:
            registers[name] = uc.reg_read(reg)
        except Exception:      # a register this unicorn build cannot read: leave it out
            continue
    report = FaultReport(signal=signals.name(signo), kind=kind, pc=pc, address=address,
                         access=access, registers=registers, arch=arch.target.name)
    code = machine.read_code(pc, 16)
    if code:
        for insn in machine.disassembler.disasm(code, pc, 1):
            report.instruction = f"{insn.mnemonic} {insn.op_str}".strip()
    debug = machine.debug_info
    report.function = debug.describe(pc)
    row = debug.line_for(pc)
    if row is not None:
        report.file, report.line = row.file, row.line
    return report
