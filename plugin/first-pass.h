/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The first pass over a frame: what the SIP dissector's fields and each
 * message's own text say, each message placed in its transaction, each
 * response kept in the store for every later pass.  Wireshark primes the
 * fields a post-dissector asks for only on the first pass.
 */
#ifndef SIPSTATUS_FIRST_PASS_H
#define SIPSTATUS_FIRST_PASS_H

#include <epan/packet.h>

#include "response-store.h"
#include "transactions.h"

/* Resolves the SIP dissector's fields by name; at handoff. */
void sipstatus_first_pass_handoff(void);

/* Per capture file, once every protocol is registered. */
void sipstatus_first_pass_init(void);

/* The SIP fields to ask for, as a new array of hf ids. */
GArray *sipstatus_first_pass_wanted_fields(void);

/* sip.reason_cause_q850, whose value names are the Q.850 cause names; -1
 * when this Wireshark has none. */
int sipstatus_q850_cause_field(void);

/* Where the first pass keeps what every later pass needs. */
typedef struct {
	sipstatus_store *responses; /* of sipstatus_response */
	sipstatus_store *requests;  /* of sipstatus_request */
} sipstatus_stores;

/* Reads the frame's SIP messages (tvb: the frame's own bytes), feeds the
 * transaction table and stores them; their records, or counts 0. */
sipstatus_frame sipstatus_first_pass(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                                     const sipstatus_stores *stores,
                                     sipstatus_transactions *transactions);

#endif
