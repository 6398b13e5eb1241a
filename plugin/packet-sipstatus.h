/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIPSTATUS_PACKET_SIPSTATUS_H
#define SIPSTATUS_PACKET_SIPSTATUS_H

#include <stdint.h>

/* What the first pass saw of one SIP response. */
typedef struct {
	uint32_t code;
} sipstatus_response;

/* Every SIP response of one frame, in the order the SIP dissector reported
 * them.  Kept per frame in file scope and handed to "sipstatus" tap
 * listeners. */
typedef struct {
	unsigned count;
	sipstatus_response responses[];
} sipstatus_frame;

void proto_register_sipstatus(void);
void proto_reg_handoff_sipstatus(void);

#endif
