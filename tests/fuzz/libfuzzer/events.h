/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the transactions and metrics harnesses decode their events with:
 * methods, codes and the clock.  make-seeds writes the same bytes from
 * captures (its METHODS and CODES).
 */
#ifndef SIPSTATUS_FUZZ_EVENTS_H
#define SIPSTATUS_FUZZ_EVENTS_H

#include <stdint.h>

#include "sip-methods.h"

#define MS INT64_C(1000000)
/* Times as the glue gives them (transactions.h: within 2^62 of 0), so that
 * a difference of two always fits. */
#define TIME_LIMIT (INT64_C(1) << 61)

static inline int64_t clamp_time(int64_t time_ns)
{
	if (time_ns > TIME_LIMIT)
		return TIME_LIMIT;
	return time_ns < -TIME_LIMIT ? -TIME_LIMIT : time_ns;
}

/* Four bits: sipstatus_method, and INVITE for the one value past them. */
static inline int decode_method(unsigned bits)
{
	return bits < SIPSTATUS_METHOD_COUNT ? (int)bits : SIPSTATUS_METHOD_INVITE;
}

/* Below 128 one of the codes captures have and those on the edges of each
 * rule (outcomes, SRD failures, challenges, ISA, SEER); above, every eighth
 * code from 0 to 1016. */
static inline unsigned decode_code(uint8_t byte)
{
	static const unsigned codes[32] = {100, 180, 181, 183, 199, 200, 202, 299, 300, 302, 401,
	                                   402, 403, 404, 407, 408, 480, 486, 487, 488, 491, 500,
	                                   503, 504, 600, 603, 607, 608, 699, 700, 0,   99};

	return byte < 128 ? codes[byte % 32] : (unsigned)(byte - 128) * 8;
}

#endif
