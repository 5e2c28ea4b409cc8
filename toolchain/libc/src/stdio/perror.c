#include <errno.h>
#include <stdio.h>
#include <string.h>

/* "prefix: message\n" on stderr, the message naming the current errno. */
void perror(const char *s)
{
    const char *msg = strerror(errno);

    if (s != NULL && *s != 0) {
        fputs(s, stderr);
        fputs(": ", stderr);
    }
    fputs(msg, stderr);
    fputc('\n', stderr);
}
