#include "CLibPQ.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#ifdef __APPLE__
#define TASTE_LIBPQ "libpq.5.dylib"
#else
#define TASTE_LIBPQ "libpq.so.5"
#endif

static TasteLibPQ table;
static const TasteLibPQ *loaded;
static char failure[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    void *library = dlopen(TASTE_LIBPQ, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(failure, sizeof failure, "%s", reason ? reason : "cannot load " TASTE_LIBPQ);
        return;
    }
#define BIND(name)                                                                                      \
    if ((*(void **)&table.name = dlsym(library, #name)) == NULL) {                                      \
        snprintf(failure, sizeof failure, "%s has no %s: libpq is older than Taste needs", TASTE_LIBPQ, #name); \
        return;                                                                                         \
    }
    BIND(PQconninfoParse)
    BIND(PQconninfoFree)
    BIND(PQconnectdbParams)
    BIND(PQstatus)
    BIND(PQerrorMessage)
    BIND(PQhost)
    BIND(PQport)
    BIND(PQuser)
    BIND(PQdb)
    BIND(PQsocket)
    BIND(PQbackendPID)
    BIND(PQsetNoticeProcessor)
    BIND(PQfinish)
    BIND(PQreset)
    BIND(PQexec)
    BIND(PQexecParams)
    BIND(PQresultStatus)
    BIND(PQresultErrorMessage)
    BIND(PQresultErrorField)
    BIND(PQntuples)
    BIND(PQnfields)
    BIND(PQfname)
    BIND(PQgetvalue)
    BIND(PQgetisnull)
    BIND(PQcmdTuples)
    BIND(PQclear)
    BIND(PQconsumeInput)
    BIND(PQnotifies)
    BIND(PQescapeIdentifier)
    BIND(PQfreemem)
#undef BIND
    loaded = &table;
}

const TasteLibPQ *taste_libpq(void) {
    pthread_once(&once, load);
    return loaded;
}

const char *taste_libpq_error(void) {
    pthread_once(&once, load);
    return loaded ? NULL : failure;
}
