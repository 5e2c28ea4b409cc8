"""Reading and writing 64-bit general registers without the Python binding's overhead.

unicorn's `reg_read` first picks a ctypes class for the register id by scanning range
tables (~5 us per call); a syscall reads seven or eight registers, so that alone would
dominate a write(2). For plain 64-bit registers we call the C library directly, and fall
back to the public API if the binding's internals ever change shape.
"""
from __future__ import annotations

import ctypes


class Registers:
    def __init__(self, uc):
        self.uc = uc
        self._value = ctypes.c_uint64()
        self._ref = ctypes.byref(self._value)
        try:
            from unicorn.unicorn_py3.unicorn import uclib
            self._c_read, self._c_write, self._handle = uclib.uc_reg_read, uclib.uc_reg_write, uc._uch
        except (ImportError, AttributeError):
            self._c_read = None

    def read(self, reg: int) -> int:
        if self._c_read is None:
            return self.uc.reg_read(reg)
        self._value.value = 0
        if self._c_read(self._handle, reg, self._ref) != 0:
            return self.uc.reg_read(reg)       # let the binding raise its UcError
        return self._value.value

    def write(self, reg: int, value: int):
        if self._c_read is None:
            self.uc.reg_write(reg, value)
            return
        self._value.value = value & 0xFFFFFFFFFFFFFFFF
        if self._c_write(self._handle, reg, self._ref) != 0:
            self.uc.reg_write(reg, value)
