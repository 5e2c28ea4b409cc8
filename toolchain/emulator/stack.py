"""The initial stack of a new process, laid out byte for byte as Linux's execve builds it.

From the top of the stack down (fs/exec.c, then create_elf_tables in fs/binfmt_elf.c):
a zero word, the file name (AT_EXECFN), the environment strings, the argument strings;
then, 16-byte aligned, the platform string and 16 random bytes (AT_RANDOM); then, with
sp rounded down to 16 bytes: argc, argv[0..argc-1], NULL, envp[...], NULL, auxv pairs
ending in AT_NULL.
"""
from __future__ import annotations

import os
import struct
from dataclasses import dataclass

from .memory import PROT_READ, PROT_WRITE, AddressSpace

STACK_SIZE = 8 << 20       # the default RLIMIT_STACK
ARG_MAX = STACK_SIZE // 4  # the kernel refuses arguments+environment beyond a quarter of it

AT_NULL, AT_PHDR, AT_PHENT, AT_PHNUM, AT_PAGESZ, AT_BASE, AT_FLAGS, AT_ENTRY = 0, 3, 4, 5, 6, 7, 8, 9
AT_UID, AT_EUID, AT_GID, AT_EGID, AT_PLATFORM, AT_HWCAP, AT_CLKTCK = 11, 12, 13, 14, 15, 16, 17
AT_SECURE, AT_RANDOM, AT_HWCAP2, AT_EXECFN = 23, 25, 26, 31

AUX_NAMES = {
    AT_NULL: "AT_NULL", AT_PHDR: "AT_PHDR", AT_PHENT: "AT_PHENT", AT_PHNUM: "AT_PHNUM",
    AT_PAGESZ: "AT_PAGESZ", AT_BASE: "AT_BASE", AT_FLAGS: "AT_FLAGS", AT_ENTRY: "AT_ENTRY",
    AT_UID: "AT_UID", AT_EUID: "AT_EUID", AT_GID: "AT_GID", AT_EGID: "AT_EGID",
    AT_PLATFORM: "AT_PLATFORM", AT_HWCAP: "AT_HWCAP", AT_CLKTCK: "AT_CLKTCK",
    AT_SECURE: "AT_SECURE", AT_RANDOM: "AT_RANDOM", AT_HWCAP2: "AT_HWCAP2",
    AT_EXECFN: "AT_EXECFN",
}

UID = GID = 1000
CLOCKS_PER_SEC = 100      # USER_HZ, what AT_CLKTCK reports


class ArgumentListTooLong(Exception):
    """E2BIG from execve."""


@dataclass
class InitialStack:
    sp: int
    argv: list          # addresses of the argument strings
    envp: list
    auxv: list          # (type, value) pairs in order, AT_NULL last
    random: int         # address of the AT_RANDOM bytes
    execfn: int


def build(space: AddressSpace, top: int, image, argv: list[bytes], envp: list[bytes],
          execfn: bytes, hwcap: int, hwcap2: int | None, platform: bytes) -> InitialStack:
    if sum(len(s) + 1 for s in argv + envp) + len(execfn) + 1 > ARG_MAX:
        raise ArgumentListTooLong()
    space.map(top - STACK_SIZE, STACK_SIZE, PROT_READ | PROT_WRITE)

    p = top - 8                      # the kernel leaves the very top word zero
    p -= len(execfn) + 1
    execfn_addr = p
    space.write(p, execfn + b"\0")
    strings = bytearray()
    for s in argv + envp:
        strings += s + b"\0"
    p -= len(strings)
    space.write(p, bytes(strings))
    addrs, at = [], p
    for s in argv + envp:
        addrs.append(at)
        at += len(s) + 1
    argv_addrs, envp_addrs = addrs[:len(argv)], addrs[len(argv):]

    p &= ~0xF                        # arch_align_stack, without randomisation
    p -= len(platform) + 1
    platform_addr = p
    space.write(p, platform + b"\0")
    p -= 16
    random_addr = p
    space.write(p, os.urandom(16))

    auxv = [
        (AT_HWCAP, hwcap), (AT_PAGESZ, 0x1000), (AT_CLKTCK, CLOCKS_PER_SEC),
        (AT_PHDR, image.phdr), (AT_PHENT, image.phent), (AT_PHNUM, image.phnum),
        (AT_BASE, 0), (AT_FLAGS, 0), (AT_ENTRY, image.entry),
        (AT_UID, UID), (AT_EUID, UID), (AT_GID, GID), (AT_EGID, GID),
        (AT_SECURE, 0), (AT_RANDOM, random_addr),
    ]
    if hwcap2 is not None:
        auxv.append((AT_HWCAP2, hwcap2))
    auxv += [(AT_EXECFN, execfn_addr), (AT_PLATFORM, platform_addr), (AT_NULL, 0)]

    items = (len(argv) + 1) + (len(envp) + 1) + 1
    sp = (p - 16 * len(auxv) - 8 * items) & ~0xF
    words = [len(argv), *argv_addrs, 0, *envp_addrs, 0]
    for key, value in auxv:
        words += [key, value]
    space.write(sp, struct.pack(f"<{len(words)}Q", *words))
    return InitialStack(sp=sp, argv=argv_addrs, envp=envp_addrs, auxv=auxv,
                        random=random_addr, execfn=execfn_addr)
