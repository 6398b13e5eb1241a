/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small parsers for SIP header text that the SIP dissector hands over whole.
 * Pure C, no Wireshark headers; they never allocate and never read past the
 * terminating NUL.
 */
#ifndef SIPSTATUS_SIP_TEXT_H
#define SIPSTATUS_SIP_TEXT_H

#include <stddef.h>

/* What the plugin reads of a response's own text, as offsets from its status
 * code.  Asking the SIP dissector for these fields would make it build them
 * for every SIP message, requests included, which cost more than all the
 * rest of the plugin. */
typedef struct {
	size_t phrase_offset; /* the reason phrase, to the end of the status line */
	size_t phrase_length;
	size_t method_offset; /* the CSeq method as the SIP dissector reads it;
	                         length 0 when there is none */
	size_t method_length;
	size_t header_end; /* just past the empty line that ends the headers */
	int has_reason;    /* a Reason header is there */
	int has_warning;   /* a Warning header is there */
} sipstatus_response_text;

/* Reads a response from its status code on ("480 Error\r\nCSeq: 1 INVITE...")
 * up to the end of its headers, never beyond length bytes. */
void sipstatus_read_response(const char *text, size_t length, sipstatus_response_text *response);

/* Where the line holding offset starts: just after the last line feed before
 * it, or 0. */
size_t sipstatus_line_start(const char *text, size_t offset);

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
