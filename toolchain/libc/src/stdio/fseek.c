/* Moving about in a stream: fseek, ftell, rewind.
 *
 * The stream's position is not the descriptor's: output still in the buffer has not
 * reached the file yet, and input read ahead has left the descriptor further on than
 * the program is. Both are accounted for here. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include "../internal/stdio_impl.h"

int fseek(FILE *f, long offset, int whence)
{
    if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END) {
        errno = EINVAL;
        return -1;
    }
    if (f->wlen > 0 && __stdio_flush(f) < 0)
        return -1;
    /* "From here" means from where the program is, behind the read-ahead. */
    if (whence == SEEK_CUR)
        offset -= (long)(f->rend - f->rpos);
    if (lseek(f->fd, offset, whence) < 0)
        return -1;
    /* A successful seek forgets the read-ahead, anything pushed back by ungetc, and
     * the end-of-file indicator. */
    f->rpos = f->rend = 0;
    f->flags &= ~__F_EOF;
    return 0;
}

long ftell(FILE *f)
{
    long pos;

    /* In an append stream the waiting output will land at the end, wherever the
     * offset is now: write it, then ask. */
    if ((f->flags & __F_APP) && f->wlen > 0 && __stdio_flush(f) < 0)
        return -1;
    pos = (long)lseek(f->fd, 0, SEEK_CUR);
    if (pos < 0)
        return -1;
    return pos - (long)(f->rend - f->rpos) + (long)f->wlen;
}

void rewind(FILE *f)
{
    fseek(f, 0, SEEK_SET);
    f->flags &= ~__F_ERR;
}
