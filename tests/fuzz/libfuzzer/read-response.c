/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sipstatus_read_response on any bytes, as the plugin hands them over: from the status code to the
 * end of the packet's data, not terminated.  The copy is exactly as long as the input, so ASan sees
 * a read one byte past it.  Then the response's tags and keys, made as the first pass makes them
 * (message-checks.h).
 */
#include "message-checks.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* text[0..phrase) is digits then spaces, all of them: the phrase starts
 * with no space, nor with a digit right after the code's. */
static void check_status_code(const char *text, size_t size, size_t phrase)
{
	size_t digits = 0, at;

	while (digits < phrase && is_digit(text[digits]))
		digits++;
	for (at = digits; at < phrase && text[at] == ' ';)
		at++;
	CHECK(at == phrase);
	if (phrase < size)
		CHECK(text[phrase] != ' ' && (phrase > digits || !is_digit(text[phrase])));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = exact_copy(data, size);
	char *elsewhere = exact_copy(data, size);
	sipstatus_message_text response, again;

	sipstatus_read_response(text, size, &response);
	sipstatus_read_response(elsewhere, size, &again);
	CHECK(same_message(&response, &again));
	check_message(text, size, &response);
	/* The phrase: the rest of the status line, after the code's digits
	 * and the spaces after them. */
	CHECK(response.phrase.present);
	check_status_code(text, size, response.phrase.offset);
	CHECK(response.phrase.offset + response.phrase.length == size ||
	      text[response.phrase.offset + response.phrase.length] == '\r' ||
	      text[response.phrase.offset + response.phrase.length] == '\n');
	/* Only a provisional response has an RSeq (RFC 3262). */
	CHECK(!response.has_rseq || text[0] == '1');
	/* A response's key uses its CSeq method. */
	check_keys(text, &response, elsewhere, &again, response.cseq_method.offset,
	           response.cseq_method.present ? response.cseq_method.length : 0);
	check_call_keys(text, &response, elsewhere, &again);
	check_header_value(text, size, &response.reason, "reason", NULL);
	check_header_value(text, size, &response.warning, "warning", NULL);
	CHECK(!response.reason.present ||
	      memchr(text + response.reason.offset, ';', response.reason.length));

	free(text);
	free(elsewhere);
	return 0;
}
