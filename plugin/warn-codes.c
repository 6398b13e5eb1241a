/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "warn-codes.h"

#include <stddef.h>

#define WARN_CODE_MIN 300
#define WARN_CODE_MAX 399

/* Indexed by code - WARN_CODE_MIN, so a lookup is one bounds check. */
static const sipstatus_warn_code_info warn_codes[WARN_CODE_MAX - WARN_CODE_MIN + 1] = {
        [300 - WARN_CODE_MIN] = {300, "Incompatible network protocol", "RFC 3261"},
        [301 - WARN_CODE_MIN] = {301, "Incompatible network address formats", "RFC 3261"},
        [302 - WARN_CODE_MIN] = {302, "Incompatible transport protocol", "RFC 3261"},
        [303 - WARN_CODE_MIN] = {303, "Incompatible bandwidth units", "RFC 3261"},
        [304 - WARN_CODE_MIN] = {304, "Media type not available", "RFC 3261"},
        [305 - WARN_CODE_MIN] = {305, "Incompatible media format", "RFC 3261"},
        [306 - WARN_CODE_MIN] = {306, "Attribute not understood", "RFC 3261"},
        [307 - WARN_CODE_MIN] = {307, "Session description parameter not understood", "RFC 3261"},
        [308 - WARN_CODE_MIN] = {308, "Incompatible language specification", "RFC 8373"},
        [330 - WARN_CODE_MIN] = {330, "Multicast not available", "RFC 3261"},
        [331 - WARN_CODE_MIN] = {331, "Unicast not available", "RFC 3261"},
        [370 - WARN_CODE_MIN] = {370, "Insufficient bandwidth", "RFC 3261"},
        [380 - WARN_CODE_MIN] = {380, "SIPS Not Allowed", "RFC 5630"},
        [381 - WARN_CODE_MIN] = {381, "SIPS Required", "RFC 5630"},
        [399 - WARN_CODE_MIN] = {399, "Miscellaneous warning", "RFC 3261"},
};

const sipstatus_warn_code_info *sipstatus_warn_code_lookup(unsigned code)
{
	const sipstatus_warn_code_info *info;

	if (code < WARN_CODE_MIN || code > WARN_CODE_MAX)
		return NULL;
	info = &warn_codes[code - WARN_CODE_MIN];
	return info->code ? info : NULL;
}
