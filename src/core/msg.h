/* The message catalogue: every text a user can read in an API error, in
 * zh-CN (default) and English. Templates take the field's label. */
#ifndef SGZ_MSG_H
#define SGZ_MSG_H
#include <stddef.h>

enum lang { LANG_ZH = 0, LANG_EN = 1 };

enum msg_id {
    MSG_NOT_FOUND,
    MSG_ROUTE_NOT_FOUND,
    MSG_METHOD_NOT_ALLOWED,
    MSG_BODY_TOO_LARGE,
    MSG_INVALID_JSON,
    MSG_JSON_TOO_DEEP,
    MSG_NOT_OBJECT,
    MSG_BAD_UTF8,
    MSG_UNKNOWN_FIELD,
    MSG_REQUIRED,
    MSG_WRONG_TYPE_STRING,
    MSG_WRONG_TYPE_INT,
    MSG_WRONG_TYPE_BOOL,
    MSG_WRONG_TYPE_OBJECT,
    MSG_WRONG_TYPE_ARRAY,
    MSG_TOO_SHORT,
    MSG_TOO_LONG,
    MSG_OUT_OF_RANGE,
    MSG_BAD_ENUM,
    MSG_BAD_DATE,
    MSG_BAD_PHONE,
    MSG_BAD_REGION_CODE,
    MSG_REGION_NOT_FOUND,
    MSG_BAD_QUERY_PARAM,
    MSG_UNKNOWN_QUERY_PARAM,
    MSG_STATION_TYPE_UNKNOWN,
    MSG_STATION_TYPE_LEVEL,
    MSG_STATION_REGION_OUTSIDE,
    MSG_STATION_DUPLICATE,
    MSG_STATION_NAME_TAKEN,
    MSG_FACILITY_UNKNOWN,
    MSG_VERSION_CONFLICT,
    MSG_IF_MATCH_BAD,
    MSG_NO_PROFILE,
    MSG_BUSY,
    MSG_INTERNAL,
    MSG_UNSUPPORTED_MEDIA,
    MSG_BAD_CURSOR,
    MSG_URL_TOO_LONG,
    MSG_STATION_INACTIVE,
    MSG_PASSWORD_WEAK,
    MSG_PASSWORD_IS_USERNAME,
    MSG_PASSWORD_REUSED,
    MSG_LOGIN_FAILED,
    MSG_ACCOUNT_LOCKED,
    MSG_ACCOUNT_DISABLED,
    MSG_TOO_MANY_ATTEMPTS,
    MSG_LOGIN_REQUIRED,
    MSG_FORBIDDEN,
    MSG_CSRF,
    MSG_PASSWORD_CHANGE_REQUIRED,
    MSG_USERNAME_TAKEN,
    MSG_LAST_SYSADMIN,
    MSG_ROLE_UNKNOWN,
    MSG_WRONG_PASSWORD,
    MSG_SECOND_FACTOR_REQUIRED,
    MSG_SECOND_FACTOR_ENROL,
    MSG_SECOND_FACTOR_WRONG,
    MSG_SECOND_FACTOR_STATE,
    MSG_NOTHING_TO_CHANGE,
    MSG_ID_SPACE,
    MSG_ID_FULLWIDTH,
    MSG_ID_LENGTH,
    MSG_ID_CHARS,
    MSG_ID_PROVINCE,
    MSG_ID_BIRTH,
    MSG_ID_BIRTH_FUTURE,
    MSG_ID_CHECK,
    MSG_ID_SEX_MISMATCH,
    MSG_ID_TAKEN,
    MSG_ID_TAKEN_ELSEWHERE,
    MSG_VILLAGE_OUTSIDE,
    MSG_MINOR_BASIS,
    MSG_DICT_UNKNOWN,
    MSG_DATE_ORDER,
    MSG_STATION_OUT_OF_RANGE,
    MSG_USER_UNKNOWN,
    MSG_REASON_REQUIRED,
    MSG_STATUS_REASON,
    MSG_MERGE_SAME,
    MSG_CONSENT_INCOMPLETE,
    MSG_ID_COUNTY_UNKNOWN,
    MSG_IMPORT_ID_AS_NUMBER,
    MSG_IMPORT_DUP_IN_FILE,
    MSG_IMPORT_EMPTY,
    MSG_IMPORT_UNREADABLE,
    MSG_IMPORT_HEADER,
    MSG_IMPORT_NO_STATION,
    MSG_IMPORT_BAD_ROW,
    MSG_IMPORT_TOO_MANY,
    MSG_IMPORT_TOO_LARGE,
    MSG_IMPORT_CANCELLED,
    MSG_HOUSEHOLD_HEAD,
    MSG_HOUSEHOLD_MEMBER_STATION,
    MSG_HOUSEHOLD_MEMBER_TAKEN,
    MSG_HOUSEHOLD_MEMBER_TWICE,
    MSG_COUNT_
};

/* The stable error code of a message, e.g. "validation_failed". */
const char *msg_code(enum msg_id id);
/* The text in lang; a template with at most one %s for the label. */
const char *msg_text(enum msg_id id, enum lang lang);
/* Writes the message in lang with its "%s" replaced by label (which may
 * be NULL) into buf. Templates are never handed to printf. */
void msg_format(enum msg_id id, enum lang lang, const char *label, char *buf,
                size_t len);
/* Picks the language from an Accept-Language header: English only when
 * the first listed language is English. NULL means zh-CN. */
enum lang msg_lang_from_header(const char *accept_language);

#endif
