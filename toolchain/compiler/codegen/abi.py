"""How the two ABIs see a structure or union passed or returned by value.

System V x86-64 (psABI 3.2.3) splits an aggregate of at most 16 bytes into eightbytes and
classifies each as INTEGER (general registers) or SSE (vector registers) from the scalar
members that overlap it; anything larger, or with a misaligned member, or holding a
`long double`, is MEMORY: passed on the stack, returned through a hidden pointer. (An
aggregate that is exactly one long double is X87 instead: on the stack too as an argument,
but returned in %st0; see sysv_x87_record.)

AAPCS64 (5.9, 6.8.2) passes a Homogeneous Floating-point Aggregate (one to four members,
all the same floating type) in v registers; other aggregates of at most 16 bytes go in
x registers, larger ones by reference (arguments) or through x8 (results).
"""
from __future__ import annotations

from .. import types as T

INTEGER, SSE = "INTEGER", "SSE"


def scalar_leaves(t, base=0):
    """(offset, scalar type) of every scalar inside t, arrays expanded, in layout order."""
    if isinstance(t, T.StructType):
        out = []
        for m in t.members:
            out += scalar_leaves(m.type, base + m.offset)
        return out
    if isinstance(t, T.ArrayType):
        out = []
        for i in range(t.length or 0):
            out += scalar_leaves(t.base, base + i * t.base.size)
        return out
    return [(base, t)]


def sysv_classify(t):
    """The classes of t's eightbytes (a list of INTEGER/SSE), or None for MEMORY."""
    if t.size > 16 or t.size == 0:
        return None
    classes = [None] * ((t.size + 7) // 8)
    for off, leaf in scalar_leaves(t):
        if off % max(leaf.align, 1):
            return None                      # a packed, misaligned member
        if isinstance(leaf, T.FloatType) and leaf.size > 8:
            return None                      # long double: X87 class, passed in memory
        cls = SSE if isinstance(leaf, T.FloatType) else INTEGER
        i = off // 8
        # INTEGER wins over SSE when both share an eightbyte (rule 4 of the merge).
        classes[i] = INTEGER if INTEGER in (classes[i], cls) else cls
    # An eightbyte only padding covers (e.g. after a zero-length array) has no class;
    # the psABI then takes the other one, and SSE is what GCC uses for it.
    return [c or SSE for c in classes]


def sysv_x87_record(t):
    """A structure or union that is one long double and nothing else (every member overlaps
    it): its eightbytes are X87 and X87UP, so as an argument it goes in memory like any
    MEMORY aggregate, but as a result it comes back in %st0 like the scalar (GCC does so)."""
    if t.size != 16 or not t.is_record:
        return False
    leaves = scalar_leaves(t)
    return bool(leaves) and all(off == 0 and isinstance(l, T.FloatType) and l.size == 16
                                for off, l in leaves)


def aapcs_hfa(t):
    """(element FloatType, count) if t is a Homogeneous Floating-point Aggregate."""
    if not t.is_record:
        return None
    leaves = scalar_leaves(t)
    if not 1 <= len(leaves) <= 4:
        return None
    first = leaves[0][1]
    if not isinstance(first, T.FloatType) or any(l != first for _, l in leaves):
        return None
    if t.size != first.size * len(leaves):
        return None
    return first, len(leaves)


def has_float(t):
    return any(isinstance(l, T.FloatType) for _, l in scalar_leaves(t))
