"""Per-architecture parts of the assembler: operand rewriting for keystone, fixups and
relocations, branch relaxation, NOP fill, and the CFI facts for .eh_frame."""
