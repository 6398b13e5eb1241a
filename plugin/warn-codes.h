/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Registered SIP warn-codes (RFC 3261 section 20.43, RFC 5630, RFC 8373).
 * Pure C, no Wireshark headers.
 */
#ifndef SIPSTATUS_WARN_CODES_H
#define SIPSTATUS_WARN_CODES_H

typedef struct {
	unsigned code;
	const char *meaning;
	const char *reference;
} sipstatus_warn_code_info;

/* The entry for a warn-code, or NULL when it is not registered. */
const sipstatus_warn_code_info *sipstatus_warn_code_lookup(unsigned code);

#endif
