/* Password hashing off the request threads. argon2id takes tens of
 * milliseconds and 64 MiB each; a few workers run it, a bounded queue
 * holds what waits, and anything beyond is refused (429 + Retry-After),
 * so a county logging in at 8 a.m. can neither exhaust memory nor stall
 * the threads that serve everyone else. */
#ifndef SGZ_HASH_POOL_H
#define SGZ_HASH_POOL_H

struct hash_pool;

struct hash_pool *hash_pool_new(int workers, int queue_max);
/* Stops the workers after the queue drains. */
void hash_pool_free(struct hash_pool *p);
/* Queues fn(arg); -1 when the queue is full. */
int hash_pool_submit(struct hash_pool *p, void (*fn)(void *), void *arg);

#endif
