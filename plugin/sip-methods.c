/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sip-methods.h"

#include <string.h>

static const struct {
	const char *name;
	size_t length;
} methods[SIPSTATUS_METHOD_COUNT] = {
#define SIPSTATUS_METHOD_ENTRY(name) [SIPSTATUS_METHOD_##name] = {#name, sizeof(#name) - 1},
        SIPSTATUS_METHODS(SIPSTATUS_METHOD_ENTRY)
#undef SIPSTATUS_METHOD_ENTRY
};

sipstatus_method sipstatus_method_lookup(const char *bytes, size_t length)
{
	/* Registered methods differ in length or first letter but for a few:
	 * compare only those that could match. */
	for (int method = 1; method < SIPSTATUS_METHOD_COUNT; method++)
		if (methods[method].length == length && methods[method].name[0] == bytes[0] &&
		    memcmp(methods[method].name, bytes, length) == 0)
			return (sipstatus_method)method;
	return SIPSTATUS_METHOD_UNREGISTERED;
}

const char *sipstatus_method_name(sipstatus_method method)
{
	return method > SIPSTATUS_METHOD_UNREGISTERED && method < SIPSTATUS_METHOD_COUNT
	               ? methods[method].name
	               : NULL;
}
