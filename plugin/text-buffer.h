/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A bounded text builder without printf: expert messages are built for every
 * SIP response, and printf-style formatting was most of the plugin's cost.
 * Pure C.  Text beyond the buffer is cut; the result is always terminated.
 */
#ifndef SIPSTATUS_TEXT_BUFFER_H
#define SIPSTATUS_TEXT_BUFFER_H

#include <stddef.h>
#include <string.h>

typedef struct {
	char *data;
	size_t size;   /* bytes available, terminator included */
	size_t length; /* bytes used, terminator excluded */
} sipstatus_text;

/* size must be at least 1. */
void sipstatus_text_init(sipstatus_text *text, char *buffer, size_t size);
void sipstatus_text_append_uint(sipstatus_text *text, unsigned value);

/* Inline: a message takes a dozen appends, and calls were most of their cost. */
static inline void sipstatus_text_append_n(sipstatus_text *text, const char *string, size_t length)
{
	size_t room = text->size - 1 - text->length;

	if (length > room)
		length = room;
	memcpy(text->data + text->length, string, length);
	text->length += length;
	text->data[text->length] = '\0';
}

static inline void sipstatus_text_append(sipstatus_text *text, const char *string)
{
	sipstatus_text_append_n(text, string, strlen(string));
}

#endif
