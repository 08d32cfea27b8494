/* Answers to the look-ups an import asks again for every row — is this
 * station in range and active, does this village exist, is this category
 * in the dictionary — kept for one import. The import runs in one
 * transaction, so an answer cannot change under it; a row of a province's
 * register then costs no round trip for them (on PostgreSQL three or four
 * of its ten). Keys are the caller's ("station:12"); an entry holds the
 * store's result code and up to two strings, copied. */
#ifndef SGZ_LOOKUP_MEMO_H
#define SGZ_LOOKUP_MEMO_H

struct lookup_memo;

struct memo_entry {
    char *key;
    int rc;      /* the store's answer: DB_ROW, DB_DONE */
    char *a, *b; /* what the caller kept of the row, or NULL */
};

struct lookup_memo *lookup_memo_new(void);
void lookup_memo_free(struct lookup_memo *m);
/* The entry for key, NULL when not asked yet. */
const struct memo_entry *lookup_memo_get(const struct lookup_memo *m,
                                         const char *key);
/* Remembers an answer (a and b may be NULL). */
void lookup_memo_put(struct lookup_memo *m, const char *key, int rc,
                     const char *a, const char *b);

#endif
