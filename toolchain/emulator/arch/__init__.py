"""What differs per architecture in running a Linux process: registers, the syscall
instruction and its register convention, CPU exceptions and the signals they become,
`struct stat`, the auxv hardware capabilities. One module per architecture."""
from __future__ import annotations

from ...target import Target


def for_target(target: Target):
    if target.name == "x86_64":
        from .x86_64 import X86_64Arch
        return X86_64Arch()
    if target.name == "aarch64":
        from .aarch64 import AArch64Arch
        return AArch64Arch()
    raise ValueError(f"no emulator support for {target.name}")
