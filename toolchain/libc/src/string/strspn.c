#include <string.h>

/* The length of the start of s made only of characters in accept. */
size_t strspn(const char *s, const char *accept)
{
    size_t n = 0;

    while (s[n] && strchr(accept, s[n]) != NULL)
        n++;
    return n;
}

/* The length of the start of s made only of characters NOT in reject. */
size_t strcspn(const char *s, const char *reject)
{
    size_t n = 0;

    while (s[n] && strchr(reject, s[n]) == NULL)
        n++;
    return n;
}

char *strpbrk(const char *s, const char *accept)
{
    s += strcspn(s, accept);
    return *s ? (char *)s : NULL;
}
