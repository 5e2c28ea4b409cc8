/* Ending the program.
 *
 * exit() is the polite way: the functions registered with atexit run, last registered
 * first, then stdio writes out whatever is still in its buffers, and only then does the
 * process end. quick_exit() runs the functions registered with at_quick_exit instead
 * (again last first) and skips stdio. _Exit() and _exit() skip both, so buffered output
 * is lost. */
#include <stdlib.h>
#include <unistd.h>
#include "../internal/stdio_impl.h"

/* A list of handlers: blocks of 32, the newest block first. C guarantees room for at
 * least 32 registrations, so the first block is static and registering them can never
 * fail; beyond that each new block comes from malloc, and only an exhausted heap makes
 * atexit fail, as in glibc. */
#define BLOCK 32

struct handler_block {
    struct handler_block *next;    /* the older, full block under this one */
    int count;                     /* how many of func[] are in use */
    void (*func[BLOCK])(void);
};

struct handler_list {
    struct handler_block *top;     /* the newest block; 0 until the first registration */
    struct handler_block first;
};

static struct handler_list at_exit_list;
static struct handler_list at_quick_exit_list;

static int add_handler(struct handler_list *list, void (*func)(void))
{
    struct handler_block *b = list->top;

    if (b == NULL)
        b = list->top = &list->first;
    if (b->count == BLOCK) {
        struct handler_block *more = malloc(sizeof *more);
        if (more == NULL)
            return -1;
        more->next = b;
        more->count = 0;
        b = list->top = more;
    }
    b->func[b->count++] = func;
    return 0;
}

/* Call the handlers, newest first, each once. A handler may itself register another:
 * it lands on top and so runs next, still in reverse order of registration. */
static void run_handlers(struct handler_list *list)
{
    for (;;) {
        struct handler_block *b = list->top;
        void (*func)(void);

        if (b == NULL)
            return;
        if (b->count == 0) {
            list->top = b->next;
            if (b != &list->first)
                free(b);
            continue;
        }
        func = b->func[--b->count];
        func();
    }
}

int atexit(void (*func)(void))
{
    return add_handler(&at_exit_list, func);
}

int at_quick_exit(void (*func)(void))
{
    return add_handler(&at_quick_exit_list, func);
}

void exit(int status)
{
    run_handlers(&at_exit_list);
    __stdio_exit();
    _exit(status);
}

/* C11 7.22.4.7: the at_quick_exit handlers, then _Exit: no atexit handlers, no flush. */
void quick_exit(int status)
{
    run_handlers(&at_quick_exit_list);
    _Exit(status);
}

void _Exit(int status)
{
    _exit(status);
}
