/* A SQLite VFS over the default unix one that keeps one memory map of
 * each database file for the whole process (see sqlite_map.c). */
#ifndef SGZ_SQLITE_MAP_H
#define SGZ_SQLITE_MAP_H

/* Registers it as the default VFS; call once, before the first open.
 * SQLITE_OK, or an SQLite error code (SQLite then maps as before). */
int sqlite_map_register(void);

#endif
