#ifndef TASTE_CGIT2_SHIM_H
#define TASTE_CGIT2_SHIM_H
#include <git2.h>
#endif
