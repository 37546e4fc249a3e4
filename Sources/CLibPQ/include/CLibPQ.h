#ifndef TASTE_CLIBPQ_H
#define TASTE_CLIBPQ_H

#include <stddef.h>

/* libpq, loaded when fleet mode first connects rather than at every start: linked, it brought 21 more shared
   libraries (Kerberos, LDAP, GnuTLS, OpenSSL) into every `taste` process, 3.8 ms of each start. The types below
   are libpq's (libpq-fe.h, soname 5), those Taste uses; connections and results stay opaque. */

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef struct _PQconninfoOption PQconninfoOption;

typedef struct pgNotify {
    char *_Nonnull relname;
    int be_pid;
    char *_Nonnull extra;
    struct pgNotify *_Nullable next; /* private to libpq */
} PGnotify;

typedef void (*PQnoticeProcessor)(void *_Nullable arg, const char *_Nonnull message);

#define CONNECTION_OK 0
#define PGRES_COMMAND_OK 1
#define PGRES_TUPLES_OK 2

/* The functions Taste calls, bound by name from the loaded library. */
typedef struct TasteLibPQ {
    PQconninfoOption *_Nullable (*_Nonnull PQconninfoParse)(const char *_Nonnull conninfo, char *_Nullable *_Nullable errmsg);
    void (*_Nonnull PQconninfoFree)(PQconninfoOption *_Nullable options);
    PGconn *_Nullable (*_Nonnull PQconnectdbParams)(
        const char *_Nullable const *_Nonnull keywords, const char *_Nullable const *_Nonnull values, int expand_dbname);
    int (*_Nonnull PQstatus)(const PGconn *_Nullable conn);
    char *_Nonnull (*_Nonnull PQerrorMessage)(const PGconn *_Nullable conn);
    char *_Nullable (*_Nonnull PQhost)(const PGconn *_Nullable conn);
    char *_Nullable (*_Nonnull PQport)(const PGconn *_Nullable conn);
    char *_Nullable (*_Nonnull PQuser)(const PGconn *_Nullable conn);
    char *_Nullable (*_Nonnull PQdb)(const PGconn *_Nullable conn);
    int (*_Nonnull PQsocket)(const PGconn *_Nullable conn);
    int (*_Nonnull PQbackendPID)(const PGconn *_Nullable conn);
    PQnoticeProcessor _Nullable (*_Nonnull PQsetNoticeProcessor)(
        PGconn *_Nullable conn, PQnoticeProcessor _Nullable proc, void *_Nullable arg);
    void (*_Nonnull PQfinish)(PGconn *_Nullable conn);
    void (*_Nonnull PQreset)(PGconn *_Nullable conn);
    PGresult *_Nullable (*_Nonnull PQexec)(PGconn *_Nullable conn, const char *_Nonnull query);
    PGresult *_Nullable (*_Nonnull PQexecParams)(
        PGconn *_Nullable conn, const char *_Nonnull command, int nParams, const unsigned int *_Nullable paramTypes,
        const char *_Nullable const *_Nullable paramValues, const int *_Nullable paramLengths,
        const int *_Nullable paramFormats, int resultFormat);
    int (*_Nonnull PQresultStatus)(const PGresult *_Nullable res);
    char *_Nonnull (*_Nonnull PQresultErrorMessage)(const PGresult *_Nullable res);
    char *_Nullable (*_Nonnull PQresultErrorField)(const PGresult *_Nullable res, int fieldcode);
    int (*_Nonnull PQntuples)(const PGresult *_Nullable res);
    int (*_Nonnull PQnfields)(const PGresult *_Nullable res);
    char *_Nonnull (*_Nonnull PQfname)(const PGresult *_Nullable res, int field_num);
    char *_Nonnull (*_Nonnull PQgetvalue)(const PGresult *_Nullable res, int tup_num, int field_num);
    int (*_Nonnull PQgetisnull)(const PGresult *_Nullable res, int tup_num, int field_num);
    char *_Nonnull (*_Nonnull PQcmdTuples)(PGresult *_Nullable res);
    void (*_Nonnull PQclear)(PGresult *_Nullable res);
    int (*_Nonnull PQconsumeInput)(PGconn *_Nullable conn);
    PGnotify *_Nullable (*_Nonnull PQnotifies)(PGconn *_Nullable conn);
    char *_Nullable (*_Nonnull PQescapeIdentifier)(PGconn *_Nullable conn, const char *_Nonnull str, size_t len);
    void (*_Nonnull PQfreemem)(void *_Nullable ptr);
} TasteLibPQ;

/* Loads libpq once (thread-safe) and returns its functions; NULL when it cannot, with the reason from
   taste_libpq_error(). */
const TasteLibPQ *_Nullable taste_libpq(void);
const char *_Nullable taste_libpq_error(void);

#endif
