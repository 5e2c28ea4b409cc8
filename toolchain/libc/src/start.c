/* The bridge from _start (arch/<arch>/crt1.s) to main. */
#include <stdlib.h>
#include <unistd.h>

char **environ;

/* argv[0] without its directories, for messages such as a failed assert's. */
char *__progname = "";

void __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv, char **envp);

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
    exit(main(argc, argv, envp));
}
