/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sipstatus_parse_reason on any header value, NUL-terminated as the SIP
 * dissector hands it over: its protocol must end at the value's first ";"
 * (blanks before it left out),
 * its text lie inside quotes after the cause, and its cause be what the C
 * library's strtoul makes of the same bytes, kept to 32 bits (the SIP
 * dissector's reading, done here independently).
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "sip-text.h"

/* strtoul(3) on the bytes from start up to end, as the SIP dissector
 * calls it on a copy of them. */
static uint32_t library_cause(const char *start, const char *end)
{
	size_t length = (size_t)(end - start);
	char *copy = malloc(length + 1);
	unsigned long cause;

	CHECK(copy);
	memcpy(copy, start, length);
	copy[length] = '\0';
	cause = strtoul(copy, NULL, 10);
	free(copy);
	return (uint32_t)cause;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *value = malloc(size + 1);
	sipstatus_reason_value reason;
	const char *first_semicolon;

	CHECK(value);
	memcpy(value, data, size);
	value[size] = '\0';
	first_semicolon = strchr(value, ';');
	CHECK(sipstatus_parse_reason(value, &reason) == (first_semicolon != NULL));
	if (first_semicolon) {
		const char *protocol = value + reason.protocol.offset;
		const char *equals = strchr(first_semicolon, '=');
		const char *cause_end = equals ? strchr(equals + 1, ';') : NULL;

		CHECK(reason.protocol.present);
		CHECK(protocol + reason.protocol.length +
		              strspn(protocol + reason.protocol.length, " \t\r\n") ==
		      first_semicolon);
		CHECK(reason.protocol.length == 0 ||
		      !strchr(" \t\r\n", protocol[reason.protocol.length - 1]));
		CHECK(strspn(value, " \t\r\n") == reason.protocol.offset);
		CHECK(reason.cause ==
		      (equals ? library_cause(equals + 1,
		                              cause_end ? cause_end : equals + strlen(equals))
		              : 0));
		if (reason.text.present) {
			const char *text = value + reason.text.offset;

			CHECK(cause_end && text > cause_end);
			CHECK(text[-1] == '"' && text[reason.text.length] == '"');
			CHECK(!memchr(cause_end, '"', (size_t)(text - 1 - cause_end)));
			CHECK(!memchr(text, '"', reason.text.length));
		} else {
			/* no quoted text after the cause */
			const char *quote = cause_end ? strchr(cause_end, '"') : NULL;

			CHECK(!quote || !strchr(quote + 1, '"'));
		}
	}
	free(value);
	return 0;
}
