#include <stdio.h>

#define text 100

This is my text.
