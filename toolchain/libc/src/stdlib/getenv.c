#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Look name up in the environment: the value after "name=", or NULL. */
char *getenv(const char *name)
{
    size_t len = strlen(name);
    char **e;

    if (environ == NULL || len == 0 || strchr(name, '=') != NULL)
        return NULL;
    for (e = environ; *e != NULL; e++) {
        if (strncmp(*e, name, len) == 0 && (*e)[len] == '=')
            return *e + len + 1;
    }
    return NULL;
}
