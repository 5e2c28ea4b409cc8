"""The process's address space: which pages exist and what they allow, over unicorn's memory.

Unicorn itself knows its mapped regions, but host-side `mem_read`/`mem_write` ignore page
permissions, and a syscall like `read(0, buf, n)` into a read-only page must fail with
EFAULT as on Linux. So we keep our own interval map of (start, end, prot) and check user
pointers against it before the kernel side touches memory.
"""
from __future__ import annotations

import bisect

from unicorn import UcError

PAGE = 0x1000  # the kernel's page size on both targets (4 KiB pages), and unicorn's granularity

PROT_NONE, PROT_READ, PROT_WRITE, PROT_EXEC = 0, 1, 2, 4


def page_down(x: int) -> int:
    return x & ~(PAGE - 1)


def page_up(x: int) -> int:
    return (x + PAGE - 1) & ~(PAGE - 1)


class Fault(Exception):
    """A user pointer the kernel side may not follow (the syscall answers -EFAULT)."""


class AddressSpace:
    """Mapped intervals, kept sorted and disjoint, mirrored into a unicorn instance."""

    def __init__(self, uc, limit: int = 4 << 30):
        self.uc = uc
        self.limit = limit            # like RLIMIT_AS: total bytes the process may map
        self._starts: list[int] = []
        self._areas: list[list[int]] = []   # [start, end, prot], parallel to _starts
        # when a list, every change made through this object is recorded so that `undo`
        # can take it back (the debugger's step back over a system call)
        self.journal: list | None = None

    # -- queries -------------------------------------------------------------------------
    @property
    def mapped_bytes(self) -> int:
        return sum(end - start for start, end, _ in self._areas)

    def areas(self):
        return [tuple(a) for a in self._areas]

    def prot_at(self, addr: int):
        i = bisect.bisect_right(self._starts, addr) - 1
        if i >= 0 and addr < self._areas[i][1]:
            return self._areas[i][2]
        return None

    def is_free(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start) - 1
        if i >= 0 and self._areas[i][1] > start:
            return False
        j = bisect.bisect_left(self._starts, start)
        return j >= len(self._starts) or self._starts[j] >= end

    def covered(self, start: int, end: int, need: int = 0) -> bool:
        """True if every byte of [start, end) is mapped with at least the `need` bits."""
        addr = start
        while addr < end:
            i = bisect.bisect_right(self._starts, addr) - 1
            if i < 0:
                return False
            a_start, a_end, prot = self._areas[i]
            if addr >= a_end or (prot & need) != need:
                return False
            addr = a_end
        return True

    def find_free(self, size: int, below: int, above: int = 0x10000):
        """Highest page-aligned gap of `size` bytes ending at or below `below` (top-down, as
        Linux places mmap areas)."""
        end = below
        for a_start, a_end, _ in reversed(self._areas):
            if a_start >= end:
                continue
            if a_end <= end - size:
                return end - size if end - size >= above else None
            end = min(end, a_start)
        return end - size if end - size >= above else None

    # -- changes -------------------------------------------------------------------------
    def map(self, start: int, size: int, prot: int, *, replace: bool = True):
        """Map fresh zeroed pages (like MAP_FIXED: whatever was there goes away)."""
        if self.journal is not None:
            self._remember_region(start, start + size)
        if replace:
            self.unmap(start, size)
        self.uc.mem_map(start, size, prot)
        self._insert([start, start + size, prot])

    def unmap(self, start: int, size: int):
        end = start + size
        if self.journal is not None:
            self._remember_region(start, end)
        for a_start, a_end, _ in self._overlapping(start, end):
            self.uc.mem_unmap(max(a_start, start), min(a_end, end) - max(a_start, start))
        self._carve(start, end)

    def protect(self, start: int, size: int, prot: int):
        end = start + size
        if self.journal is not None:
            self._remember_region(start, end)
        self.uc.mem_protect(start, size, prot)
        pieces = self._overlapping(start, end)
        self._carve(start, end)
        for a_start, a_end, _ in pieces:
            self._insert([max(a_start, start), min(a_end, end), prot])

    # -- user memory, as the kernel side touches it ----------------------------------------
    def read(self, addr: int, size: int) -> bytes:
        if size == 0:
            return b""
        if addr < 0 or not self.covered(addr, addr + size, PROT_READ):
            raise Fault(addr)
        return bytes(self.uc.mem_read(addr, size))

    def write(self, addr: int, data: bytes):
        if not data:
            return
        if addr < 0 or not self.covered(addr, addr + len(data), PROT_WRITE):
            raise Fault(addr)
        if self.journal is not None:
            self.journal.append(("bytes", addr, bytes(self.uc.mem_read(addr, len(data)))))
        self.uc.mem_write(addr, bytes(data))

    def read_u64(self, addr: int) -> int:
        return int.from_bytes(self.read(addr, 8), "little")

    def read_cstring(self, addr: int, limit: int = 4096) -> bytes:
        out = bytearray()
        while len(out) < limit:
            # read up to the end of the page so we never step onto an unmapped one
            chunk = self.read(addr, min(page_up(addr + 1) - addr, limit - len(out)))
            nul = chunk.find(b"\0")
            if nul >= 0:
                return bytes(out + chunk[:nul])
            out += chunk
            addr += len(chunk)
        raise Fault(addr)

    def poke(self, addr: int, data: bytes):
        """Write ignoring permissions: how the loader fills read-only segments."""
        try:
            if self.journal is not None:
                self.journal.append(("bytes", addr, bytes(self.uc.mem_read(addr, len(data)))))
            self.uc.mem_write(addr, bytes(data))
        except UcError:
            raise Fault(addr) from None

    # -- taking changes back -----------------------------------------------------------------
    def _remember_region(self, start, end):
        pieces = []
        for a_start, a_end, prot in self._overlapping(start, end):
            lo, hi = max(a_start, start), min(a_end, end)
            pieces.append((lo, hi, prot, bytes(self.uc.mem_read(lo, hi - lo))))
        self.journal.append(("region", start, end, pieces))

    def undo(self, journal: list):
        """Take back the changes recorded in `journal`, newest first."""
        saved, self.journal = self.journal, None
        try:
            for entry in reversed(journal):
                if entry[0] == "bytes":
                    self.uc.mem_write(entry[1], entry[2])
                else:
                    _, start, end, pieces = entry
                    self.unmap(start, end - start)
                    for lo, hi, prot, data in pieces:
                        self.map(lo, hi - lo, prot, replace=False)
                        self.uc.mem_write(lo, data)
        finally:
            self.journal = saved

    def snapshot(self, previous=None, chunk: int = 0x10000):
        """Every mapped area with its bytes, in chunks; chunks equal to those of `previous`
        share its bytes objects, so a series of snapshots costs only what changed."""
        old = {}
        if previous is not None:
            for start, _, _, chunks in previous:
                for i, data in enumerate(chunks):
                    old[start + i * chunk] = data
        out = []
        for start, end, prot in self.areas():
            chunks = []
            for at in range(start, end, chunk):
                data = bytes(self.uc.mem_read(at, min(chunk, end - at)))
                prev = old.get(at)
                chunks.append(prev if prev == data else data)
            out.append((start, end, prot, chunks))
        return out

    def restore(self, snap, chunk: int = 0x10000):
        saved, self.journal = self.journal, None
        try:
            for start, end, _ in self.areas():
                self.unmap(start, end - start)
            for start, end, prot, chunks in snap:
                self.map(start, end - start, prot, replace=False)
                for i, data in enumerate(chunks):
                    self.uc.mem_write(start + i * chunk, data)
        finally:
            self.journal = saved

    # -- the interval list -----------------------------------------------------------------
    def _overlapping(self, start, end):
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        out = []
        while i < len(self._areas) and self._areas[i][0] < end:
            a = self._areas[i]
            if a[1] > start:
                out.append(tuple(a))
            i += 1
        return out

    def _carve(self, start, end):
        kept = []
        for a in self._areas:
            if a[1] <= start or a[0] >= end:
                kept.append(a)
                continue
            if a[0] < start:
                kept.append([a[0], start, a[2]])
            if a[1] > end:
                kept.append([end, a[1], a[2]])
        kept.sort()
        self._areas = kept
        self._starts = [a[0] for a in kept]

    def _insert(self, area):
        i = bisect.bisect_left(self._starts, area[0])
        self._areas.insert(i, area)
        self._starts.insert(i, area[0])
