"""x86-64: the `syscall` instruction (number in rax; arguments in rdi, rsi, rdx, r10, r8,
r9; result in rax; rcx and r11 clobbered), CPU exceptions as Linux turns them into
signals, the x86-64 `struct stat`, and arch_prctl for the thread pointer (%fs)."""
from __future__ import annotations

import struct
from functools import lru_cache

import capstone
from unicorn import UC_ARCH_X86, UC_HOOK_INSN, UC_HOOK_INTR, UC_MODE_64, Uc
from unicorn import x86_const as X

from ...target import X86_64
from .. import signals

REGISTERS = [
    ("rax", X.UC_X86_REG_RAX), ("rbx", X.UC_X86_REG_RBX), ("rcx", X.UC_X86_REG_RCX),
    ("rdx", X.UC_X86_REG_RDX), ("rsi", X.UC_X86_REG_RSI), ("rdi", X.UC_X86_REG_RDI),
    ("rbp", X.UC_X86_REG_RBP), ("rsp", X.UC_X86_REG_RSP), ("r8", X.UC_X86_REG_R8),
    ("r9", X.UC_X86_REG_R9), ("r10", X.UC_X86_REG_R10), ("r11", X.UC_X86_REG_R11),
    ("r12", X.UC_X86_REG_R12), ("r13", X.UC_X86_REG_R13), ("r14", X.UC_X86_REG_R14),
    ("r15", X.UC_X86_REG_R15), ("rip", X.UC_X86_REG_RIP), ("eflags", X.UC_X86_REG_EFLAGS),
    ("fs_base", X.UC_X86_REG_FS_BASE), ("gs_base", X.UC_X86_REG_GS_BASE),
]
_ARGS = (X.UC_X86_REG_RDI, X.UC_X86_REG_RSI, X.UC_X86_REG_RDX, X.UC_X86_REG_R10,
         X.UC_X86_REG_R8, X.UC_X86_REG_R9)

_COMPAT_ARGS = (X.UC_X86_REG_RBX, X.UC_X86_REG_RCX, X.UC_X86_REG_RDX, X.UC_X86_REG_RSI,
                X.UC_X86_REG_RDI, X.UC_X86_REG_RBP)
# The i386 calls whose arguments mean the same as in the 64-bit ABI (arch/x86/entry/
# syscalls/syscall_32.tbl); others would need 32-bit structure layouts.
COMPAT_SYSCALLS = {1: "exit", 3: "read", 4: "write", 6: "close", 20: "getpid", 45: "brk",
                   54: "ioctl", 252: "exit_group"}

ARCH_SET_GS, ARCH_SET_FS, ARCH_GET_FS, ARCH_GET_GS = 0x1001, 0x1002, 0x1003, 0x1004
EINVAL, EPERM = 22, 1

# CPU exception vectors and the signal Linux's trap handlers send for each
# (arch/x86/kernel/traps.c). A software `int n` for any other vector is a #GP.
_VECTORS = {
    0: (signals.SIGFPE, "integer divide error"),
    1: (signals.SIGTRAP, "debug trap"),
    3: (signals.SIGTRAP, "breakpoint (int3)"),
    4: (signals.SIGSEGV, "overflow (into)"),
    5: (signals.SIGSEGV, "bound range exceeded"),
    6: (signals.SIGILL, "invalid opcode"),
    7: (signals.SIGSEGV, "device not available"),
    13: (signals.SIGSEGV, "general protection fault"),
    16: (signals.SIGFPE, "x87 floating-point exception"),
    17: (signals.SIGBUS, "alignment check"),
    19: (signals.SIGFPE, "SIMD floating-point exception"),
}


# File-system calls the jail serves that toolchain/target.py does not list (asm/unistd_64.h)


class X86_64Arch:
    target = X86_64
    O_DIRECTORY, O_NOFOLLOW = 0o200000, 0o400000   # asm-generic/fcntl.h defaults
    platform = b"x86_64"
    stack_top = 0x7FFFFFFFF000      # TASK_SIZE_MAX with 4-level page tables, no ASLR
    registers = REGISTERS
    pc_name, sp_name = "rip", "rsp"
    COMPAT_SYSCALLS = COMPAT_SYSCALLS

    def new_cpu(self) -> Uc:
        return Uc(UC_ARCH_X86, UC_MODE_64)

    def start(self, uc: Uc, entry: int, sp: int):
        """Registers as start_thread leaves them: all zero but rsp, rip and IF in rflags;
        x87 and SSE control words at their power-on (FNINIT / MXCSR) defaults."""
        for _, reg in REGISTERS:
            uc.reg_write(reg, 0)
        uc.reg_write(X.UC_X86_REG_RSP, sp)
        uc.reg_write(X.UC_X86_REG_RIP, entry)
        uc.reg_write(X.UC_X86_REG_EFLAGS, 0x202)
        uc.reg_write(X.UC_X86_REG_FPCW, 0x37F)
        uc.reg_write(X.UC_X86_REG_MXCSR, 0x1F80)

    def hwcap(self):
        # AT_HWCAP is CPUID.1:EDX; AT_HWCAP2 bit 1 says the kernel enabled FSGSBASE
        return _cpuid1_edx(), 0x2

    def install_hooks(self, uc: Uc, regs, on_syscall, on_exception):
        def syscall_hook(uc, _):
            # unicorn leaves rip on the syscall instruction; the CPU would set rcx to the
            # return address and r11 to rflags, and user code may see that
            regs.write(X.UC_X86_REG_RCX, regs.read(X.UC_X86_REG_RIP) + 2)
            regs.write(X.UC_X86_REG_R11, regs.read(X.UC_X86_REG_EFLAGS))
            on_syscall()

        def intr_hook(uc, intno, _):
            if intno == 0x80:
                on_syscall(compat=True)
                return
            signo, kind = _VECTORS.get(intno, (signals.SIGSEGV, "general protection fault"))
            rip = uc.reg_read(X.UC_X86_REG_RIP)
            if intno == 3 and bytes(uc.mem_read(rip - 1, 1)) == b"\xcc":
                rip -= 1    # a trap leaves rip after int3; the report shows the int3 itself
            on_exception(signo, kind, rip)

        return [uc.hook_add(UC_HOOK_INSN, syscall_hook, None, 1, 0, X.UC_X86_INS_SYSCALL),
                uc.hook_add(UC_HOOK_INTR, intr_hook)]

    def syscall_args(self, regs, compat=False):
        if compat:
            # `int $0x80` from 64-bit code is the i386 ABI: eax, then ebx, ecx, edx, esi,
            # edi, ebp, all 32 bits wide (so pointers above 4 GiB arrive truncated)
            nr = regs.read(X.UC_X86_REG_RAX) & 0xFFFFFFFF
            return nr, tuple(regs.read(r) & 0xFFFFFFFF for r in _COMPAT_ARGS)
        return regs.read(X.UC_X86_REG_RAX), tuple(regs.read(r) for r in _ARGS)

    def syscall_return(self, regs, value: int):
        regs.write(X.UC_X86_REG_RAX, value)

    def silent_stop(self, uc: Uc, read_code):
        """Unicorn ends emulation quietly on `hlt`, which is privileged: Linux sends SIGSEGV."""
        rip = uc.reg_read(X.UC_X86_REG_RIP)
        if read_code(rip - 1, 1) == b"\xf4":
            return signals.SIGSEGV, "general protection fault (hlt is privileged)", rip - 1
        return None

    def disassembler(self) -> capstone.Cs:
        md = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)
        md.syntax = capstone.CS_OPT_SYNTAX_ATT
        return md

    # -- arch-specific system calls ------------------------------------------------------
    def sys_arch_prctl(self, kernel, code, addr, *_):
        uc = kernel.space.uc
        if code in (ARCH_SET_FS, ARCH_SET_GS):
            if addr >= 1 << 47:
                return -EPERM
            uc.reg_write(X.UC_X86_REG_FS_BASE if code == ARCH_SET_FS else X.UC_X86_REG_GS_BASE, addr)
            return 0
        if code in (ARCH_GET_FS, ARCH_GET_GS):
            base = uc.reg_read(X.UC_X86_REG_FS_BASE if code == ARCH_GET_FS else X.UC_X86_REG_GS_BASE)
            kernel.space.write(addr, struct.pack("<Q", base))
            return 0
        return -EINVAL

    @staticmethod
    def pack_stat(st: dict) -> bytes:
        return struct.pack(
            "<QQQIIIIQqqqqqqqqq24x", st["dev"], st["ino"], st["nlink"], st["mode"], st["uid"],
            st["gid"], 0, st["rdev"], st["size"], st["blksize"], st["blocks"],
            st["atime"], 0, st["mtime"], 0, st["ctime"], 0)


@lru_cache(maxsize=1)
def _cpuid1_edx() -> int:
    """Ask the emulated CPU itself, as the kernel asks the real one."""
    uc = Uc(UC_ARCH_X86, UC_MODE_64)
    uc.mem_map(0x1000, 0x1000, 7)
    uc.mem_write(0x1000, b"\x0f\xa2")           # cpuid
    uc.reg_write(X.UC_X86_REG_RAX, 1)
    uc.emu_start(0x1000, 0x1002)
    return uc.reg_read(X.UC_X86_REG_EDX)
