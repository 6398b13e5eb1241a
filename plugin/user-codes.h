/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The user's own code table (UAT "SIP response codes", file sipstatus_codes):
 * vendor codes, or other wording and severity for known ones.
 */
#ifndef SIPSTATUS_USER_CODES_H
#define SIPSTATUS_USER_CODES_H

#include <epan/prefs.h>

/* A row's severity, in the order of the expert items that stand for it. */
typedef enum {
	SIPSTATUS_USER_CHAT,
	SIPSTATUS_USER_NOTE,
	SIPSTATUS_USER_WARNING,
	SIPSTATUS_USER_ERROR,
	SIPSTATUS_USER_SEVERITY_COUNT
} sipstatus_user_severity;

typedef struct {
	guint code;
	char *phrase;
	char *description; /* may be NULL */
	guint severity;    /* a sipstatus_user_severity once the row is usable */
} sipstatus_user_code;

/* Registers the table as a preference of module. */
void sipstatus_user_codes_register(module_t *module);

/* Rebuilds the index of usable rows; called before every dissection too (in
 * 4.0 a file with a refused row skips the table's post-update callback). */
void sipstatus_user_codes_index(void);

/* The usable row for code (the last one wins), or NULL. */
const sipstatus_user_code *sipstatus_user_code_lookup(guint32 code);

#endif
