/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sipstatus_parse_reason on any header value, in an exact-size copy as
 * sipstatus_read_response finds one in a message (ASan sees a read past
 * it): its protocol must end at the value's first ";" (blanks before it
 * left out), its text lie inside quotes after the cause, and its cause be
 * what the C library's strtoul makes of the same bytes, kept to 32 bits
 * (the SIP dissector's reading, done here independently).
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

/* The first c in [from, end), or NULL. */
static const char *find(const char *from, const char *end, char c)
{
	return memchr(from, c, (size_t)(end - from));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *value = malloc(size ? size : 1);
	const char *end = value + size;
	sipstatus_reason_value reason;
	const char *first_semicolon;

	CHECK(value);
	memcpy(value, data, size);
	first_semicolon = find(value, end, ';');
	CHECK(sipstatus_parse_reason(value, size, &reason) == (first_semicolon != NULL));
	if (first_semicolon) {
		const char *protocol = value + reason.protocol.offset;
		const char *protocol_end = protocol + reason.protocol.length;
		const char *equals = find(first_semicolon, end, '=');
		const char *cause_end = equals ? find(equals + 1, end, ';') : NULL;
		size_t leading = 0;

		while (value + leading < end && memchr(" \t\r\n", value[leading], 4))
			leading++;
		CHECK(reason.protocol.present);
		CHECK(reason.protocol.offset == leading);
		CHECK(protocol_end <= first_semicolon);
		for (const char *c = protocol_end; c < first_semicolon; c++)
			CHECK(memchr(" \t\r\n", *c, 4));
		CHECK(reason.protocol.length == 0 || !memchr(" \t\r\n", protocol_end[-1], 4));
		CHECK(reason.cause ==
		      (equals ? library_cause(equals + 1, cause_end ? cause_end : end) : 0));
		if (reason.text.present) {
			const char *text = value + reason.text.offset;

			CHECK(cause_end && text > cause_end);
			CHECK(text + reason.text.length < end);
			CHECK(text[-1] == '"' && text[reason.text.length] == '"');
			CHECK(!find(cause_end, text - 1, '"'));
			CHECK(!memchr(text, '"', reason.text.length));
		} else {
			/* no quoted text after the cause */
			const char *quote = cause_end ? find(cause_end, end, '"') : NULL;

			CHECK(!quote || !find(quote + 1, end, '"'));
		}
	}
	free(value);
	return 0;
}
