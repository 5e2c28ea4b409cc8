#include <string.h>

/* The terminating 0 counts as part of the string: strchr(s, 0) finds the end. */
char *strchr(const char *s, int c)
{
    char ch = (char)c;

    for (;; s++) {
        if (*s == ch)
            return (char *)s;
        if (*s == 0)
            return NULL;
    }
}
