/* Resident identity card numbers (公民身份号码, GB 11643-1999): 6 digits
 * of the issuing division, the birth date YYYYMMDD, a 3-digit sequence
 * whose parity is the sex (odd: male), and an ISO 7064 MOD 11-2 check
 * character (0-9 or X). Numbers issued before 1999 have 15 digits and a
 * 2-digit year of the 1900s; they are converted to 18. */
#ifndef SGZ_ID_NUMBER_H
#define SGZ_ID_NUMBER_H
#include <stdbool.h>

#include "msg.h"

#define ID_NUMBER_LEN 18

struct id_number {
    char number[ID_NUMBER_LEN + 1]; /* the 18-character form */
    char birth_date[11];            /* YYYY-MM-DD */
    char sex;                       /* 'M' or 'F' */
    char county[7];                 /* the issuing division code */
    bool converted;                 /* it was a 15-digit number */
};

/* Checks s and fills *out. Returns MSG_COUNT_ when valid, else the exact
 * reason: spaces, full-width digits, wrong length, a character that is
 * not a digit (or X last), a province that does not exist, an impossible
 * birth date, one after today or before 1900, a wrong check character.
 * today is "YYYY-MM-DD" in Beijing time. A lower-case x is accepted. An
 * unknown county is not checked here: cards from abolished counties stay
 * valid, so the caller only warns. */
enum msg_id id_number_parse(const char *s, const char *today,
                            struct id_number *out);
/* The check character of the first 17 digits. */
char id_number_check_char(const char *first17);
/* Masked for display: the first 4 and last 4 characters,
 * "4302**********123X"; into buf of at least 19 bytes. */
void id_number_mask(const char *number, char *buf);

#endif
