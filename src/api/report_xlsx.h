/* A report as a formatted .xlsx (issue 8): a cover sheet with the
 * report's particulars, the main figures, a sheet per cut (by service
 * type, area, client category, month), the fund use where there is one,
 * and the narrative — merged title rows, number formats, figures as
 * numbers so that the sheet adds up. */
#ifndef SGZ_REPORT_XLSX_H
#define SGZ_REPORT_XLSX_H
#include <stdbool.h>
#include <stddef.h>

#include "../store/report_store.h"
#include "../util/strbuf.h"

/* figures: the report's figures JSON (report_figures.h); type_label:
 * its type's name under the active profile (report_type_label). 0, or
 * -1 with a reason in err. */
int report_xlsx(const struct report *p, const char *figures,
                const char *type_label, bool en, struct strbuf *out,
                char *err, size_t errlen);

#endif
