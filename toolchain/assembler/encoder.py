"""Keystone, used the way it works reliably: numbers only (no symbols), in batches.

Each `ks.asm()` call costs ~180 us, so the assembler first hands every instruction text it
will need to `prefetch`, which encodes the distinct ones in blocks; `encode` then answers
from the cache. A block's bytes are split back into instructions by the architecture's
`lengths` function (fixed 4 bytes on AArch64, capstone's decoder on x86-64); if the split
does not come out even, or a block fails, its instructions are encoded one by one, which
also finds the one that is wrong.
"""
from __future__ import annotations

import keystone

_BLOCK = 256


class EncodeError(Exception):
    def __init__(self, errno: int, message: str):
        super().__init__(message)
        self.errno = errno


class Encoder:
    def __init__(self, ks_arch, ks_mode, syntax, lengths):
        self.ks = keystone.Ks(ks_arch, ks_mode)
        if syntax is not None:
            # Setting any option makes keystone read decimal as hex from then on; the
            # architecture modules write every number as 0x... for that reason.
            self.ks.syntax = syntax
        self.lengths = lengths
        self.cache: dict[str, bytes | EncodeError] = {}
        self.calls = 0

    def _asm(self, text: str) -> bytes:
        self.calls += 1
        try:
            enc, count = self.ks.asm(text)
        except keystone.KsError as e:
            raise EncodeError(e.errno, str(e)) from None
        if enc is None:
            # keystone prints some errors to stderr and returns nothing instead of raising
            raise EncodeError(-1, "invalid instruction")
        return bytes(enc)

    def _one(self, text: str):
        try:
            self.cache[text] = self._asm(text)
        except EncodeError as e:
            self.cache[text] = e

    def _block(self, texts: list[str]):
        if len(texts) <= 2:
            for t in texts:
                self._one(t)
            return
        try:
            code = self._asm("\n".join(texts))
        except EncodeError:
            half = len(texts) // 2
            self._block(texts[:half])
            self._block(texts[half:])
            return
        sizes = self.lengths(code, len(texts))
        if sizes is None or len(sizes) != len(texts) or sum(sizes) != len(code):
            for t in texts:
                self._one(t)
            return
        pos = 0
        for t, n in zip(texts, sizes):
            self.cache[t] = code[pos:pos + n]
            pos += n

    def prefetch(self, texts):
        todo = []
        seen = set()
        for t in texts:
            if t not in self.cache and t not in seen:
                seen.add(t)
                todo.append(t)
        for i in range(0, len(todo), _BLOCK):
            self._block(todo[i:i + _BLOCK])

    def encode(self, text: str) -> bytes:
        r = self.cache.get(text)
        if r is None:
            self._one(text)
            r = self.cache[text]
        if isinstance(r, EncodeError):
            raise r
        if not r:
            raise EncodeError(-1, "invalid instruction")
        return r
