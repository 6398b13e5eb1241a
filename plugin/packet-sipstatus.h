/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIPSTATUS_PACKET_SIPSTATUS_H
#define SIPSTATUS_PACKET_SIPSTATUS_H

#include <stddef.h>
#include <stdint.h>

#include "response-store.h"

/* A code's label wherever it is named: "486 Busy Here", "499 (unregistered)";
 * the user's table wins over the built-in one. */
void sipstatus_code_label(char *label, size_t size, uint32_t code);

void proto_register_sipstatus(void);
void proto_reg_handoff_sipstatus(void);

#endif
