/* The deployment's copy of its policy profiles: the chosen profile is
 * copied into the database, where the deployment may change its values
 * under the same validation. One is active. */
#ifndef SGZ_PROFILE_STORE_H
#define SGZ_PROFILE_STORE_H
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/arena.h"

/* Inserts or replaces the profile called name (text already validated);
 * in the caller's transaction. */
int profile_store_put(struct db *db, const char *name, const char *body,
                      int64_t now);
/* Makes name the active profile. DB_DONE when no such profile. */
int profile_store_activate(struct db *db, const char *name);
/* DB_ROW with the active profile's name and text (in arena), DB_DONE
 * when none is active. */
int profile_store_active(struct db *db, struct arena *a, const char **name,
                         const char **body);

/* DB_ROW with the stored profile called name's text (in arena), DB_DONE
 * when there is none. */
int profile_store_get(struct db *db, struct arena *a, const char *name,
                      const char **body);
/* Every stored profile, by name: names[i] and bodies[i] in arena. */
int profile_store_list(struct db *db, struct arena *a, const char ***names,
                       const char ***bodies, size_t *n);

#endif
