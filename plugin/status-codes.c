/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Lookups in the SIP response-code table (the list is in status-codes.def).
 */
#include "status-codes.h"

/*
 * Indexed by code - SIPSTATUS_CODE_MIN so that a lookup is one bounds check
 * and one load; slots of unassigned codes stay zero (code 0 = empty).
 */
#define SIPSTATUS_CODE(code, phrase, reference, description, source, registered)                   \
	[(code)-SIPSTATUS_CODE_MIN] = {code, phrase, reference, description, source, registered},
static const sipstatus_code_info table[SIPSTATUS_CODE_MAX - SIPSTATUS_CODE_MIN + 1] = {
#include "status-codes.def"
};
#undef SIPSTATUS_CODE

#define TABLE_LEN (sizeof(table) / sizeof(table[0]))

const sipstatus_code_info *sipstatus_code_lookup(unsigned code)
{
	/* Check before subtracting: code - MIN would wrap for code < MIN. */
	if (code < SIPSTATUS_CODE_MIN || code > SIPSTATUS_CODE_MAX)
		return NULL;
	if (table[code - SIPSTATUS_CODE_MIN].code == 0)
		return NULL;
	return &table[code - SIPSTATUS_CODE_MIN];
}

unsigned sipstatus_code_class(unsigned code)
{
	if (code < SIPSTATUS_CODE_MIN || code > SIPSTATUS_CODE_MAX)
		return 0;
	return code / 100;
}

const char *sipstatus_class_name(unsigned response_class)
{
	static const char *const names[] = {
	        [1] = "Provisional",    [2] = "Success",        [3] = "Redirection",
	        [4] = "Client Failure", [5] = "Server Failure", [6] = "Global Failure",
	};

	if (response_class < 1 || response_class > 6)
		return NULL;
	return names[response_class];
}

sipstatus_severity sipstatus_class_severity(unsigned response_class)
{
	return SIPSTATUS_CLASS_SEVERITY(response_class);
}

/*
 * Count and index by walking the table rather than keeping a second list
 * that could drift from it; both run only at registration, so the O(n)
 * walk over 600 slots costs nothing that matters.
 */
size_t sipstatus_code_count(void)
{
	size_t i, n = 0;

	for (i = 0; i < TABLE_LEN; i++)
		if (table[i].code != 0)
			n++;
	return n;
}

const sipstatus_code_info *sipstatus_code_at(size_t index)
{
	size_t i;

	for (i = 0; i < TABLE_LEN; i++) {
		if (table[i].code == 0)
			continue;
		if (index == 0)
			return &table[i];
		index--;
	}
	return NULL;
}

unsigned sipstatus_code_treated_as(unsigned code)
{
	unsigned response_class = sipstatus_code_class(code);

	/* "...any provisional response different than 100 that it does not
	 * recognize as 183 (Session Progress)." */
	if (response_class == 1)
		return 183;
	return response_class * 100;
}
