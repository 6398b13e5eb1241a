/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sipstatus_read_response and sipstatus_line_start on any bytes, as the
 * plugin hands them over: from the status code to the end of the packet's
 * data, not terminated.  The copy is exactly as long as the input, so ASan
 * sees a read one byte past it.
 */
#include <string.h>

#include "harness.h"
#include "sip-text.h"

static int is_letter(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	sipstatus_response_text response;
	size_t start;

	CHECK(text);
	memcpy(text, data, size);
	sipstatus_read_response(text, size, &response);

	CHECK(response.header_end <= size);
	/* The phrase: the rest of the status line. */
	CHECK(response.phrase_offset <= response.header_end);
	CHECK(response.phrase_length <= response.header_end - response.phrase_offset);
	CHECK(!memchr(text + response.phrase_offset, '\r', response.phrase_length));
	CHECK(!memchr(text + response.phrase_offset, '\n', response.phrase_length));
	/* The method, as the SIP dissector reads it: from a letter, inside one
	 * header value, at most 16 characters, no trailing blank. */
	if (response.method_length) {
		const char *method = text + response.method_offset;
		char last = method[response.method_length - 1];

		CHECK(response.method_length <= 16);
		CHECK(response.method_offset <= response.header_end);
		CHECK(response.method_length <= response.header_end - response.method_offset);
		CHECK(is_letter(*method));
		CHECK(!memchr(method, '\r', response.method_length));
		CHECK(!memchr(method, '\n', response.method_length));
		CHECK(!memchr(method, '\0', response.method_length));
		CHECK(last != ' ' && last != '\t');
	}
	CHECK(response.has_reason == 0 || response.has_reason == 1);
	CHECK(response.has_warning == 0 || response.has_warning == 1);

	/* The line holding the end of the headers starts after a line feed and
	 * has none before that end. */
	start = sipstatus_line_start(text, response.header_end);
	CHECK(start <= response.header_end);
	CHECK(start == 0 || text[start - 1] == '\n');
	CHECK(!memchr(text + start, '\n', response.header_end - start));

	free(text);
	return 0;
}
