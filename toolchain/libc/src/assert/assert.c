#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

/* The program's name without its directory; set by __libc_start_main. */
extern char *__progname;

/* A failed assert: glibc's message on stderr, then abort.
 *     prog: file.c:12: main: Assertion `x > 0' failed. */
void __assert_fail(const char *expr, const char *file, unsigned int line, const char *func)
{
    fprintf(stderr, "%s%s%s:%u: %s%sAssertion `%s' failed.\n",
            __progname, __progname[0] ? ": " : "", file, line,
            func ? func : "", func ? ": " : "", expr);
    abort();
}
