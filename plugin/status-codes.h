/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SIP response-code table: registered phrase, defining document and a
 * documented description per code.  Pure C with no Wireshark headers, so it
 * can be unit-tested on its own.
 */
#ifndef SIPSTATUS_STATUS_CODES_H
#define SIPSTATUS_STATUS_CODES_H

#include <stddef.h>

#define SIPSTATUS_CODE_MIN 100
#define SIPSTATUS_CODE_MAX 699

/* Default expert severity of a response class; the glue maps it to PI_*. */
typedef enum {
	SIPSTATUS_SEVERITY_CHAT,
	SIPSTATUS_SEVERITY_NOTE,
	SIPSTATUS_SEVERITY_WARN,
	SIPSTATUS_SEVERITY_ERROR
} sipstatus_severity;

typedef struct {
	unsigned code;
	const char *phrase;      /* reason phrase as in the IANA registry */
	const char *reference;   /* defining document, e.g. "RFC 3261" */
	const char *description; /* one or more full sentences */
	const char *source;      /* where the description was taken from:
	                            a seed file name or an RFC */
	int registered;          /* 0 for the historic 409 and 411 */
} sipstatus_code_info;

/* The entry for a code, or NULL when the code is not in the table.  O(1). */
const sipstatus_code_info *sipstatus_code_lookup(unsigned code);

/* 1..6 for a code in 100..699, 0 otherwise. */
unsigned sipstatus_code_class(unsigned code);

/* "Provisional", "Success", ... "Global Failure"; NULL outside 1..6. */
const char *sipstatus_class_name(unsigned response_class);

/* Default severity of a class (1..6); classes outside that range are errors.
 * A constant expression, for static registration arrays. */
#define SIPSTATUS_CLASS_SEVERITY(response_class)                                                   \
	((response_class) == 1 || (response_class) == 2 ? SIPSTATUS_SEVERITY_CHAT                  \
	 : (response_class) == 3                        ? SIPSTATUS_SEVERITY_NOTE                  \
	 : (response_class) == 4                        ? SIPSTATUS_SEVERITY_WARN                  \
	                                                : SIPSTATUS_SEVERITY_ERROR)
sipstatus_severity sipstatus_class_severity(unsigned response_class);

/* The code a UAC treats an unrecognized code as (RFC 3261 section 8.1.3.2):
 * x00 of its class, but 183 for a provisional one; 0 outside 100..699. */
unsigned sipstatus_code_treated_as(unsigned code);

/* Number of table entries and the i-th one in ascending code order, for
 * registering one expert item per code; sipstatus_code_at() returns NULL when
 * index >= sipstatus_code_count(). */
size_t sipstatus_code_count(void);
const sipstatus_code_info *sipstatus_code_at(size_t index);

#endif
