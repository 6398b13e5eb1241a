/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "ws-compat.h"

#include <epan/uat.h>
#include <wsutil/strtoi.h>

#include "status-codes.h"
#include "user-codes.h"

#define SEVERITY_INVALID G_MAXUINT

/* Order matches sipstatus_user_severity. */
static const value_string severity_vals[] = {
        {SIPSTATUS_USER_CHAT, "Chat"},
        {SIPSTATUS_USER_NOTE, "Note"},
        {SIPSTATUS_USER_WARNING, "Warning"},
        {SIPSTATUS_USER_ERROR, "Error"},
        {0, NULL},
};

static sipstatus_user_code *user_codes;
static guint user_code_count;
/* Position + 1 of the usable row for each code - SIPSTATUS_CODE_MIN (0: none);
 * the last row for a code wins.  Positions, not pointers: the UAT dialog
 * may move the rows while the user edits them. */
static guint user_code_row[SIPSTATUS_CODE_MAX - SIPSTATUS_CODE_MIN + 1];

UAT_DEC_CB_DEF(user_codes, code, sipstatus_user_code)
UAT_CSTRING_CB_DEF(user_codes, phrase, sipstatus_user_code)
UAT_CSTRING_CB_DEF(user_codes, description, sipstatus_user_code)
UAT_VS_DEF(user_codes, severity, sipstatus_user_code, guint, SEVERITY_INVALID, "")

/* Field checks: the UAT dialog shows their message as the user types, and
 * a profile's file or tshark's -o reports it with the line.  A refused row
 * is kept but marked invalid, and the other rows still load. */
static gboolean code_in_range(guint32 code)
{
	return code >= SIPSTATUS_CODE_MIN && code <= SIPSTATUS_CODE_MAX;
}

static sipstatus_bool check_code(void *record _U_, const char *text, unsigned length,
                                 const void *u1 _U_, const void *u2 _U_, char **error)
{
	char *copy = g_strndup(text, length);
	guint32 code = 0;
	gboolean ok = ws_strtou32(copy, NULL, &code) && code_in_range(code);

	*error = ok ? NULL
	            : g_strdup_printf("Code \"%s\" is not a SIP response code (%d-%d)", copy,
	                              SIPSTATUS_CODE_MIN, SIPSTATUS_CODE_MAX);
	g_free(copy);
	return ok;
}

static sipstatus_bool check_phrase(void *record _U_, const char *text _U_, unsigned length,
                                   const void *u1 _U_, const void *u2 _U_, char **error)
{
	*error = length ? NULL : g_strdup("The phrase is empty");
	return length != 0;
}

static sipstatus_bool check_severity(void *record _U_, const char *text, unsigned length,
                                     const void *u1 _U_, const void *u2 _U_, char **error)
{
	char *copy = g_strndup(text, length);
	gboolean ok = str_to_val_idx(copy, severity_vals) >= 0;

	*error = ok ? NULL
	            : g_strdup_printf("Severity \"%s\" is not Chat, Note, Warning or Error", copy);
	g_free(copy);
	return ok;
}

/* Refused rows are still in the table; this skips them. */
static gboolean row_usable(const sipstatus_user_code *row)
{
	return code_in_range(row->code) && row->phrase && row->phrase[0] &&
	       row->severity < SIPSTATUS_USER_SEVERITY_COUNT;
}

static void *row_copy(void *dest, const void *source, size_t length _U_)
{
	sipstatus_user_code *to = (sipstatus_user_code *)dest;
	const sipstatus_user_code *from = (const sipstatus_user_code *)source;

	to->code = from->code;
	to->phrase = g_strdup(from->phrase);
	to->description = g_strdup(from->description);
	to->severity = from->severity;
	return to;
}

static void row_free(void *record)
{
	sipstatus_user_code *row = (sipstatus_user_code *)record;

	g_free(row->phrase);
	g_free(row->description);
}

void sipstatus_user_codes_index(void)
{
	memset(user_code_row, 0, sizeof(user_code_row));
	for (guint i = 0; i < user_code_count; i++)
		if (row_usable(&user_codes[i]))
			user_code_row[user_codes[i].code - SIPSTATUS_CODE_MIN] = i + 1;
}

const sipstatus_user_code *sipstatus_user_code_lookup(guint32 code)
{
	guint row = code_in_range(code) ? user_code_row[code - SIPSTATUS_CODE_MIN] : 0;

	return row && row <= user_code_count ? &user_codes[row - 1] : NULL;
}

void sipstatus_user_codes_register(module_t *module)
{
/* Like UAT_FLD_CSTRING and UAT_FLD_VS, with our own check callback. */
#define USER_CODE_FIELD(name, title, mode, check, data, desc)                                      \
	{                                                                                          \
#name, title, mode,                                                                \
		        {check, user_codes_##name##_set_cb, user_codes_##name##_tostr_cb },        \
		         {data, data, data }, data, desc, FLDFILL                                  \
	}
	static uat_field_t fields[] = {
	        USER_CODE_FIELD(code, "Code", PT_TXTMOD_STRING, check_code, NULL,
	                        "SIP response code, 100-699"),
	        USER_CODE_FIELD(phrase, "Phrase", PT_TXTMOD_STRING, check_phrase, NULL,
	                        "Reason phrase to show"),
	        UAT_FLD_CSTRING(user_codes, description, "Description", "What the code means"),
	        USER_CODE_FIELD(severity, "Severity", PT_TXTMOD_ENUM, check_severity,
	                        &severity_vals, "Expert severity: Chat, Note, Warning or Error"),
	        UAT_END_FIELDS};
#undef USER_CODE_FIELD
	uat_t *uat = uat_new("SIP response codes", sizeof(sipstatus_user_code), "sipstatus_codes",
	                     TRUE, &user_codes, &user_code_count, UAT_AFFECTS_DISSECTION, NULL,
	                     row_copy, NULL, row_free, sipstatus_user_codes_index, NULL, fields);

	prefs_register_uat_preference(
	        module, "codes", "SIP response codes",
	        "Your own codes, or your own wording and severity for known ones. A row wins "
	        "over the built-in table; its expert item is sipstatus.user.<severity>.",
	        uat);
}
