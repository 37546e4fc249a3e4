#define _GNU_SOURCE
#include "CTasteSystem.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <git2.h>
#include <malloc.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

int taste_peer_uid(int fd) {
    struct ucred credentials;
    socklen_t length = sizeof(credentials);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) return -1;
    return (int)credentials.uid;
}

pid_t taste_spawn_detached(const char *path, char *const argv[]) {
    pid_t child = fork();
    if (child != 0) return child;
    /* In the child: a new session, then a second fork so the daemon is never a session leader. */
    if (setsid() < 0) _exit(127);
    pid_t grandchild = fork();
    if (grandchild != 0) _exit(grandchild < 0 ? 127 : 0);
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        if (null > 2) close(null);
    }
    /* Nothing the caller had open survives: a pipe held here would keep the caller waiting for EOF. */
    long limit = sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < (limit > 0 && limit < 65536 ? limit : 65536); fd++) close(fd);
    umask(077);
    execv(path, argv);
    _exit(127);
}

void taste_release_heap(void) {
    malloc_trim(0);
}

/* Set while taste_git_init runs. Defined here, mbedTLS's parser takes the place of the shared library's for
   libgit2 (the executable comes first in symbol lookup); outside init it hands every call on to mbedTLS. */
static atomic_int skipping_certificate_bundle;

int mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    if (atomic_load(&skipping_certificate_bundle)) return 0;
    int (*parse)(void *, const char *) = (int (*)(void *, const char *))dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
    return parse ? parse(chain, path) : -1;
}

int taste_git_init(void) {
    atomic_store(&skipping_certificate_bundle, 1);
    int result = git_libgit2_init();
    atomic_store(&skipping_certificate_bundle, 0);
    return result;
}
