/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sipstatus_read_request on any bytes, as the plugin hands them over: from
 * the method on to the end of the packet's data, not terminated, in an
 * exact-size copy so that ASan sees a read one byte past it.  Then what the
 * first pass makes of a request: its From and To tags (sipstatus_tag_of),
 * its transaction key with the request-line method, its call keys and tag
 * hashes, each the same made twice and made from a copy elsewhere
 * (message-checks.h).
 */
#include "message-checks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = exact_copy(data, size);
	char *elsewhere = exact_copy(data, size);
	sipstatus_message_text request, again;
	size_t method_length = 0;

	sipstatus_read_request(text, size, &request);
	sipstatus_read_request(elsewhere, size, &again);
	CHECK(same_message(&request, &again));
	check_message(text, size, &request);
	/* A request has no phrase, and no RSeq, Reason or Warning is read. */
	CHECK(!request.reason.present && !request.warning.present);
	CHECK(!request.phrase.present);
	CHECK(!request.has_rseq);
	/* The method, as the SIP dissector's sip.Method item gives it: the
	 * request line's first word. */
	while (method_length < size && !memchr(" \r\n", text[method_length], 3))
		method_length++;
	check_keys(text, &request, elsewhere, &again, 0, method_length);
	check_call_keys(text, &request, elsewhere, &again);

	free(text);
	free(elsewhere);
	return 0;
}
