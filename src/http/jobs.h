/* Background jobs of this server (an import of a large file): each runs
 * in a thread of its own with a database connection of its own, reports
 * progress, and keeps its result for its owner to fetch. Jobs live in
 * this process: a client polls the node that started its job. */
#ifndef SGZ_JOBS_H
#define SGZ_JOBS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"
#include "../util/strbuf.h"

struct jobs;
struct job;

/* Runs in the job's thread; db is the job's own connection. */
typedef void (*job_fn)(struct job *j, struct db *db, void *arg);

/* At most max jobs are kept; finished ones are dropped after keep_seconds
 * or when room is needed. */
struct jobs *jobs_new(const char *db_url, int max, int64_t keep_seconds);
/* Asks running jobs to stop, waits for them, frees everything. */
void jobs_free(struct jobs *js);

/* Starts fn(arg) for owner; free_arg(arg) runs when it is done. The
 * job's id, or 0 when too many are running (the caller answers 429). */
int64_t jobs_start(struct jobs *js, int64_t owner, job_fn fn, void *arg,
                   void (*free_arg)(void *));

/* For the job itself. */
/* The database its connection is to: for another connection. */
const char *job_db_url(const struct job *j);
void job_progress(struct job *j, size_t done, size_t total);
bool job_cancelled(struct job *j);
/* The outcome: JSON text (copied) and a file to download (taken), either
 * may be NULL. failed marks a job that could not do its work. */
void job_finish(struct job *j, bool failed, const char *json,
                struct strbuf *file);

/* A copy of a job's state, when it exists and belongs to owner. */
struct job_view {
    const char *status; /* "running", "done" or "failed" */
    size_t done, total;
    char *json;         /* malloc'd or NULL */
    char *file;         /* malloc'd or NULL */
    size_t file_len;
};
bool jobs_view(struct jobs *js, int64_t id, int64_t owner, bool with_file,
               struct job_view *out);
void job_view_free(struct job_view *v);

#endif
