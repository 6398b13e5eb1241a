/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "response-store.h"

#include "sip-methods.h"
#include "status-codes.h"

#include <stdlib.h>
#include <string.h>

/* Responses per block: 48 KiB, small next to a capture that fills one. */
#define BLOCK_RESPONSES 1024

/* Records in frame order; one frame's responses never span two blocks. */
typedef struct {
	size_t capacity;
	size_t used; /* at least 1: a block is made for a frame */
	sipstatus_response responses[];
} store_block;

struct sipstatus_store {
	store_block **blocks;
	size_t count;
	size_t capacity;
};

sipstatus_store *sipstatus_store_new(void)
{
	return calloc(1, sizeof(sipstatus_store));
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

static store_block *last_block(const sipstatus_store *store)
{
	return store && store->count ? store->blocks[store->count - 1] : NULL;
}

static store_block *new_block(sipstatus_store *store, size_t responses)
{
	size_t capacity = responses > BLOCK_RESPONSES ? responses : BLOCK_RESPONSES;
	store_block *block;

	if (store->count == store->capacity) {
		size_t capacity_blocks = store->capacity ? 2 * store->capacity : 16;
		store_block **blocks = realloc(store->blocks, capacity_blocks * sizeof(*blocks));

		if (!blocks)
			return NULL;
		store->blocks = blocks;
		store->capacity = capacity_blocks;
	}
	block = malloc(sizeof(*block) + capacity * sizeof(block->responses[0]));
	if (!block)
		return NULL;
	block->capacity = capacity;
	block->used = 0;
	store->blocks[store->count++] = block;
	return block;
}

sipstatus_response *sipstatus_store_add(sipstatus_store *store, uint32_t frame, unsigned count)
{
	store_block *block = last_block(store);
	sipstatus_response *responses;

	if (!store || count == 0 || (block && block->responses[block->used - 1].frame >= frame))
		return NULL;
	if (!block || block->capacity - block->used < count)
		block = new_block(store, count);
	if (!block)
		return NULL;
	responses = &block->responses[block->used];
	block->used += count;
	memset(responses, 0, count * sizeof(*responses));
	for (unsigned i = 0; i < count; i++)
		responses[i].frame = frame;
	return responses;
}

/* The last block whose first frame is at most frame, or NULL. */
static const store_block *block_of(const sipstatus_store *store, uint32_t frame)
{
	size_t low = 0, high = store ? store->count : 0;

	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (store->blocks[middle]->responses[0].frame <= frame)
			low = middle + 1;
		else
			high = middle;
	}
	return low ? store->blocks[low - 1] : NULL;
}

sipstatus_frame sipstatus_store_find(const sipstatus_store *store, uint32_t frame)
{
	sipstatus_frame found = {0, NULL};
	const store_block *block = block_of(store, frame);
	size_t low = 0, high, end;

	if (!block)
		return found;
	/* The first response at or after frame. */
	high = block->used;
	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (block->responses[middle].frame < frame)
			low = middle + 1;
		else
			high = middle;
	}
	for (end = low; end < block->used && block->responses[end].frame == frame;)
		end++;
	if (end > low) {
		found.count = (unsigned)(end - low);
		found.responses = &block->responses[low];
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
