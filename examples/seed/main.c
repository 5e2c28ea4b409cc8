#include "sum.h"

int main(void) { return sum(3, 5); }
