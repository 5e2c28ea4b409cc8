#include <string.h>
#include <stdio.h>
#include "../internal/stdio_impl.h"

/* Read up to nmemb items of size bytes each; return how many whole items arrived.
 * Fewer means end of file or an error: feof and ferror tell which. A partly read
 * last item is consumed all the same. */
size_t fread(void *ptr, size_t size, size_t nmemb, FILE *f)
{
    unsigned char *p = ptr;
    size_t want = size * nmemb;
    size_t got = 0;

    if (size == 0 || nmemb == 0)
        return 0;
    while (got < want) {
        size_t k;
        if (f->rpos == f->rend) {
            if ((f->flags & __F_EOF) || __stdio_fill(f) == EOF)
                break;
        }
        k = f->rend - f->rpos;
        if (k > want - got)
            k = want - got;
        memcpy(p + got, f->buf + f->rpos, k);
        f->rpos += k;
        got += k;
    }
    return got / size;
}
