/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SIP transactions as RFC 3261 section 17 matches them, and how each call
 * ended.  Pure C, no Wireshark headers, so it can be unit-tested alone.
 *
 * The glue feeds every request (but ACK) and response of the capture's first
 * pass, in capture order, each with its transaction key.  A request tells
 * whether it is a retransmission; a response gets the request it answers,
 * its response time, whether it is a retransmission, and for the final
 * response of a session-starting INVITE the call's outcome and Session
 * Request Delay (RFC 6076 section 4.3).
 *
 * A device that forwards a request without adding a Via of its own (a NAT,
 * an ALG, some SBCs) makes two hops share one RFC 3261 key; captured on both
 * sides, each is its own transaction, told apart by the addresses the
 * request went between.  A response goes to the transaction whose request
 * travelled its way back, or, when none did (a multi-homed server answering
 * from another address), to the first one with its key.
 *
 * Keys are kept as 96-bit hashes of their parts, seeded per capture file,
 * so that a transaction costs the same whatever the length of its branch
 * and Call-ID.  Lookups are O(1): open addressing over an array of indices.
 */
#ifndef SIPSTATUS_TRANSACTIONS_H
#define SIPSTATUS_TRANSACTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "sip-text.h"

/* How a call ended, by the code of a session-starting INVITE's final
 * response.  X(name, value, title): the one list every table is made from. */
#define SIPSTATUS_OUTCOMES(X)                                                                      \
	X(ANSWERED, 1, "Answered")                                                                 \
	X(REDIRECTED, 2, "Redirected")                                                             \
	X(CHALLENGED, 3, "Challenged")                                                             \
	X(BUSY, 4, "Busy")                                                                         \
	X(UNAVAILABLE, 5, "Unavailable")                                                           \
	X(NO_ANSWER, 6, "No answer")                                                               \
	X(CANCELLED, 7, "Cancelled")                                                               \
	X(REJECTED, 8, "Rejected")                                                                 \
	X(FAILED, 9, "Failed")

typedef enum {
	SIPSTATUS_OUTCOME_NONE = 0,
#define SIPSTATUS_OUTCOME_ENUM(name, value, title) SIPSTATUS_OUTCOME_##name = value,
	SIPSTATUS_OUTCOMES(SIPSTATUS_OUTCOME_ENUM)
#undef SIPSTATUS_OUTCOME_ENUM
} sipstatus_outcome;

/* The outcome a final response code (200-699) gives a call; NONE for
 * anything else. */
sipstatus_outcome sipstatus_call_outcome(unsigned code);

/* "Answered", ...; NULL for NONE and unknown values. */
const char *sipstatus_outcome_name(sipstatus_outcome outcome);

/* ---- Keys ---- */

/* hash and check identify the key; path, the addresses the request went
 * between, tells apart two hops that share it. */
typedef struct {
	uint64_t hash;
	uint32_t check;
	uint32_t path;
} sipstatus_key;

/* Bytes of one end of the message's network path, e.g. an IP address. */
typedef struct {
	const void *data;
	size_t length;
} sipstatus_address;

/* What a message's key is made of. */
typedef struct {
	const char *text; /* the message text that parsed's spans point into */
	const sipstatus_message_text *parsed;
	/* The request-line method for a request, the CSeq method for a
	 * response. */
	const char *method;
	size_t method_length;
	/* Where the request went from and to: for a response, its own
	 * destination and source. */
	sipstatus_address request_source;
	sipstatus_address request_destination;
} sipstatus_key_parts;

/* The message's transaction key: RFC 3261 section 17.1.3 (top Via branch
 * with the magic cookie, sent-by, method), or without the cookie RFC 2543's
 * (Call-ID, CSeq, From tag, top Via, and the request's direction).  0 when
 * the message has too little to belong to a transaction. */
int sipstatus_transaction_key(const sipstatus_key_parts *parts, uint64_t seed, sipstatus_key *key);

/* A hash of a tag (absent tags have their own), for comparing To tags. */
uint64_t sipstatus_tag_hash(const char *text, const sipstatus_text_span *tag, uint64_t seed);

/* Which call or registration a request belongs to: hashes of its Call-ID
 * with its From tag and, with_to, its To tag; 0 without a Call-ID or that
 * tag (or for the To tag, without with_to). */
typedef struct {
	uint64_t from;
	uint64_t to;
} sipstatus_call_keys;

sipstatus_call_keys sipstatus_call_keys_of(const char *text, const sipstatus_message_text *parsed,
                                           int with_to, uint64_t seed);

/* ---- The table ---- */

typedef struct sipstatus_transactions sipstatus_transactions;

/* NULL when memory runs out. */
sipstatus_transactions *sipstatus_transactions_new(uint64_t seed);
void sipstatus_transactions_free(sipstatus_transactions *transactions);
uint64_t sipstatus_transactions_seed(const sipstatus_transactions *transactions);
size_t sipstatus_transactions_count(const sipstatus_transactions *transactions);

/* Times are nanoseconds on the capture's clock, within 2^62 of 0. */
typedef struct {
	uint32_t frame;
	int64_t time_ns;
	int method;     /* sipstatus_method */
	int has_to_tag; /* an INVITE without a To tag starts a session */
	sipstatus_call_keys call;
} sipstatus_request_event;

typedef struct {
	uint32_t transaction;    /* 1, 2, ... in order of creation; 0 when memory ran out */
	uint32_t original_frame; /* the request's first copy, for a retransmission; else 0 */
	int starts_session;      /* an INVITE without a To tag */
	/* A REGISTER's registration attempt: the transaction of its first
	 * REGISTER, which a 401 or 407 challenged (itself when it starts the
	 * attempt).  A BYE's call: the transaction of the session-starting
	 * INVITE of the same Call-ID whose From tag is one of the BYE's tags.
	 * 0 otherwise. */
	uint32_t related;
} sipstatus_request_result;

void sipstatus_transactions_request(sipstatus_transactions *transactions, const sipstatus_key *key,
                                    const sipstatus_request_event *request,
                                    sipstatus_request_result *result);

typedef struct {
	uint32_t frame;
	int64_t time_ns;
	unsigned code;
	uint64_t to_tag; /* sipstatus_tag_hash of the To tag */
	uint32_t rseq;
	int has_rseq;
	int is_invite; /* CSeq method INVITE */
} sipstatus_response_event;

typedef struct {
	uint32_t transaction;     /* as for requests */
	uint32_t request_frame;   /* the request's first copy; 0 when it was not seen */
	int64_t response_time_ns; /* from that copy; meaningful with request_frame */
	uint32_t original_frame;  /* the first response with this code, To tag and
	                             RSeq, for a retransmission; else 0 */
	sipstatus_outcome outcome;
	int has_srd;
	int64_t srd_ns;
} sipstatus_response_result;

void sipstatus_transactions_response(sipstatus_transactions *transactions, const sipstatus_key *key,
                                     const sipstatus_response_event *response,
                                     sipstatus_response_result *result);

#endif
