"""binutils: objdump, nm, readelf and file, as read-only views over any ELF (ours or GNU's).

Each returns the text the GNU tool (binutils 2.40, file 5.44) prints, so a lesson can put
them side by side; bad input raises ToolError with the tool's own message.
"""
from .disasm import Instruction, disassemble
from .file import file_type
from .nm import nm
from .objdump import objdump
from .readelf import readelf

__all__ = ["objdump", "nm", "readelf", "file_type", "disassemble", "Instruction"]
