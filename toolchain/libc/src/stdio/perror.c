#include <errno.h>
#include <stdio.h>
#include <string.h>

/* "prefix: message\n" on stderr, the message naming the current errno; with no prefix
 * (NULL or "") just "message\n". As in glibc the line is formatted whole, so that on
 * unbuffered stderr it goes out in one write, and errno is left as it was. */
void perror(const char *s)
{
    int saved = errno;
    const char *colon = ": ";

    if (s == NULL || *s == 0)
        s = colon = "";
    fprintf(stderr, "%s%s%s\n", s, colon, strerror(saved));
    errno = saved;
}
