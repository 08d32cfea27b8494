/* Whether a key file is this database's: a backup restored beside
 * another database's key file would otherwise serve, fail on every
 * sealed field and seal new ones under the wrong key. */
#ifndef SGZ_KEY_CHECK_H
#define SGZ_KEY_CHECK_H
#include <stdbool.h>

#include "../db/db.h"
#include "../util/secret.h"

enum key_match {
    KEY_MATCHES = 1,
    KEY_OTHER = 2, /* the key opens none of this database's sealed data */
};

/* KEY_MATCHES, KEY_OTHER, or a DB_ error. The database keeps a known
 * text sealed under its key (a row of settings, whose loader skips keys
 * it does not know); one that keeps none (made before) is judged by the
 * first sealed value it holds, and, with write, given the check then,
 * also when it holds nothing sealed yet. */
int key_check(struct db *db, const unsigned char key[SECRET_KEY_BYTES],
              bool write);

#endif
