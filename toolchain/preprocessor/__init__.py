"""The C preprocessor: C11 6.10 with GCC's behaviour and GCC's `-E` output.

    preprocess(filename, source=None, *, target=X86_64, include_dirs=(), quote_dirs=(),
               system_dirs=None, defines=(), undefines=(), linemarkers=True,
               keep_comments=False, std="gnu17", read_file=None, opt_level=0) -> PreprocessResult

`result.text` is the .i file (what `gcc -E` prints for the same input with
`-nostdinc`, since we have no stdc-predef.h); `expansions`, `includes`, `line_map`,
`skipped`, `diagnostics` and `dependencies` describe how it was made. Errors raise
`ToolError` carrying GCC-style diagnostics.

Modules: lexer (phases 1-3), tokens, macros (#define), expand (macro expansion),
expr (#if arithmetic), directives, files (include search), output (the printer),
predefined (predefined macros), engine (the driver loop), records (result types).
"""
from .engine import preprocess
from .predefined import predefined_macros
from .records import IncludeRecord, MacroExpansion, PreprocessResult, SkippedGroup

__all__ = ["preprocess", "predefined_macros", "PreprocessResult", "MacroExpansion",
           "IncludeRecord", "SkippedGroup"]
