/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIPSTATUS_PACKET_SIPSTATUS_H
#define SIPSTATUS_PACKET_SIPSTATUS_H

#include <stddef.h>
#include <stdint.h>

/* What the first pass saw of one SIP response: its code and the context its
 * own message carried.  Strings live in file scope; NULL when absent. */
typedef struct {
	uint32_t code;
	const char *method;      /* CSeq method of the request answered */
	const char *phrase_sent; /* reason phrase as the peer sent it */
	uint32_t request_frame;  /* 0 when the SIP dissector did not link it */
	uint32_t response_time_ms;
	const char *reason_protocol; /* Reason header: "Q.850", "SIP", ... */
	const char *reason_text;
	uint32_t reason_cause;
	const char *warning_agent; /* Warning header */
	const char *warning_text;
	uint16_t warning_code; /* 0 when there is no Warning header */
	uint8_t has_response_time : 1;
	uint8_t has_reason_cause : 1;
} sipstatus_response;

/* Every SIP response of one frame, in the order the SIP dissector reported
 * them.  Kept per frame in file scope and handed to "sipstatus" tap
 * listeners. */
typedef struct {
	unsigned count;
	sipstatus_response responses[];
} sipstatus_frame;

/* A code's label wherever it is named: "486 Busy Here", "499 (unregistered)";
 * the user's table wins over the built-in one. */
void sipstatus_code_label(char *label, size_t size, uint32_t code);

void proto_register_sipstatus(void);
void proto_reg_handoff_sipstatus(void);

#endif
