/* Who is writing, for the audit log: the API's user or the command line. */
#ifndef SGZ_ACTOR_H
#define SGZ_ACTOR_H

struct actor {
    const char *name;    /* for the audit log */
    const char *address;
};

#endif
