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
