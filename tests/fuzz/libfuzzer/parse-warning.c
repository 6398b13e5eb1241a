/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sipstatus_parse_warning on any header value, in an exact-size copy as
 * sipstatus_read_response finds one in a message (ASan sees a read past
 * it): what it finds must be a warning-value of RFC 3261 section 20.43
 * inside the value, and the warn-code table must agree on the code it
 * looks up.
 */
#include <string.h>

#include "harness.h"
#include "sip-text.h"
#include "warn-codes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *value = malloc(size ? size : 1);
	const sipstatus_warn_code_info *info;
	sipstatus_warning_value warning;

	CHECK(value);
	memcpy(value, data, size);
	if (sipstatus_parse_warning(value, size, &warning)) {
		const char *value_end = value + size;

		CHECK(warning.code <= 999);
		/* warn-agent: one token after the code and a space */
		CHECK(warning.agent >= value + 4 && warning.agent_len > 0);
		CHECK(warning.agent + warning.agent_len < value_end);
		CHECK(!memchr(warning.agent, ' ', warning.agent_len));
		CHECK(warning.agent[-1] == ' ');
		/* warn-text: inside the quotes that follow it */
		CHECK(warning.text == warning.agent + warning.agent_len + 2);
		CHECK(warning.text[-1] == '"');
		CHECK(warning.text + warning.text_len < value_end);
		CHECK(warning.text[warning.text_len] == '"');
		info = sipstatus_warn_code_lookup(warning.code);
		CHECK(!info || info->code == warning.code);
	}
	free(value);
	return 0;
}
