/* `sgz demo --services N`: synthetic service records, their workers and a
 * few open cases, written straight into the tables. */
#ifndef SGZ_DEMO_SERVICES_H
#define SGZ_DEMO_SERVICES_H
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"

struct demo_service_counts {
    size_t workers;     /* demo workers created */
    size_t assigned;    /* clients given a responsible worker */
    size_t cases;       /* open cases created */
    size_t services;    /* service records written */
    size_t existing;    /* service records already there */
    size_t client_links, worker_links;
};

/* Makes the database hold at least n service records: three social
 * workers per township station (user names sw<station code>-1..3, range
 * that station, a random password nobody knows: `sgz user passwd` gives
 * one), each active client without a responsible worker given one, two
 * open cases per new worker, then n minus the records already there,
 * spread over the stations' clients and the years up to today
 * (Beijing), newest last. Needs clients (EXIT_RUNTIME with a message
 * when there are none). Progress goes to standard error. */
int demo_services(struct db *db, int64_t n, int years,
                  struct demo_service_counts *out);

#endif
