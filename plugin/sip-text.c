/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE /* memrchr */
#include "sip-text.h"

#include <stdint.h>
#include <string.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_line_end(char c)
{
	return c == '\r' || c == '\n';
}

/* Offset of the next line's start, or length. */
static size_t next_line(const char *text, size_t length, size_t at)
{
	const char *line_feed = at < length ? memchr(text + at, '\n', length - at) : NULL;

	return line_feed ? (size_t)(line_feed - text) + 1 : length;
}

/* The header named name (lower case; any case in the text), then optional
 * blanks and a colon: the value's offset, or 0 when the line holds another
 * header. */
static size_t header_value(const char *text, size_t length, size_t line, const char *name)
{
	size_t at = line;

	for (; *name; name++, at++)
		if (at >= length || ascii_lower(text[at]) != *name)
			return 0;
	while (at < length && is_blank(text[at]))
		at++;
	return at < length && text[at] == ':' ? at + 1 : 0;
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The SIP dissector's value ends at the line end, or at a NUL. */
static int ends_value(char c)
{
	return is_line_end(c) || c == '\0';
}

/* The SIP dissector refuses longer methods ("CSeq String too big"). */
#define CSEQ_METHOD_MAX 16

static int is_token_end(char c)
{
	return is_blank(c) || ends_value(c) || c == ';' || c == ',' || c == '=' || c == '/' ||
	       c == '"';
}

static size_t skip_blanks(const char *text, size_t end, size_t at)
{
	while (at < end && is_blank(text[at]))
		at++;
	return at;
}

static size_t skip_token(const char *text, size_t end, size_t at)
{
	while (at < end && !is_token_end(text[at]))
		at++;
	return at;
}

/* Past a quoted string that starts at at (escapes skipped), or end. */
static size_t skip_quoted(const char *text, size_t end, size_t at)
{
	for (at++; at < end && text[at] != '"'; at++)
		if (text[at] == '\\')
			at++;
	return at < end ? at + 1 : end;
}

/* Where a header value that starts at at ends: the line end, or a NUL, as
 * the SIP dissector reads header values. */
static size_t value_end(const char *text, size_t length, size_t at)
{
	while (at < length && !ends_value(text[at]))
		at++;
	return at;
}

static int same_name(const char *text, size_t at, size_t end, const char *name)
{
	size_t i = 0;

	for (; at + i < end && name[i]; i++)
		if (ascii_lower(text[at + i]) != name[i])
			return 0;
	return name[i] == '\0' && at + i == end;
}

static void set_span(sipstatus_text_span *span, size_t start, size_t end)
{
	span->offset = start;
	span->length = end - start;
	span->present = 1;
}

/* Reads ";name=value" parameters from at up to end, keeping the value of
 * the first one called name (lower case; any case in the text). */
static void read_parameter(const char *text, size_t end, size_t at, const char *name,
                           sipstatus_text_span *value)
{
	for (;;) {
		size_t name_start, name_end, value_start, value_stop;

		at = skip_blanks(text, end, at);
		if (at >= end || text[at] != ';')
			return;
		name_start = skip_blanks(text, end, at + 1);
		name_end = skip_token(text, end, name_start);
		at = skip_blanks(text, end, name_end);
		value_start = value_stop = at;
		if (at < end && text[at] == '=') {
			value_start = skip_blanks(text, end, at + 1);
			if (value_start < end && text[value_start] == '"')
				value_stop = skip_quoted(text, end, value_start);
			else
				value_stop = skip_token(text, end, value_start);
			at = value_stop;
		}
		if (same_name(text, name_start, name_end, name)) {
			set_span(value, value_start, value_stop);
			return;
		}
	}
}

/* The first via-parm (RFC 3261 section 20.42): sent-protocol LWS sent-by
 * *( SEMI via-params ).  Nothing is kept when sent-protocol is not
 * "name/version/transport". */
static void read_via(const char *text, size_t end, size_t at, sipstatus_message_text *message)
{
	size_t sent_by;

	for (int part = 0; part < 3; part++) {
		size_t token_start = skip_blanks(text, end, at);

		at = skip_token(text, end, token_start);
		if (at == token_start)
			return;
		at = skip_blanks(text, end, at);
		if (part < 2) {
			if (at >= end || text[at] != '/')
				return;
			at++;
		}
	}
	sent_by = at;
	while (at < end && !is_blank(text[at]) && text[at] != ';' && text[at] != ',')
		at++;
	if (at == sent_by)
		return;
	set_span(&message->via_sent_by, sent_by, at);
	read_parameter(text, end, at, "branch", &message->via_branch);
}

/* The tag parameter of a From or To value: after the name-addr's ">", or
 * after an addr-spec, whose own parameters are the header's (RFC 3261
 * section 20.10). */
static void read_tag(const char *text, size_t end, size_t at, sipstatus_text_span *tag)
{
	at = skip_blanks(text, end, at);
	if (at < end && text[at] == '"')
		at = skip_quoted(text, end, at);
	while (at < end && text[at] != '<' && text[at] != ';' && text[at] != ',')
		at++;
	if (at < end && text[at] == '<') {
		const char *close = memchr(text + at, '>', end - at);

		if (!close)
			return;
		at = (size_t)(close - text) + 1;
	}
	read_parameter(text, end, at, "tag", tag);
}

/* Decimal digits from at, as far as they go: 1 and the number when there
 * is at least one digit and it fits in 32 bits. */
static int read_number(const char *text, size_t end, size_t at, uint32_t *number, size_t *stop)
{
	uint64_t value = 0;
	size_t start = at;

	for (; at < end && is_digit(text[at]); at++) {
		value = value * 10 + (uint64_t)(text[at] - '0');
		if (value > UINT32_MAX)
			value = (uint64_t)UINT32_MAX + 1; /* stays too big */
	}
	*stop = at;
	*number = (uint32_t)value;
	return at > start && value <= UINT32_MAX;
}

/* As the SIP dissector reads a CSeq value: the sequence number, then the
 * method from the first letter to the end of the value, trailing blanks
 * dropped. */
static void read_cseq(const char *text, size_t end, size_t at, sipstatus_message_text *message)
{
	size_t stop;

	at = skip_blanks(text, end, at);
	message->has_cseq_number = read_number(text, end, at, &message->cseq_number, &at);
	while (at < end && !is_alpha(text[at]))
		at++;
	stop = end;
	while (stop > at && is_blank(text[stop - 1]))
		stop--;
	if (stop > at && stop - at <= CSEQ_METHOD_MAX)
		set_span(&message->cseq_method, at, stop);
}

static void read_call_id(const char *text, size_t end, size_t at, sipstatus_message_text *message)
{
	at = skip_blanks(text, end, at);
	while (end > at && is_blank(text[end - 1]))
		end--;
	set_span(&message->call_id, at, end);
}

static void read_rseq(const char *text, size_t end, size_t at, sipstatus_message_text *message)
{
	size_t stop;

	message->has_rseq =
	        read_number(text, end, skip_blanks(text, end, at), &message->rseq, &stop);
}

/* The first of the header's long or compact name that the line holds: the
 * value's offset, or 0. */
static size_t named_value(const char *text, size_t length, size_t line, const char *name,
                          const char *compact)
{
	size_t value = header_value(text, length, line, name);

	return value || !compact ? value : header_value(text, length, line, compact);
}

/* Reads the headers from the line at on, up to the empty line.  Only the
 * first header of each name counts.  A line is looked at only when its
 * first letter fits one of the headers read: this runs for every message. */
static void read_headers(const char *text, size_t length, size_t line,
                         sipstatus_message_text *message)
{
	int seen_cseq = 0, seen_via = 0, seen_from = 0, seen_to = 0, seen_rseq = 0;

	for (; line < length; line = next_line(text, length, line)) {
		size_t value;

		switch (ascii_lower(text[line])) {
		case '\r':
		case '\n': /* the empty line */
			message->header_end = next_line(text, length, line);
			return;
		case 'c':
			if (!seen_cseq && (value = header_value(text, length, line, "cseq"))) {
				seen_cseq = 1;
				read_cseq(text, value_end(text, length, value), value, message);
			} else if (!message->call_id.present &&
			           (value = header_value(text, length, line, "call-id"))) {
				read_call_id(text, value_end(text, length, value), value, message);
			}
			break;
		case 'i':
			if (!message->call_id.present &&
			    (value = header_value(text, length, line, "i")))
				read_call_id(text, value_end(text, length, value), value, message);
			break;
		case 'v':
			if (!seen_via && (value = named_value(text, length, line, "via", "v"))) {
				seen_via = 1;
				read_via(text, value_end(text, length, value), value, message);
			}
			break;
		case 'f':
			if (!seen_from && (value = named_value(text, length, line, "from", "f"))) {
				seen_from = 1;
				read_tag(text, value_end(text, length, value), value,
				         &message->from_tag);
			}
			break;
		case 't':
			if (!seen_to && (value = named_value(text, length, line, "to", "t"))) {
				seen_to = 1;
				read_tag(text, value_end(text, length, value), value,
				         &message->to_tag);
			}
			break;
		case 'r':
			if (header_value(text, length, line, "reason")) {
				message->has_reason = 1;
			} else if (!seen_rseq &&
			           (value = header_value(text, length, line, "rseq"))) {
				seen_rseq = 1;
				read_rseq(text, value_end(text, length, value), value, message);
			}
			break;
		case 'w':
			if (header_value(text, length, line, "warning"))
				message->has_warning = 1;
			break;
		}
	}
	message->header_end = line;
}

void sipstatus_read_response(const char *text, size_t length, sipstatus_message_text *message)
{
	size_t at = 0;

	memset(message, 0, sizeof(*message));
	while (at < length && is_digit(text[at]))
		at++;
	while (at < length && text[at] == ' ')
		at++;
	message->phrase.offset = at;
	while (at < length && !is_line_end(text[at]))
		at++;
	set_span(&message->phrase, message->phrase.offset, at);
	read_headers(text, length, next_line(text, length, at), message);
}

void sipstatus_read_request(const char *text, size_t length, sipstatus_message_text *message)
{
	memset(message, 0, sizeof(*message));
	read_headers(text, length, next_line(text, length, 0), message);
}

size_t sipstatus_line_start(const char *text, size_t offset)
{
	const char *line_feed = offset ? memrchr(text, '\n', offset) : NULL;

	return line_feed ? (size_t)(line_feed - text) + 1 : 0;
}

int sipstatus_phrase_differs(const char *registered, const char *sent)
{
	size_t i;

	for (i = 0; registered[i] && sent[i]; i++)
		if (ascii_lower(registered[i]) != ascii_lower(sent[i]))
			return 1;
	return registered[i] != sent[i];
}

int sipstatus_parse_warning(const char *value, sipstatus_warning_value *warning)
{
	const char *p = value;
	const char *agent, *text;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!is_digit(p[0]) || !is_digit(p[1]) || !is_digit(p[2]) || p[3] != ' ')
		return 0;
	warning->code = (unsigned)((p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0'));
	p += 4;

	agent = p;
	while (*p && *p != ' ')
		p++;
	if (p == agent || *p != ' ' || p[1] != '"')
		return 0;
	warning->agent = agent;
	warning->agent_len = (size_t)(p - agent);

	text = p += 2;
	while (*p && *p != '"') {
		if (*p == '\\' && p[1])
			p++;
		p++;
	}
	if (*p != '"')
		return 0;
	warning->text = text;
	warning->text_len = (size_t)(p - text);
	return 1;
}
