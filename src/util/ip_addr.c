#include "ip_addr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static const unsigned char v4_mapped[12] = {0, 0, 0, 0, 0, 0,
                                            0, 0, 0, 0, 0xff, 0xff};

/* Only the characters an address is written with: inet_pton is given
 * nothing it might read loosely, and a zone ("%eth0") or a port
 * ("1.2.3.4:80" has one colon, which inet_pton refuses) never passes. */
static bool address_chars(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                  (c >= 'A' && c <= 'F') || c == '.' || c == ':';
        if (!ok) {
            return false;
        }
    }
    return true;
}

bool ip_parse(const char *s, size_t n, unsigned char out[16])
{
    char buf[INET6_ADDRSTRLEN];
    if (n == 0 || n >= sizeof buf || !address_chars(s, n)) {
        return false;
    }
    memcpy(buf, s, n);
    buf[n] = 0;
    if (memchr(buf, ':', n)) {
        return inet_pton(AF_INET6, buf, out) == 1;
    }
    /* glibc's inet_pton takes exactly four decimal parts, no leading
     * zeros (no octal "010"), nothing after. */
    unsigned char v4[4];
    if (inet_pton(AF_INET, buf, v4) != 1) {
        return false;
    }
    memcpy(out, v4_mapped, sizeof v4_mapped);
    memcpy(out + 12, v4, sizeof v4);
    return true;
}

static bool is_v4(const unsigned char a[16])
{
    return memcmp(a, v4_mapped, sizeof v4_mapped) == 0;
}

static bool in_net(const struct ip_net *net, const unsigned char a[16])
{
    unsigned whole = net->bits / 8, rest = net->bits % 8;
    if (memcmp(net->addr, a, whole) != 0) {
        return false;
    }
    if (rest == 0) {
        return true;
    }
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return (net->addr[whole] & mask) == (a[whole] & mask);
}

bool ip_list_has(const struct ip_list *l, const unsigned char addr[16])
{
    for (size_t i = 0; i < l->n; i++) {
        if (in_net(&l->nets[i], addr)) {
            return true;
        }
    }
    return false;
}

/* The prefix length after '/': 1..3 digits, no sign, no leading zero. */
static bool prefix_len(const char *s, size_t n, unsigned max, unsigned *out)
{
    if (n == 0 || n > 3 || (n > 1 && s[0] == '0')) {
        return false;
    }
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    if (v > max) {
        return false;
    }
    *out = v;
    return true;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* One entry of the setting: an address, or an address/prefix whose
 * host bits are zero (10.0.0.1/8 is more likely a mistake than a
 * network, so it is refused rather than guessed at). */
static bool parse_net(const char *s, size_t n, struct ip_net *net)
{
    const char *slash = memchr(s, '/', n);
    size_t alen = slash ? (size_t)(slash - s) : n;
    if (!ip_parse(s, alen, net->addr)) {
        return false;
    }
    bool v4 = is_v4(net->addr) && !memchr(s, ':', alen);
    net->bits = 128;
    if (slash) {
        unsigned bits;
        if (!prefix_len(slash + 1, n - alen - 1, v4 ? 32 : 128, &bits)) {
            return false;
        }
        net->bits = v4 ? bits + 96 : bits;
        for (unsigned b = net->bits; b < 128; b++) {
            if (net->addr[b / 8] & (0x80 >> (b % 8))) {
                return false;
            }
        }
    }
    return true;
}

int ip_list_parse(const char *text, struct ip_list *out, char *err,
                  size_t errlen)
{
    memset(out, 0, sizeof *out);
    const char *p = text;
    /* Blank text: no proxy is trusted. */
    while (is_space(*p)) {
        p++;
    }
    if (*p == 0) {
        return 0;
    }
    p = text;
    for (;;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *s = p;
        while (n > 0 && is_space(*s)) {
            s++;
            n--;
        }
        while (n > 0 && is_space(s[n - 1])) {
            n--;
        }
        if (n == 0) {
            snprintf(err, errlen,
                     "trusted_proxies: an empty entry (two commas, or one "
                     "at an end)");
            return -1;
        }
        if (out->n == IP_LIST_MAX) {
            snprintf(err, errlen, "trusted_proxies: more than %d entries",
                     IP_LIST_MAX);
            return -1;
        }
        if (!parse_net(s, n, &out->nets[out->n])) {
            snprintf(err, errlen,
                     "trusted_proxies: \"%.*s\" is not an IPv4 or IPv6 "
                     "address or CIDR prefix (with its host bits zero)",
                     (int)(n > 80 ? 80 : n), s);
            return -1;
        }
        out->n++;
        if (!end) {
            return 0;
        }
        p = end + 1;
    }
}

static void format(const unsigned char a[16], char *out, size_t outlen)
{
    char buf[INET6_ADDRSTRLEN];
    const char *ok = is_v4(a) ? inet_ntop(AF_INET, a + 12, buf, sizeof buf)
                              : inet_ntop(AF_INET6, a, buf, sizeof buf);
    snprintf(out, outlen, "%s", ok ? buf : "");
}

bool ip_client_address(const struct ip_list *trusted, const char *peer,
                       const char *xff, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s", peer);
    unsigned char a[16], nearest[16];
    if (trusted->n == 0 || !xff ||
        !ip_parse(peer, strlen(peer), a) || !ip_list_has(trusted, a)) {
        return false; /* not from a proxy we trust: the header is the
                         client's own word, worth nothing */
    }
    /* Right to left: each trusted proxy appended the address it was
     * connected from, so the entries right of the first untrusted one
     * are ours, and everything left of it is whatever the client sent.
     * Only the entries walked are checked (their bytes, their number):
     * a client that pads the left of the header cannot make the server
     * fall back to the proxy's address and share its login limit. */
    size_t end = strlen(xff);
    for (size_t hops = 0;; hops++) {
        if (hops == IP_FORWARDED_MAX_HOPS) {
            return false;
        }
        size_t start = end;
        while (start > 0 && xff[start - 1] != ',') {
            start--;
        }
        for (size_t i = start; i < end; i++) {
            unsigned char c = (unsigned char)xff[i];
            if ((c < 0x20 && c != '\t') || c >= 0x7f) {
                return false; /* not text an honest proxy writes */
            }
        }
        size_t s = start, e = end;
        while (s < e && is_space(xff[s])) {
            s++;
        }
        while (e > s && is_space(xff[e - 1])) {
            e--;
        }
        if (!ip_parse(xff + s, e - s, a)) {
            return false;
        }
        if (hops == 0) {
            memcpy(nearest, a, sizeof nearest);
        }
        if (!ip_list_has(trusted, a)) {
            break; /* the client */
        }
        if (start == 0) {
            /* Every hop a trusted address: the left-most may be the
             * client's own words, so take what the nearest proxy saw. */
            memcpy(a, nearest, sizeof a);
            break;
        }
        end = start - 1;
    }
    format(a, out, outlen);
    if (!*out) {
        snprintf(out, outlen, "%s", peer); /* inet_ntop refused */
        return false;
    }
    return true;
}
