"""Run static Linux ELF executables (x86-64, AArch64) in unicorn, as a shell would."""
from .faults import FaultReport
from .loader import ExecFormatError, MissingInterpreterError
from .machine import Machine, run
from .result import RunResult

__all__ = ["ExecFormatError", "FaultReport", "Machine", "MissingInterpreterError", "RunResult", "run"]
