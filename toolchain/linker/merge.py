"""String merging for SHF_MERGE|SHF_STRINGS sections (.comment, .debug_str, .rodata.str1.1):
equal strings from all inputs are kept once, as GNU ld does, and a string that is the tail
of a longer one shares its bytes ("llo" inside "hello").

The merged blob takes the place of the first such input section; every input section keeps
a table of where each of its strings went, so relocations and symbols that point into it
still find their bytes.
"""
from __future__ import annotations

from .layout import OutputSection, SyntheticSection


def _split(data: bytes, unit: int) -> list[tuple[int, bytes]]:
    """(offset, string including its terminator) for each string of `unit`-byte chars."""
    out, i, n = [], 0, len(data)
    zero = b"\0" * unit
    while i < n:
        j = i
        while j + unit <= n and data[j:j + unit] != zero:
            j += unit
        j = min(j + unit, n)
        out.append((i, bytes(data[i:j])))
        i = j
    return out


def merge_strings(out: OutputSection):
    groups: dict[tuple, list] = {}
    for p in out.pieces:
        if p.file is not None and p.is_mergeable_strings and p.type != 8:
            groups.setdefault((p.entsize, p.flags, p.align), []).append(p)
    for (unit, flags, align), members in groups.items():
        strings = [(m, _split(m.data, unit)) for m in members]
        unique = {s for _, parts in strings for _, s in parts}
        # Longest first, ordered by reversed text: a tail follows the string it ends.
        by_tail = sorted(unique, key=lambda s: (s[::-1]), reverse=True)
        where: dict[bytes, int] = {}
        blob = bytearray()
        # Keep first-seen order for strings that are no one's tail, like ld's output.
        parent = {}
        prev = None
        for s in by_tail:
            if prev is not None and prev.endswith(s) and len(s) % unit == 0 and \
                    (len(prev) - len(s)) % unit == 0:
                parent[s] = parent.get(prev, prev)
            else:
                prev = s
        for _, parts in strings:
            for _, s in parts:
                root = parent.get(s, s)
                if root not in where:
                    where[root] = len(blob)
                    blob += root
        for s, root in parent.items():
            where[s] = where[root] + len(root) - len(s)
        synth = SyntheticSection(members[0].name, members[0].type, flags, align, bytes(blob))
        synth.merged_into = synth
        synth.origin = members
        for m, parts in strings:
            m.pieces = [(off, where[s], len(s)) for off, s in parts]
            m.merged_into = synth
        first = out.pieces.index(members[0])
        out.pieces.insert(first, synth)
