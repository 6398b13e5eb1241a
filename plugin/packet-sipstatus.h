/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIPSTATUS_PACKET_SIPSTATUS_H
#define SIPSTATUS_PACKET_SIPSTATUS_H

#include <stddef.h>
#include <stdint.h>

#include "metrics.h"
#include "response-store.h"

/* A code's label wherever it is named: "486 Busy Here", "499 (unregistered)";
 * the user's table wins over the built-in one. */
void sipstatus_code_label(char *label, size_t size, uint32_t code);

/* The codes that make an Ineffective Session Attempt (preference
 * isa_codes): flags[code] for 0..SIPSTATUS_ISA_CODES - 1. */
void sipstatus_isa_codes(unsigned char flags[SIPSTATUS_ISA_CODES]);

void proto_register_sipstatus(void);
void proto_reg_handoff_sipstatus(void);

#endif
