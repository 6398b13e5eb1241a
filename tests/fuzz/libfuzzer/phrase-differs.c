/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sipstatus_phrase_differs against the C library: the input is a registered
 * phrase, a NUL and a sent one (without a NUL, the same text twice).  In the
 * C locale strcasecmp ignores ASCII case and nothing else, which is what the
 * plugin promises.
 */
#include <string.h>
#include <strings.h>

#include "harness.h"
#include "sip-text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	const char *registered, *sent;
	int differs;

	CHECK(text);
	memcpy(text, data, size);
	text[size] = '\0';
	registered = text;
	sent = memchr(text, '\0', size) ? text + strlen(text) + 1 : text;

	differs = sipstatus_phrase_differs(registered, sent);
	CHECK(differs == (strcasecmp(registered, sent) != 0));
	CHECK(differs == sipstatus_phrase_differs(sent, registered));
	CHECK(!sipstatus_phrase_differs(sent, sent));
	free(text);
	return 0;
}
