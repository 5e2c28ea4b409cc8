#ifndef _STDARG_H
#define _STDARG_H

/* Variable arguments are the compiler's business: where the caller left them (registers
 * spilled to a save area, then the stack) depends on the ABI, so each macro is a builtin
 * our compiler, like gcc, expands in place. */

#define __NEED_va_list
#include <bits/types.h>

#define va_start(v, l)  __builtin_va_start(v, l)
#define va_arg(v, T)    __builtin_va_arg(v, T)
#define va_end(v)       __builtin_va_end(v)
#define va_copy(d, s)   __builtin_va_copy(d, s)

#endif
