#include <string.h>

/* Where the previous call stopped: strtok remembers it between calls, which is why
 * two tokenisations cannot be interleaved. */
static char *rest;

char *strtok(char *s, const char *delim)
{
    char *token;

    if (s == NULL)
        s = rest;
    if (s == NULL)
        return NULL;
    s += strspn(s, delim);
    if (*s == 0) {
        rest = NULL;
        return NULL;
    }
    token = s;
    s += strcspn(s, delim);
    if (*s) {
        *s = 0;
        rest = s + 1;
    } else {
        rest = NULL;
    }
    return token;
}
