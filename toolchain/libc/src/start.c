/* The bridge from _start (arch/<arch>/crt1.s) to main. */
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

char **environ;

/* argv[0] without its directories, for messages such as a failed assert's. */
char *__progname = "";

void __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv, char **envp);

/* The arrays of constructor and destructor pointers (`__attribute__((constructor))`), whose
 * bounds the linker defines. Like glibc, constructors get main's arguments. */
typedef void (*__array_fn)(int, char **, char **);
extern __array_fn __preinit_array_start[], __preinit_array_end[];
extern __array_fn __init_array_start[], __init_array_end[];
extern void (*__fini_array_start[])(void), (*__fini_array_end[])(void);

/* Destructors run in the reverse order of the array, after the atexit handlers
 * registered later than start-up (this one is registered first, so it runs last). */
static void run_fini_array(void)
{
    size_t n = __fini_array_end - __fini_array_start;

    while (n > 0)
        __fini_array_start[--n]();
}

/* main may be declared with no parameters, with two or with three: on both ABIs the
 * extra arguments just sit unused in registers, so passing all three is safe.
 * Returning from main is the same as calling exit with its value (C11 5.1.2.2.3). */
void __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv, char **envp)
{
    char *p;

    environ = envp;
    if (argc > 0 && argv[0] != NULL) {
        __progname = argv[0];
        for (p = argv[0]; *p; p++) {
            if (*p == '/')
                __progname = p + 1;
        }
    }
    if (__fini_array_end != __fini_array_start)
        atexit(run_fini_array);
    for (__array_fn *f = __preinit_array_start; f < __preinit_array_end; f++)
        (*f)(argc, argv, envp);
    for (__array_fn *f = __init_array_start; f < __init_array_end; f++)
        (*f)(argc, argv, envp);
    exit(main(argc, argv, envp));
}
