#ifndef _STDNORETURN_H
#define _STDNORETURN_H

/* C11: "noreturn void fail(void);" declares a function that never returns. */
#define noreturn _Noreturn

#endif
