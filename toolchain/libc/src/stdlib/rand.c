/* rand and srand, giving the very numbers glibc's give for the same seed.
 *
 * glibc's generator (its "TYPE_3") is an additive lagged Fibonacci generator: it keeps
 * the last 31 values and makes the next one as
 *     r[i] = r[i-31] + r[i-3]          (mod 2^32)
 * and rand() returns r[i] >> 1, dropping the least random bit. Here the 31 values sit in
 * a ring: `front` walks 3 places ahead of `rear`, and each step adds *rear into *front.
 *
 * srand(seed) fills the ring from the seed with the "minimal standard" generator
 * r[i] = 16807 * r[i-1] mod (2^31 - 1), then runs 310 steps to stir it. A program that
 * never calls srand behaves as if it had called srand(1).
 */
#include <stdint.h>
#include <stdlib.h>

#define DEGREE     31
#define SEPARATION 3

static int32_t state[DEGREE];
static int front = SEPARATION;
static int rear = 0;
static int seeded = 0;

static uint32_t step(void)
{
    uint32_t v = (uint32_t)state[front] + (uint32_t)state[rear];

    state[front] = (int32_t)v;
    front = (front + 1) % DEGREE;
    rear = (rear + 1) % DEGREE;
    return v >> 1;
}

void srand(unsigned int seed)
{
    int32_t word;
    int i;

    /* A seed of 0 would make the whole ring 0: glibc takes 1 instead. */
    if (seed == 0)
        seed = 1;
    word = (int32_t)seed;
    state[0] = word;
    /* 16807 * word mod (2^31 - 1) without overflowing 32 bits (Schrage's method), with
     * glibc's answers also for seeds that look negative as an int32_t. */
    for (i = 1; i < DEGREE; i++) {
        long hi = word / 127773;
        long lo = word % 127773;
        word = (int32_t)(16807 * lo - 2836 * hi);
        if (word < 0)
            word += 2147483647;
        state[i] = word;
    }
    front = SEPARATION;
    rear = 0;
    for (i = 0; i < 10 * DEGREE; i++)
        step();
    seeded = 1;
}

int rand(void)
{
    if (!seeded)
        srand(1);
    return (int)step();
}
