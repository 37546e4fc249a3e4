#ifndef TASTE_SYSTEM_H
#define TASTE_SYSTEM_H

#include <sys/types.h>

/* POSIX calls Swift cannot make directly (fork is unavailable, struct ucred needs _GNU_SOURCE). */

/* The uid of the process at the other end of a Unix-domain socket, or -1. */
int taste_peer_uid(int fd);

/* Starts `path` with `argv` in a new session, detached from the terminal, stdio on /dev/null.
   Returns the child's pid, or -1. */
pid_t taste_spawn_detached(const char *path, char *const argv[]);

/* Returns freed heap memory to the system (malloc_trim), for a daemon that sits idle. */
void taste_release_heap(void);

/* git_libgit2_init without the certificate bundle: Debian's libgit2 parses the system's CA bundle (213 KB of
   PEM) for its mbedTLS HTTPS transport at every init, 4.6 ms of each `taste` start. Taste never fetches over
   HTTPS through libgit2; were it to, verification would fail for want of a CA, never pass unchecked. */
int taste_git_init(void);

#endif
