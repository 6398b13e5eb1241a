/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "response-store.h"

#include <stdlib.h>
#include <string.h>

#include "growable.h"
#include "sip-methods.h"
#include "status-codes.h"

/* Records per block: tens of KiB, small next to a capture that fills one. */
#define BLOCK_RECORDS 1024

/* Records in frame order; one frame's records never span two blocks. */
typedef struct {
	size_t capacity;
	size_t used; /* at least 1: a block is made for a frame */
	unsigned char records[];
} store_block;

struct sipstatus_store {
	size_t record_size;
	store_block **blocks;
	size_t count;
	size_t capacity;
};

sipstatus_store *sipstatus_store_new(size_t record_size)
{
	sipstatus_store *store;

	if (record_size < sizeof(uint32_t))
		return NULL;
	store = calloc(1, sizeof(sipstatus_store));
	if (store)
		store->record_size = record_size;
	return store;
}

void sipstatus_store_free(sipstatus_store *store)
{
	if (!store)
		return;
	for (size_t i = 0; i < store->count; i++)
		free(store->blocks[i]);
	free(store->blocks);
	free(store);
}

static unsigned char *record_at(const sipstatus_store *store, const store_block *block,
                                size_t index)
{
	return (unsigned char *)block->records + index * store->record_size;
}

/* Every record starts with its frame number. */
static uint32_t frame_at(const sipstatus_store *store, const store_block *block, size_t index)
{
	uint32_t frame;

	memcpy(&frame, record_at(store, block, index), sizeof(frame));
	return frame;
}

static store_block *last_block(const sipstatus_store *store)
{
	return store && store->count ? store->blocks[store->count - 1] : NULL;
}

static store_block *new_block(sipstatus_store *store, size_t records)
{
	size_t capacity = records > BLOCK_RECORDS ? records : BLOCK_RECORDS;
	store_block *block;

	store_block **blocks = sipstatus_grow(store->blocks, &store->capacity, store->count + 1,
	                                      sizeof(*blocks), 16);

	if (!blocks)
		return NULL;
	store->blocks = blocks;
	block = malloc(sizeof(*block) + capacity * store->record_size);
	if (!block)
		return NULL;
	block->capacity = capacity;
	block->used = 0;
	store->blocks[store->count++] = block;
	return block;
}

void *sipstatus_store_add(sipstatus_store *store, uint32_t frame, unsigned count)
{
	store_block *block = last_block(store);
	unsigned char *records;

	if (!store || count == 0 || (block && frame_at(store, block, block->used - 1) >= frame))
		return NULL;
	if (!block || block->capacity - block->used < count)
		block = new_block(store, count);
	if (!block)
		return NULL;
	records = record_at(store, block, block->used);
	block->used += count;
	memset(records, 0, count * store->record_size);
	for (unsigned i = 0; i < count; i++)
		memcpy(records + i * store->record_size, &frame, sizeof(frame));
	return records;
}

/* The last block whose first frame is at most frame, or NULL. */
static const store_block *block_of(const sipstatus_store *store, uint32_t frame)
{
	size_t low = 0, high = store ? store->count : 0;

	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (frame_at(store, store->blocks[middle], 0) <= frame)
			low = middle + 1;
		else
			high = middle;
	}
	return low ? store->blocks[low - 1] : NULL;
}

sipstatus_stored sipstatus_store_find(const sipstatus_store *store, uint32_t frame)
{
	sipstatus_stored found = {0, NULL};
	const store_block *block = block_of(store, frame);
	size_t low = 0, high, end;

	if (!block)
		return found;
	/* The first record at or after frame. */
	high = block->used;
	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (frame_at(store, block, middle) < frame)
			low = middle + 1;
		else
			high = middle;
	}
	for (end = low; end < block->used && frame_at(store, block, end) == frame;)
		end++;
	if (end > low) {
		found.count = (unsigned)(end - low);
		found.records = record_at(store, block, low);
	}
	return found;
}

const char *sipstatus_response_method(const sipstatus_response *response)
{
	if (response->method != SIPSTATUS_METHOD_UNREGISTERED)
		return sipstatus_method_name((sipstatus_method)response->method);
	return response->details ? response->details->method : NULL;
}

const char *sipstatus_response_phrase_sent(const sipstatus_response *response)
{
	const sipstatus_code_info *info = sipstatus_code_lookup(response->code);

	if (!response->has_phrase)
		return NULL;
	if (response->details && response->details->phrase_sent)
		return response->details->phrase_sent;
	return info ? info->phrase : NULL;
}
