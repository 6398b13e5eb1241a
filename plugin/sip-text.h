/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small parsers for SIP message text.  Pure C, no Wireshark headers; they
 * never allocate and never read past the length they are given (or, for
 * the NUL-terminated phrases, past the NUL).
 */
#ifndef SIPSTATUS_SIP_TEXT_H
#define SIPSTATUS_SIP_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Part of a message's text, as an offset from where reading started. */
typedef struct {
	size_t offset;
	size_t length;
	int present; /* the part is there, perhaps empty ("tag=") */
} sipstatus_text_span;

/* What the plugin reads of a message's own text.  Asking the SIP dissector
 * for these fields would make it build them for every SIP message, which
 * costs more than all the rest of the plugin (BENCHMARKS.md). */
typedef struct {
	sipstatus_text_span phrase; /* responses: to the end of the status line */
	/* The CSeq method as the SIP dissector reads it; absent when it would
	 * refuse it. */
	sipstatus_text_span cseq_method;
	uint32_t cseq_number;
	int has_cseq_number;
	/* The top Via: the first value of the first Via header. */
	sipstatus_text_span via_sent_by; /* host[:port] */
	sipstatus_text_span via_branch;
	sipstatus_text_span call_id;
	/* The From and To values, whose tags sipstatus_tag_of reads when they
	 * are needed: most messages need neither. */
	sipstatus_text_span from;
	sipstatus_text_span to;
	uint32_t rseq; /* a provisional response's */
	int has_rseq;
	/* A response's first Reason value that has a protocol (a ";": the SIP
	 * dissector reads nothing of one without) and its first Warning value,
	 * where the SIP dissector's strings of them lie: from the first byte
	 * after the colon that is neither a blank nor a line end, on across the
	 * lines that start with a blank (folding), to the line end or the
	 * first NUL, where the string ends.  Read here because asking for
	 * sip.Reason and sip.Warning makes the dissector build them as strings,
	 * which costs more than reading the whole message (BENCHMARKS.md). */
	sipstatus_text_span reason;
	sipstatus_text_span warning;
} sipstatus_message_text;

/* Reading stops at the empty line that ends the headers, or sooner, once
 * every part above is found: a request's later headers cost nothing.
 * Lines end as the SIP dissector ends them (a CR, an LF or a CRLF), and
 * every value read runs on across folded lines, as the dissector's do; a
 * fold inside a value is white space to its parts (RFC 3261's LWS).  A
 * header's name may have blanks before its colon (RFC 3261's HCOLON), which
 * the dissector does not allow. */

/* Reads a response from its status code on ("480 Error\r\nCSeq: 1 INVITE..."),
 * never beyond length bytes. */
void sipstatus_read_response(const char *text, size_t length, sipstatus_message_text *message);

/* Reads a request's headers, text starting at its method ("INVITE sip:..."). */
void sipstatus_read_request(const char *text, size_t length, sipstatus_message_text *message);

/* The tag parameter of a From or To value (RFC 3261 section 20.10: after
 * the name-addr's ">", or after an addr-spec, whose own parameters are the
 * header's); not present when the value or its tag is absent. */
sipstatus_text_span sipstatus_tag_of(const char *text, const sipstatus_text_span *value);

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

/* 1 when the length bytes at value start with a well-formed warning-value,
 * 0 otherwise. */
int sipstatus_parse_warning(const char *value, size_t length, sipstatus_warning_value *warning);

/* A Reason header value (RFC 3326) read as the SIP dissector reads it, so
 * that sipstatus shows what sip.reason_* show: the protocol is what comes
 * before the first ";" (a value without one has none), but for the blanks
 * RFC 3326 allows before the ";", which the dissector keeps; the cause is what
 * strtoul(3) makes of the text after the next "=" up to the next ";",
 * whatever the parameter's name, taken to 32 bits; the text lies inside the
 * first quotes after that ";".  Where the dissector would read from its
 * buffer's start instead (no "=", no quote), the cause is 0 (the status
 * line's, "SIP/2.0 ...") and there is no text. */
typedef struct {
	sipstatus_text_span protocol; /* spans are offsets into the value */
	uint32_t cause;
	sipstatus_text_span text;
} sipstatus_reason_value;

/* 1 when the length bytes at value have a protocol, and so a cause; 0
 * otherwise. */
int sipstatus_parse_reason(const char *value, size_t length, sipstatus_reason_value *reason);

#endif
