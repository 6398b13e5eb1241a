/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SIP methods of the IANA registry ("Session Initiation Protocol (SIP)
 * Parameters", Methods and Response Codes).  Pure C.  A method is kept as
 * its index here, one byte, instead of a copy per message; expert messages
 * name only these methods, so that their wording stays a bounded set.
 */
#ifndef SIPSTATUS_SIP_METHODS_H
#define SIPSTATUS_SIP_METHODS_H

#include <stddef.h>

/* X(name): in the registry's order. */
#define SIPSTATUS_METHODS(X)                                                                       \
	X(ACK)                                                                                     \
	X(BYE)                                                                                     \
	X(CANCEL)                                                                                  \
	X(INFO)                                                                                    \
	X(INVITE)                                                                                  \
	X(MESSAGE)                                                                                 \
	X(NOTIFY) X(OPTIONS) X(PRACK) X(PUBLISH) X(REFER) X(REGISTER) X(SUBSCRIBE) X(UPDATE)

typedef enum {
	SIPSTATUS_METHOD_UNREGISTERED = 0, /* not in the registry, or none */
#define SIPSTATUS_METHOD_ENUM(name) SIPSTATUS_METHOD_##name,
	SIPSTATUS_METHODS(SIPSTATUS_METHOD_ENUM)
#undef SIPSTATUS_METHOD_ENUM
	        SIPSTATUS_METHOD_COUNT
} sipstatus_method;

/* The method the bytes name (methods are case-sensitive), or UNREGISTERED. */
sipstatus_method sipstatus_method_lookup(const char *bytes, size_t length);

/* "INVITE", ...; NULL for UNREGISTERED and values out of range. */
const char *sipstatus_method_name(sipstatus_method method);

#endif
