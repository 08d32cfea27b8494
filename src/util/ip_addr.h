/* IP addresses and prefixes: the trusted reverse proxies (setting
 * trusted_proxies) and the client address taken from X-Forwarded-For
 * when a request came through one of them. Pure functions, no I/O. */
#ifndef SGZ_IP_ADDR_H
#define SGZ_IP_ADDR_H
#include <stdbool.h>
#include <stddef.h>

#define IP_LIST_MAX 32
/* X-Forwarded-For whose walk from the right meets this many entries
 * without reaching the client is not believed (the peer's address is
 * kept): no real chain of proxies is that long. */
#define IP_FORWARDED_MAX_HOPS 16

/* An address or a prefix, IPv4 held as IPv4-mapped IPv6 (::ffff:a.b.c.d,
 * its prefix length plus 96), so that a v4 client on a dual-stack socket
 * matches a v4 entry. */
struct ip_net {
    unsigned char addr[16];
    unsigned bits; /* 0..128 */
};

struct ip_list {
    size_t n;
    struct ip_net nets[IP_LIST_MAX];
};

/* One address written as text: dotted-quad IPv4 or IPv6, nothing else
 * (no port, no brackets, no zone, no spaces). n is its length. */
bool ip_parse(const char *s, size_t n, unsigned char out[16]);

/* "127.0.0.1,10.0.0.0/8,::1": comma-separated addresses or CIDR
 * prefixes, spaces around entries allowed, empty text the empty list.
 * Returns 0, or -1 with the offending entry named in err. */
int ip_list_parse(const char *text, struct ip_list *out, char *err,
                  size_t errlen);

bool ip_list_has(const struct ip_list *l, const unsigned char addr[16]);

/* The request's address. peer is the connecting socket's address as
 * text; xff the X-Forwarded-For value (NULL when absent). When the peer
 * is a trusted proxy, the header is walked from the right, trusted
 * proxies skipped, and the first address that is not one is taken
 * (written in canonical form, IPv4 as dotted quad); when every entry is
 * a trusted address, the right-most (what the nearest proxy saw). Only
 * the entries walked are read. Otherwise, or when the header is empty, a
 * walked entry is not an address or the walk passes
 * IP_FORWARDED_MAX_HOPS trusted entries, out is the peer. Returns true
 * when out came from the header. */
bool ip_client_address(const struct ip_list *trusted, const char *peer,
                       const char *xff, char *out, size_t outlen);

#endif
