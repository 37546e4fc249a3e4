#ifndef TASTE_CLIBPQ_SHIM_H
#define TASTE_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
