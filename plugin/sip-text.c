/* SPDX-License-Identifier: GPL-2.0-or-later */
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

const char *sipstatus_status_line_phrase(const char *line)
{
	const char *p = line;

	/* SIP-Version SP Status-Code SP Reason-Phrase, tolerating extra spaces
	 * as the SIP dissector does. */
	while (*p && *p != ' ')
		p++;
	while (*p == ' ')
		p++;
	while (is_digit(*p))
		p++;
	while (*p == ' ')
		p++;
	return p;
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
