/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the first pass saw of each SIP response, kept for every later pass.
 * Pure C, no Wireshark headers, so it can be unit-tested alone.
 *
 * The store is sized for million-packet captures: one 40-byte record per
 * response in large blocks, no per-frame allocation (Wireshark's per-frame
 * proto data costs about 40 bytes more per frame, and a copy of each string
 * more again).  Frames are looked up by binary search.
 */
#ifndef SIPSTATUS_RESPONSE_STORE_H
#define SIPSTATUS_RESPONSE_STORE_H

#include <stddef.h>
#include <stdint.h>

/* The Reason and Warning headers of a response; most responses have
 * neither, so they live apart. */
typedef struct {
	const char *reason_protocol; /* "Q.850", "SIP", ...; NULL without Reason */
	const char *reason_text;
	uint32_t reason_cause;
	uint8_t has_reason_cause;
	uint16_t warning_code; /* 0 when there is no Warning header */
	const char *warning_agent;
	const char *warning_text;
} sipstatus_response_details;

/* One SIP response and the context its own message carried.  Strings are
 * static (a registered phrase or method) or live as long as the capture
 * file; NULL when absent. */
typedef struct {
	const char *method;                        /* CSeq method of the request answered */
	const char *phrase_sent;                   /* reason phrase as the peer sent it */
	const sipstatus_response_details *details; /* NULL: no Reason, no Warning */
	uint32_t frame;                            /* set by the store */
	uint32_t request_frame;                    /* 0 when the SIP dissector did not link it */
	uint32_t response_time_ms;
	uint16_t code; /* the SIP dissector reads three digits */
	uint16_t has_response_time : 1;
} sipstatus_response;

/* Every SIP response of one frame, in the order the SIP dissector reported
 * them; what "sipstatus" tap listeners receive. */
typedef struct {
	unsigned count;
	const sipstatus_response *responses;
} sipstatus_frame;

typedef struct sipstatus_store sipstatus_store;

/* NULL when memory runs out. */
sipstatus_store *sipstatus_store_new(void);
void sipstatus_store_free(sipstatus_store *store);

/* Room for the count responses of frame, zeroed but for their frame.  The
 * frame must come after every frame stored so far, as on Wireshark's first
 * pass; otherwise, or when memory runs out, NULL. */
sipstatus_response *sipstatus_store_add(sipstatus_store *store, uint32_t frame, unsigned count);

/* The responses stored for frame, or count 0. */
sipstatus_frame sipstatus_store_find(const sipstatus_store *store, uint32_t frame);

#endif
