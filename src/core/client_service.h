/* The rules of the client register (服务对象), shared by the API and the
 * importer: the ID number (GB 11643) gives sex and birth date; the
 * station must be in the caller's range and the village in its township;
 * categories come from the dictionary with their dates, within the age
 * limit it may give them (core/category_age.h); a child under 14 needs a
 * recorded lawful basis; an ID number is registered once; the
 * ID number, phones and addresses are sealed with the key file, with a
 * blind index for exact lookup and a masked form for every answer. Every
 * write runs with its audit row in one transaction. */
#ifndef SGZ_CLIENT_SERVICE_H
#define SGZ_CLIENT_SERVICE_H
#include <stdbool.h>
#include <stdint.h>

#include "../db/db.h"
#include "../store/client_store.h"
#include "../util/arena.h"
#include "../util/secret.h"
#include "actor.h"
#include "msg.h"

/* Personal data in clear, as typed. NULL: not given (on an update:
 * unchanged); "": none. */
struct client_plain {
    const char *id_number, *phone, *hukou_address, *address;
    const char **guardian_phones; /* one per c->guardians, may be NULL */
};

struct client_fail {
    int status;        /* HTTP status: 400, 404, 409, 503 or 500 */
    enum msg_id msg;
    const char *field; /* JSON path of the bad member, or NULL */
    const char *label_zh, *label_en;
    int db_rc;         /* for 503/500 */
    int64_t existing_id; /* MSG_ID_TAKEN: the record the caller may see */
    /* A second problem found by the same check (sex and birth date both
     * at odds with the ID number), so that a form or an import report
     * names both at once; also_field NULL when none. */
    enum msg_id also_msg;
    const char *also_field, *also_label_zh, *also_label_en;
};

struct lookup_memo;

struct client_ctx {
    struct db *db;
    struct arena *arena;
    const unsigned char *key; /* SECRET_KEY_BYTES */
    const struct scope *scope;
    struct actor who;
    int64_t user_id;          /* 0 on the command line */
    const char *today;        /* YYYY-MM-DD, Beijing */
    /* An import's answers to the look-ups every row repeats; NULL
     * elsewhere. */
    struct lookup_memo *memo;
    /* An import: a status given without its day leaves the day unknown
     * (the sheet was made before, on a day it does not say), where a
     * form's change of status takes today. */
    bool status_day_unknown;
    /* An import that updates records: a status without its reason is
     * let through, for the importer to judge by the record it updates
     * (the record's reason stands when she keeps her status). */
    bool status_reason_later;
};

/* Whether a possible duplicate exists is asked before saving: the
 * clients in scope with the same name and birth date or phone. */
int client_service_similar(const struct client_ctx *x, const char *name,
                           const char *id_number, const char *birth_date,
                           const char *phone, int64_t except_id,
                           struct client **out, size_t *n);

/* A new client, in two steps, for a caller that commits many writes at
 * once (the API's group commit). c holds the input with station_id,
 * categories, guardians and the other plain fields; p the personal data.
 * First the rules that need no transaction: 0, or -1 and *fail. Then,
 * inside the caller's write transaction, whether the ID number is free,
 * the rows and the audit row: DB_OK and *id, or another result with
 * *fail set. */
int client_service_prepare(const struct client_ctx *x, struct client *c,
                           const struct client_plain *p,
                           struct client_fail *fail);
int client_service_insert(const struct client_ctx *x, struct client *c,
                          int64_t *id, struct client_fail *fail);
/* The answer for a write whose transaction failed with rc (a constraint
 * is a writer that got in between the check and the write); -1. */
int client_service_fail_db(struct client_fail *f, int rc);
/* A case's assessment sets its client's risk level (风险等级) to the
 * level assessed, in the case write's transaction with the client's row
 * already locked: the version bumped and a client.update row naming the
 * case, as an edit's. Nothing when the level is already so, or the
 * client is out of the caller's range or merged. DB_OK or the error. */
int client_service_assessed_risk(const struct client_ctx *x,
                                 int64_t client_id, int64_t case_id,
                                 const char *level);
/* How many of her service records are dated after the day she left the
 * register (a death reported late, a day mistyped): 0 for an active
 * client or an unknown day. Those records stand, but the day or they are
 * wrong: the caller warns. DB_OK or the store's failure. */
int client_service_records_after_status(const struct client_ctx *x,
                                        const struct client *c, int64_t *n);
/* What an update changes, in the words of her history (状态：在册 →
 * 死亡；…): for an import's dry run and report, which tell each row it
 * updates before anything is written. items names the categories. */
struct dictionary_item;
const char *client_service_change_text(const struct client_ctx *x,
                                       const struct dictionary_item *items,
                                       size_t n_items,
                                       const struct client *before,
                                       const struct client *after, bool en);
/* Whether a record updated from a file (after, before with the file's
 * non-empty cells over it) says what before says: the sealed values the
 * file repeats keep before's ciphertexts (after's are replaced), and the
 * rest is compared as a form's save is. */
bool client_service_same_as(const struct client_ctx *x,
                            const struct client *before, struct client *after,
                            const struct client_plain *p);
/* The audit row of an update an import made (in the import's
 * transaction): client.update with before and after, as an edit's, and
 * the file's SHA-256, so that the client's history tells it. */
int client_service_audit_import(const struct client_ctx *x,
                                const struct client *before,
                                const struct client *after,
                                const char *sha256);
/* c is before with the changes merged in; p's non-NULL members replace
 * the sealed fields. */
int client_service_update(const struct client_ctx *x,
                          const struct client *before, struct client *c,
                          const struct client_plain *p,
                          int64_t expected_version, struct client_fail *fail);
/* The steps of a write, for the importer, which runs many in one
 * transaction: every rule that needs no transaction (fills sex, birth
 * date and pinyin, seals p into c), then whether the ID number is free. */
int client_service_validate(const struct client_ctx *x,
                            const struct client *before, struct client *c,
                            const struct client_plain *p,
                            struct client_fail *fail);
/* A child's guardian consent names one of c's guardians (an update,
 * before given, is judged only when it changes what the rule reads). */
int client_service_check_consent(const struct client_ctx *x,
                                 const struct client *before,
                                 const struct client *c,
                                 struct client_fail *fail);
/* A client as a message names her: "蔡春清 (#2296)", or "#2296" when the
 * caller may not read her; in x->arena. */
const char *client_service_named(const struct client_ctx *x, int64_t id);
int client_service_unique(const struct client_ctx *x, const struct client *c,
                          struct client_fail *fail);
/* Merges from into into (both in scope), keeping both histories. */
int client_service_merge(const struct client_ctx *x, int64_t from,
                         int64_t into, struct client_fail *fail);

/* The personal data in clear, and an audit row naming the reason. */
struct client_revealed {
    const char *id_number, *phone, *hukou_address, *address; /* arena */
    const char **guardian_phones;
};
int client_service_reveal(const struct client_ctx *x, const struct client *c,
                          const char *reason, struct client_revealed *out,
                          struct client_fail *fail);

/* Whole years from birth_date to today (both YYYY-MM-DD). */
int client_age(const char *birth_date, const char *today);
/* The day a client's age and current categories are read on: the day
 * she died when she has, else today. */
const char *client_age_day(const struct client *c, const char *today);
/* Whether a category period holds on day (YYYY-MM-DD). */
bool client_category_current(const struct client_category *k,
                             const char *day);
/* PIPL sensitive personal information (art. 28): every child under 14,
 * and whoever holds a category marked sensitive today (one who died, on
 * her last day). A read of such a record is audited. */
bool client_service_sensitive(const struct client *c, const char *today);
/* Masked forms, in the arena: a phone keeps its first 3 and last 4
 * digits (138****5678), an address its first few characters. */
const char *client_mask_phone(struct arena *a, const char *phone);
const char *client_mask_address(struct arena *a, const char *address);
/* Whether two periods of a category share a day (an open end: still). */
bool client_periods_overlap(const struct client_category *a,
                            const struct client_category *b);
/* A name keeps its first character, the others become stars: 张*,
 * 欧***; a name of one character is a star alone. */
const char *client_mask_name(struct arena *a, const char *name);

#endif
