/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE /* memrchr */
#include "sip-text.h"

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

/* As the SIP dissector reads a CSeq value: past the sequence number, from
 * the first letter to the end of the value, trailing blanks dropped. */
static void read_cseq_method(const char *text, size_t length, size_t at,
                             sipstatus_response_text *response)
{
	size_t end;

	while (at < length && is_blank(text[at]))
		at++;
	while (at < length && is_digit(text[at]))
		at++;
	while (at < length && !is_alpha(text[at]) && !ends_value(text[at]))
		at++;
	for (end = at; end < length && !ends_value(text[end]);)
		end++;
	while (end > at && is_blank(text[end - 1]))
		end--;
	if (end - at <= CSEQ_METHOD_MAX) {
		response->method_offset = at;
		response->method_length = end - at;
	}
}

void sipstatus_read_response(const char *text, size_t length, sipstatus_response_text *response)
{
	size_t at = 0, line;

	response->method_offset = response->method_length = 0;
	response->has_reason = response->has_warning = 0;
	while (at < length && is_digit(text[at]))
		at++;
	while (at < length && text[at] == ' ')
		at++;
	response->phrase_offset = at;
	while (at < length && !is_line_end(text[at]))
		at++;
	response->phrase_length = at - response->phrase_offset;

	/* Only three headers matter, so a line is looked at only when its first
	 * letter fits one of them: this runs for every response. */
	for (line = next_line(text, length, at); line < length;
	     line = next_line(text, length, line)) {
		size_t value;

		switch (ascii_lower(text[line])) {
		case '\r':
		case '\n': /* the empty line */
			response->header_end = next_line(text, length, line);
			return;
		case 'c':
			if (response->method_length == 0 &&
			    (value = header_value(text, length, line, "cseq")))
				read_cseq_method(text, length, value, response);
			break;
		case 'r':
			if (header_value(text, length, line, "reason"))
				response->has_reason = 1;
			break;
		case 'w':
			if (header_value(text, length, line, "warning"))
				response->has_warning = 1;
			break;
		}
	}
	response->header_end = line;
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
