/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the first pass saw of each SIP response and request, kept for every
 * later pass.  Pure C, no Wireshark headers, so it can be unit-tested alone.
 *
 * The store is sized for million-packet captures: one 48-byte record per
 * response and 20 bytes per request in large blocks, no per-frame allocation (Wireshark's per-frame
 * proto data costs about 40 bytes more per frame, and a copy of each string
 * more again).  Frames are looked up by binary search.
 */
#ifndef SIPSTATUS_RESPONSE_STORE_H
#define SIPSTATUS_RESPONSE_STORE_H

#include <stddef.h>
#include <stdint.h>

/* A text of a response's message kept for later passes: where it lies in
 * the frame's own bytes, which every pass has again, or, for a message
 * Wireshark put together from several frames or decoded, a copy. */
typedef struct {
	const char *copy; /* NULL: at offset in the frame's bytes */
	uint32_t offset;
	uint32_t length;
	uint8_t present;
} sipstatus_kept_text;

/* What is unusual about a response: a phrase other than the registered
 * one, a method outside the registry, Reason and Warning headers.  Most
 * responses have none of it, so it lives apart. */
typedef struct {
	const char *phrase_sent;     /* NULL: the registered phrase was sent */
	const char *method;          /* a CSeq method outside the registry */
	const char *reason_protocol; /* "Q.850", "SIP", ...; NULL without Reason */
	sipstatus_kept_text reason_text;
	uint32_t reason_cause; /* a Reason always has one (sip-text.h) */
	uint16_t warning_code; /* 0 when there is no Warning header */
	sipstatus_kept_text warning_agent;
	sipstatus_kept_text warning_text;
} sipstatus_response_details;

/* One SIP response, the context its own message carried and what the
 * transaction table made of it.  Strings live as long as the capture file. */
typedef struct {
	uint32_t frame;                            /* set by the store, first as in every record */
	uint32_t transaction;                      /* the transaction table's number; 0: none */
	const sipstatus_response_details *details; /* NULL: nothing unusual */
	int64_t response_time_ns;                  /* with has_response_time */
	int64_t srd_ns;                            /* with has_srd */
	uint32_t request_frame;  /* first copy of the request answered; 0: not captured */
	uint32_t original_frame; /* first copy, for a retransmission; else 0 */
	uint16_t code;           /* the SIP dissector reads three digits */
	uint8_t method;          /* sipstatus_method of the CSeq; details->method
	                            when UNREGISTERED */
	uint8_t outcome;         /* sipstatus_outcome, for a session-starting INVITE */
	uint8_t has_phrase : 1;  /* a phrase was read: details->phrase_sent, or
	                            the registered one */
	uint8_t has_response_time : 1;
	uint8_t has_srd : 1;
} sipstatus_response;

/* One SIP request but ACK: what the capture's statistics need of it. */
typedef struct {
	uint32_t frame; /* set by the store */
	uint32_t transaction;
	uint32_t original_frame; /* first copy, for a retransmission; else 0 */
	/* A REGISTER's registration attempt, by its first REGISTER's
	 * transaction (itself when it starts one); a BYE's call, by its
	 * INVITE's transaction; else 0. */
	uint32_t related;
	uint8_t method; /* sipstatus_method */
	uint8_t starts_session : 1;
} sipstatus_request;

/* The CSeq method, or NULL when there was none. */
const char *sipstatus_response_method(const sipstatus_response *response);

/* The phrase as the peer sent it, or NULL when none was read. */
const char *sipstatus_response_phrase_sent(const sipstatus_response *response);

/* Every SIP message of one frame, in the order the SIP dissector reported
 * them; what "sipstatus" tap listeners receive. */
typedef struct {
	unsigned response_count;
	const sipstatus_response *responses;
	unsigned request_count;
	const sipstatus_request *requests;
} sipstatus_frame;

/* A store of fixed-size records, each starting with its uint32_t frame. */
typedef struct sipstatus_store sipstatus_store;

typedef struct {
	unsigned count;
	const void *records;
} sipstatus_stored;

/* NULL when memory runs out. */
sipstatus_store *sipstatus_store_new(size_t record_size);
void sipstatus_store_free(sipstatus_store *store);

/* Room for the count records of frame, zeroed but for their frame.  The
 * frame must come after every frame stored so far, as on Wireshark's first
 * pass; otherwise, or when memory runs out, NULL. */
void *sipstatus_store_add(sipstatus_store *store, uint32_t frame, unsigned count);

/* The records stored for frame, or count 0. */
sipstatus_stored sipstatus_store_find(const sipstatus_store *store, uint32_t frame);

#endif
