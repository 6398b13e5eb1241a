/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small parsers for SIP header text that the SIP dissector hands over whole.
 * Pure C, no Wireshark headers; they never allocate and never read past the
 * terminating NUL.
 */
#ifndef SIPSTATUS_SIP_TEXT_H
#define SIPSTATUS_SIP_TEXT_H

#include <stddef.h>

/* The reason phrase of a status line ("SIP/2.0 480 Error" -> "Error"); ""
 * when the line has none.  Points into line. */
const char *sipstatus_status_line_phrase(const char *line);

/* Whether the phrase a peer sent differs, ignoring ASCII case, from the
 * registered one.  An empty phrase differs from any registered phrase. */
int sipstatus_phrase_differs(const char *registered, const char *sent);

/* The first warning-value of a Warning header (RFC 3261 section 20.43):
 * warn-code SP warn-agent SP warn-text. */
typedef struct {
	unsigned code;
	const char *agent; /* points into the header value */
	size_t agent_len;
	const char *text; /* inside the quotes, escapes left as they are */
	size_t text_len;
} sipstatus_warning_value;

/* 1 when value starts with a well-formed warning-value, 0 otherwise. */
int sipstatus_parse_warning(const char *value, sipstatus_warning_value *warning);

#endif
