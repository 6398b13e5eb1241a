/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arrays that double as they fill.  Pure C.
 */
#ifndef SIPSTATUS_GROWABLE_H
#define SIPSTATUS_GROWABLE_H

#include <stdlib.h>

/* items with room for at least count items of item_size bytes: items
 * itself, or a larger copy (capacity doubled from first), *capacity
 * updated; NULL, items and *capacity unchanged, when memory runs out. */
static inline void *sipstatus_grow(void *items, size_t *capacity, size_t count, size_t item_size,
                                   size_t first)
{
	size_t wanted = *capacity ? *capacity : first;
	void *grown;

	if (count <= *capacity)
		return items;
	while (wanted < count)
		wanted *= 2;
	grown = realloc(items, wanted * item_size);
	if (grown)
		*capacity = wanted;
	return grown;
}

#endif
