#ifndef TASTE_CGIT2_SHIM_H
#define TASTE_CGIT2_SHIM_H
#include <git2.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one plain function per option Taste sets. */

/* Mining only reads objects: re-hashing each one as it is read (SHA-1DC, slow) buys nothing here. */
static inline int taste_git_disable_hash_verification(void) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

#endif
