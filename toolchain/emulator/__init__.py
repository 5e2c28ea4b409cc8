"""Run static Linux ELF executables (x86-64, AArch64) in unicorn, as a shell would."""
from .debugger import Breakpoint, Debugger, Frame, Location, Slot, Stop
from .faults import FaultReport
from .loader import ExecFormatError, MissingInterpreterError
from .machine import Machine, run
from .result import RunResult

__all__ = ["Breakpoint", "Debugger", "Frame", "Location", "Slot", "Stop", "ExecFormatError", "FaultReport", "Machine", "MissingInterpreterError", "RunResult", "run"]
