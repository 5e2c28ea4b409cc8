"""placeholder"""
def emit_debug_line(asm):
    pass
