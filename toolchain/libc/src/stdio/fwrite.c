#include <stdio.h>
#include "../internal/stdio_impl.h"

size_t fwrite(const void *ptr, size_t size, size_t nmemb, FILE *f)
{
    size_t bytes = size * nmemb;

    if (size == 0 || nmemb == 0)
        return 0;
    return __stdio_write(f, (const unsigned char *)ptr, bytes) / size;
}
