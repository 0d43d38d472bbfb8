#include "core/common.h"

#include "core/report.h"
#include "core/report_csv.h"
#include "core/report_html.h"
#include "core/report_json.h"
#include "core/report_table.h"
#include "core/banned.h"

static const char *const format_names[] = {"csv", "json", "table", "html"};

int cc_report_format_parse(enum cc_report_format *out, const char *name)
{
    for (size_t i = 0; name && i < CC_ARRAY_LEN(format_names); i++) {
        if (strcmp(name, format_names[i]) == 0) {
            *out = (enum cc_report_format)i;
            return 0;
        }
    }
    return CC_EINVAL;
}

const char *cc_report_format_name(enum cc_report_format f)
{
    return (size_t)f < CC_ARRAY_LEN(format_names) ? format_names[f] : "?";
}

void cc_report_run_init(struct cc_report_run *run)
{
    run->command = NULL;
    run->config = NULL;
    run->store = NULL;
    run->fetched = -1;
    run->generated_at = CC_TIME_NONE;
    run->date_option = CC_TIME_NONE;
    run->window_option = -1;
    run->compact = false;
}

int cc_report_add(struct cc_buf *out, enum cc_report_format f,
                  const struct cc_verify_result *const *results, size_t n,
                  const struct cc_report_run *run, bool csv_header,
                  const struct cc_report_table_options *table, struct cc_error *err)
{
    size_t mark = out->len;
    int rc = 0;
    switch (f) {
    case CC_REPORT_CSV:
        if (csv_header) {
            rc = cc_report_csv_add_header(out);
        }
        for (size_t i = 0; rc == 0 && i < n; i++) {
            rc = cc_report_csv_add(out, results[i]);
        }
        break;
    case CC_REPORT_JSON:
        return cc_report_json_add(out, results, n, run, err);
    case CC_REPORT_TABLE:
        rc = cc_report_table_add(out, results, n, table);
        break;
    case CC_REPORT_HTML:
        rc = cc_report_html_add(out, results, n, run);
        break;
    default:
        return cc_error_set(err, CC_EINVAL, NULL, "unknown report format %d", (int)f);
    }
    if (rc != 0) {
        cc_buf_truncate(out, mark);
        return cc_error_set(err, rc, NULL, "cannot build the %s report: %s",
                            cc_report_format_name(f), cc_status_str(rc));
    }
    return 0;
}
