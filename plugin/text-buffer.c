/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "text-buffer.h"

#include <string.h>

void sipstatus_text_init(sipstatus_text *text, char *buffer, size_t size)
{
	text->data = buffer;
	text->size = size;
	text->length = 0;
	buffer[0] = '\0';
}

void sipstatus_text_append_n(sipstatus_text *text, const char *string, size_t length)
{
	size_t room = text->size - 1 - text->length;

	if (length > room)
		length = room;
	memcpy(text->data + text->length, string, length);
	text->length += length;
	text->data[text->length] = '\0';
}

void sipstatus_text_append(sipstatus_text *text, const char *string)
{
	sipstatus_text_append_n(text, string, strlen(string));
}

void sipstatus_text_append_uint(sipstatus_text *text, unsigned value)
{
	char digits[sizeof(unsigned) * 3];
	size_t start = sizeof(digits);

	do {
		digits[--start] = (char)('0' + value % 10);
		value /= 10;
	} while (value);
	sipstatus_text_append_n(text, digits + start, sizeof(digits) - start);
}
