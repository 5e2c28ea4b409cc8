"""What a finished run gives back: the process's output and how it ended."""
from __future__ import annotations

from dataclasses import dataclass, field

from .faults import FaultReport


@dataclass
class RunResult:
    stdout: bytes
    stderr: bytes
    status: int                      # exit status; 128+signal if killed; 124 for a limit
    signal: str | None = None        # "SIGSEGV" when a signal ended the process
    fault: FaultReport | None = None
    message: str = ""                # what the shell prints: "Segmentation fault", ...
    unknown_syscalls: list = field(default_factory=list)
    elapsed: float = 0.0             # seconds spent running
    limit: str | None = None         # "time" or "output" when a limit ended the run
    instructions: int | None = None  # instructions executed, when the run counted them
    instructions_partial: bool = False  # counting stopped early (see Machine.run): a lower bound

    @property
    def ok(self) -> bool:
        return self.status == 0 and self.signal is None and self.limit is None
