"""AArch64: `svc #0` (number in x8; arguments in x0-x5; result in x0), exceptions as Linux
turns them into signals, the generic `struct stat`, and AT_HWCAP from the ID registers.

Unicorn reports `svc` as interrupt 2 with the PC already past it. Integer division by
zero does not trap on AArch64 (sdiv/udiv give 0), so there is no SIGFPE here. The thread
pointer is TPIDR_EL0, which user code writes itself: no syscall needed."""
from __future__ import annotations

import struct
from functools import lru_cache

import capstone
from unicorn import UC_ARCH_ARM64, UC_HOOK_INTR, UC_MODE_ARM, Uc
from unicorn import arm64_const as A

from ...target import AARCH64
from .. import signals

REGISTERS = [(f"x{i}", getattr(A, f"UC_ARM64_REG_X{i}")) for i in range(29)] + [
    ("fp", A.UC_ARM64_REG_X29), ("lr", A.UC_ARM64_REG_X30), ("sp", A.UC_ARM64_REG_SP),
    ("pc", A.UC_ARM64_REG_PC), ("nzcv", A.UC_ARM64_REG_NZCV),
    ("tpidr_el0", A.UC_ARM64_REG_TPIDR_EL0),
]
_ARGS = tuple(getattr(A, f"UC_ARM64_REG_X{i}") for i in range(6))

# QEMU's exception numbers, as unicorn hands them to UC_HOOK_INTR
EXCP_UDEF, EXCP_SWI, EXCP_BKPT = 1, 2, 7
_EXCEPTIONS = {
    EXCP_UDEF: (signals.SIGILL, "undefined instruction"),
    EXCP_BKPT: (signals.SIGTRAP, "breakpoint (brk)"),
}


# File-system calls the jail serves that toolchain/target.py does not list (asm-generic/unistd.h)


class AArch64Arch:
    target = AARCH64
    O_DIRECTORY, O_NOFOLLOW = 0o40000, 0o100000     # arch/arm64/include/uapi/asm/fcntl.h
    platform = b"aarch64"
    stack_top = 1 << 48             # TASK_SIZE_64 with 48-bit virtual addresses, no ASLR
    registers = REGISTERS
    pc_name, sp_name = "pc", "sp"

    def new_cpu(self) -> Uc:
        return Uc(UC_ARCH_ARM64, UC_MODE_ARM)

    def start(self, uc: Uc, entry: int, sp: int):
        for _, reg in REGISTERS:
            uc.reg_write(reg, 0)
        uc.reg_write(A.UC_ARM64_REG_SP, sp)
        uc.reg_write(A.UC_ARM64_REG_PC, entry)

    def hwcap(self):
        return _hwcap(), 0

    def install_hooks(self, uc: Uc, regs, on_syscall, on_exception):
        def intr_hook(uc, intno, _):
            if intno == EXCP_SWI:
                on_syscall()
                return
            signo, kind = _EXCEPTIONS.get(intno, (signals.SIGILL, f"exception {intno}"))
            on_exception(signo, kind, uc.reg_read(A.UC_ARM64_REG_PC))

        return [uc.hook_add(UC_HOOK_INTR, intr_hook)]

    COMPAT_SYSCALLS: dict = {}   # no 32-bit syscall ABI reachable from AArch64 here

    def syscall_args(self, regs, compat=False):
        return regs.read(A.UC_ARM64_REG_X8), tuple(regs.read(r) for r in _ARGS)

    def syscall_return(self, regs, value: int):
        regs.write(A.UC_ARM64_REG_X0, value)

    def silent_stop(self, uc: Uc, read_code):
        return None

    def disassembler(self) -> capstone.Cs:
        return capstone.Cs(capstone.CS_ARCH_ARM64, capstone.CS_MODE_ARM)

    @staticmethod
    def pack_stat(st: dict) -> bytes:
        # include/uapi/asm-generic/stat.h
        return struct.pack(
            "<QQIIIIQQqiiqqQqQqQII", st["dev"], st["ino"], st["mode"], st["nlink"], st["uid"],
            st["gid"], st["rdev"], 0, st["size"], st["blksize"], 0, st["blocks"],
            st["atime"], 0, st["mtime"], 0, st["ctime"], 0, 0, 0)


# HWCAP bits (arch/arm64/include/uapi/asm/hwcap.h)
HWCAP_FP, HWCAP_ASIMD, HWCAP_EVTSTRM, HWCAP_AES, HWCAP_PMULL = 1 << 0, 1 << 1, 1 << 2, 1 << 3, 1 << 4
HWCAP_SHA1, HWCAP_SHA2, HWCAP_CRC32, HWCAP_ATOMICS = 1 << 5, 1 << 6, 1 << 7, 1 << 8
HWCAP_FPHP, HWCAP_ASIMDHP, HWCAP_CPUID, HWCAP_ASIMDRDM = 1 << 9, 1 << 10, 1 << 11, 1 << 12
HWCAP_SHA512 = 1 << 21


@lru_cache(maxsize=1)
def _hwcap() -> int:
    """Derive AT_HWCAP from the emulated CPU's ID registers, as the kernel's cpufeature
    code does from the real ones."""
    uc = Uc(UC_ARCH_ARM64, UC_MODE_ARM)
    uc.mem_map(0x1000, 0x1000, 7)
    # mrs x0, id_aa64isar0_el1 ; mrs x1, id_aa64pfr0_el1
    uc.mem_write(0x1000, struct.pack("<II", 0xD5380600, 0xD5380401))
    uc.emu_start(0x1000, 0x1008)
    isar0, pfr0 = uc.reg_read(A.UC_ARM64_REG_X0), uc.reg_read(A.UC_ARM64_REG_X1)

    def field(reg, shift):
        return (reg >> shift) & 0xF

    caps = HWCAP_EVTSTRM | HWCAP_CPUID   # always set by the kernel
    fp, simd = field(pfr0, 16), field(pfr0, 20)
    if fp != 0xF:
        caps |= HWCAP_FP | (HWCAP_FPHP if fp >= 1 else 0)
    if simd != 0xF:
        caps |= HWCAP_ASIMD | (HWCAP_ASIMDHP if simd >= 1 else 0)
    aes = field(isar0, 4)
    caps |= (HWCAP_AES if aes >= 1 else 0) | (HWCAP_PMULL if aes >= 2 else 0)
    caps |= HWCAP_SHA1 if field(isar0, 8) >= 1 else 0
    sha2 = field(isar0, 12)
    caps |= (HWCAP_SHA2 if sha2 >= 1 else 0) | (HWCAP_SHA512 if sha2 >= 2 else 0)
    caps |= HWCAP_CRC32 if field(isar0, 16) >= 1 else 0
    caps |= HWCAP_ATOMICS if field(isar0, 20) >= 2 else 0
    caps |= HWCAP_ASIMDRDM if field(isar0, 28) >= 1 else 0
    return caps
