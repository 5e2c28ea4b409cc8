"""The facts every stage shares about a target architecture, in one place per architecture.

Stage-specific knowledge (instruction selection, relocation arithmetic) lives next to its
stage (`compiler/codegen/x86_64.py`, `linker/arch/aarch64.py`); what several stages need
to agree on lives here: ELF machine, word size, engine modes, syscall numbers, register
names, the GNU triple. (The macros cpp predefines per target live with the preprocessor,
in `preprocessor/predefined.py`, as code generation per target lives with the compiler.)
"""
from __future__ import annotations

from dataclasses import dataclass, field

import capstone
import keystone
import unicorn

EM_X86_64 = 62
EM_AARCH64 = 183


@dataclass(frozen=True)
class Target:
    name: str                    # "x86_64" | "aarch64"
    triple: str                  # GNU triple, as gcc -dumpmachine prints it
    elf_machine: int
    elf_machine_name: str        # as readelf -h prints it
    file_machine_name: str       # as file(1) prints it
    page_size: int
    text_base: int               # where GNU ld puts the first segment of a static ET_EXEC
    char_is_signed: bool
    wchar_is_signed: bool        # wchar_t: int on x86-64 (SysV), unsigned int on AArch64
    ks_arch: int
    ks_mode: int
    cs_arch: int
    cs_mode: int
    uc_arch: int
    uc_mode: int
    pc_reg: int                  # unicorn register ids used by more than one stage
    sp_reg: int
    syscalls: dict = field(default_factory=dict)   # name -> number

    @property
    def syscall_names(self) -> dict:
        return {n: name for name, n in self.syscalls.items()}



X86_64 = Target(
    name="x86_64",
    triple="x86_64-linux-gnu",
    elf_machine=EM_X86_64,
    elf_machine_name="Advanced Micro Devices X86-64",
    file_machine_name="x86-64",
    page_size=0x1000,
    text_base=0x400000,
    char_is_signed=True,
    wchar_is_signed=True,
    ks_arch=keystone.KS_ARCH_X86,
    ks_mode=keystone.KS_MODE_64,
    cs_arch=capstone.CS_ARCH_X86,
    cs_mode=capstone.CS_MODE_64,
    uc_arch=unicorn.UC_ARCH_X86,
    uc_mode=unicorn.UC_MODE_64,
    pc_reg=unicorn.x86_const.UC_X86_REG_RIP,
    sp_reg=unicorn.x86_const.UC_X86_REG_RSP,
    syscalls={
        "read": 0, "write": 1, "open": 2, "close": 3, "fstat": 5, "lseek": 8, "mmap": 9,
        "munmap": 11, "brk": 12, "ioctl": 16, "writev": 20, "getpid": 39, "exit": 60,
        "uname": 63, "arch_prctl": 158, "clock_gettime": 228, "exit_group": 231,
        "openat": 257,
        # what glibc's static start-up and small programs also call (asm/unistd_64.h)
        "rt_sigaction": 13, "rt_sigprocmask": 14, "mprotect": 10, "pread64": 17,
        "sched_yield": 24, "madvise": 28, "dup": 32, "dup2": 33, "nanosleep": 35,
        "kill": 62, "fcntl": 72, "getcwd": 79, "readlink": 89, "gettimeofday": 96,
        "getuid": 102, "getgid": 104, "geteuid": 107, "getegid": 108, "getppid": 110,
        "sigaltstack": 131, "gettid": 186, "tkill": 200, "time": 201, "futex": 202,
        "set_tid_address": 218, "clock_getres": 229, "clock_nanosleep": 230, "tgkill": 234,
        "newfstatat": 262, "readlinkat": 267, "set_robust_list": 273, "dup3": 292,
        "prlimit64": 302, "getrandom": 318, "rseq": 334,
        # files in the emulator's jail
        "stat": 4, "lstat": 6, "pwrite64": 18, "access": 21, "fsync": 74, "ftruncate": 77,
        "chdir": 80, "rename": 82, "mkdir": 83, "rmdir": 84, "creat": 85, "unlink": 87,
        "mkdirat": 258, "unlinkat": 263, "renameat": 264, "faccessat": 269, "renameat2": 316,
    },
)

AARCH64 = Target(
    name="aarch64",
    triple="aarch64-linux-gnu",
    elf_machine=EM_AARCH64,
    elf_machine_name="AArch64",
    file_machine_name="ARM aarch64",
    page_size=0x10000,
    text_base=0x400000,
    char_is_signed=False,
    wchar_is_signed=False,
    ks_arch=keystone.KS_ARCH_ARM64,
    ks_mode=keystone.KS_MODE_LITTLE_ENDIAN,
    cs_arch=capstone.CS_ARCH_ARM64,
    cs_mode=capstone.CS_MODE_ARM,
    uc_arch=unicorn.UC_ARCH_ARM64,
    uc_mode=unicorn.UC_MODE_ARM,
    pc_reg=unicorn.arm64_const.UC_ARM64_REG_PC,
    sp_reg=unicorn.arm64_const.UC_ARM64_REG_SP,
    syscalls={
        "ioctl": 29, "openat": 56, "close": 57, "lseek": 62, "read": 63, "write": 64,
        "writev": 66, "fstat": 80, "exit": 93, "exit_group": 94, "clock_gettime": 113,
        "uname": 160, "getpid": 172, "brk": 214, "munmap": 215, "mmap": 222,
        # what glibc's static start-up and small programs also call (asm-generic/unistd.h)
        "getcwd": 17, "dup": 23, "dup3": 24, "fcntl": 25, "pread64": 67, "readlinkat": 78,
        "newfstatat": 79, "set_tid_address": 96, "futex": 98, "set_robust_list": 99,
        "nanosleep": 101, "clock_getres": 114, "clock_nanosleep": 115, "sched_yield": 124,
        "kill": 129, "tkill": 130, "tgkill": 131, "sigaltstack": 132, "rt_sigaction": 134,
        "rt_sigprocmask": 135, "gettimeofday": 169, "getppid": 173, "getuid": 174,
        "geteuid": 175, "getgid": 176, "getegid": 177, "gettid": 178, "mprotect": 226,
        "madvise": 233, "prlimit64": 261, "getrandom": 278, "rseq": 293,
        # files in the emulator's jail
        "mkdirat": 34, "unlinkat": 35, "renameat": 38, "ftruncate": 46, "faccessat": 48,
        "chdir": 49, "pwrite64": 68, "fsync": 82, "renameat2": 276,
    },
)

TARGETS = {"x86_64": X86_64, "aarch64": AARCH64}

# Names a user may type for a target: ours, GNU triples, and the usual aliases.
_ALIASES = {
    "x86_64": X86_64, "x86-64": X86_64, "amd64": X86_64, "x86_64-linux-gnu": X86_64,
    "x86_64-pc-linux-gnu": X86_64, "x86_64-unknown-linux-gnu": X86_64,
    "aarch64": AARCH64, "arm64": AARCH64, "aarch64-linux-gnu": AARCH64,
    "aarch64-unknown-linux-gnu": AARCH64,
}


def get_target(name: str | Target | None) -> Target:
    """Look a target up by any name a user may type; None means the default, x86_64."""
    if isinstance(name, Target):
        return name
    if name is None:
        return X86_64
    try:
        return _ALIASES[name.lower()]
    except KeyError:
        raise ValueError(f"unknown target '{name}' (known: x86_64, aarch64)") from None


def target_for_machine(e_machine: int) -> Target | None:
    """The target an ELF file's e_machine names, or None if we have no such target."""
    for t in TARGETS.values():
        if t.elf_machine == e_machine:
            return t
    return None
