"""The assembler: GAS text -> ELF64 relocatable object (x86-64 and AArch64), plus a listing.

    assemble(text, filename="a.s", *, target=X86_64) -> AsmResult
"""
from .core import AsmResult, ListingEntry, assemble

__all__ = ["assemble", "AsmResult", "ListingEntry"]
