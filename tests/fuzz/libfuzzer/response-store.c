/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The response store against a model (an array of the frames stored, looked
 * through one by one).  The input is a list of operations:
 *   add:  a byte with bit 0 set, a frame step from the last frame stored
 *         (the byte less 8, so that some go back) and a count byte;
 *   find: a byte with bit 0 clear whose other bits pick a stored frame, and
 *         a signed step from it.
 * The store must accept exactly the adds the model accepts (count above 0,
 * frame after every frame stored), and every find must give exactly the
 * responses stored for that frame, marked when they were added.  At the end
 * every stored frame is looked up.
 */
#include <string.h>

#include "harness.h"
#include "response-store.h"

/* Room for a frame larger than a block (1024 responses) and for two blocks
 * filled by small frames; every response stored is walked several times per
 * input, so more makes the run slower, not more thorough. */
#define MAX_RESPONSES 2100

typedef struct {
	uint32_t frame;
	unsigned count;
	unsigned first_mark; /* responses are marked first_mark, first_mark + 1, ... */
} stored_frame;

typedef struct {
	stored_frame frames[MAX_RESPONSES];
	size_t count;
	unsigned responses;
} model;

static const stored_frame *model_find(const model *m, uint32_t frame)
{
	for (size_t i = 0; i < m->count; i++)
		if (m->frames[i].frame == frame)
			return &m->frames[i];
	return NULL;
}

static uint32_t last_frame(const model *m)
{
	return m->count ? m->frames[m->count - 1].frame : 0;
}

/* Mostly small counts, as in captures; one byte in 16 says a count around a
 * block's size (1016 to 1031), which walking that many responses makes slow. */
static unsigned decode_count(uint8_t byte)
{
	return byte >= 0xf0 ? 1024u - 8u + (byte & 0x0f) : byte & 0x0f;
}

static void check_find(const sipstatus_store *store, const model *m, uint32_t frame)
{
	sipstatus_frame found = sipstatus_store_find(store, frame);
	const stored_frame *expected = model_find(m, frame);

	if (!expected) {
		CHECK(found.count == 0 && found.responses == NULL);
		return;
	}
	CHECK(found.count == expected->count && found.responses);
	for (unsigned i = 0; i < found.count; i++) {
		CHECK(found.responses[i].frame == frame);
		CHECK(found.responses[i].request_frame == expected->first_mark + i);
	}
}

static void add(sipstatus_store *store, model *m, uint32_t frame, unsigned count)
{
	int accepted = count > 0 && (m->count == 0 || frame > last_frame(m));
	sipstatus_response *responses;

	if (m->responses + count > MAX_RESPONSES)
		return;
	responses = sipstatus_store_add(store, frame, count);
	CHECK(!responses == !accepted);
	if (!responses)
		return;
	for (unsigned i = 0; i < count; i++) {
		sipstatus_response zero;

		memset(&zero, 0, sizeof(zero));
		zero.frame = frame;
		CHECK(memcmp(&responses[i], &zero, sizeof(zero)) == 0);
		responses[i].request_frame = m->responses + i;
	}
	m->frames[m->count++] = (stored_frame){frame, count, m->responses};
	m->responses += count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static model m;
	sipstatus_store *store = sipstatus_store_new();
	size_t at = 0;

	CHECK(store);
	m.count = 0;
	m.responses = 0;
	while (at + 2 <= size) {
		uint8_t operation = data[at++];

		if (operation & 1) {
			uint32_t frame = last_frame(&m) + data[at++] - 8u;

			if (at >= size)
				break;
			add(store, &m, frame, decode_count(data[at++]));
		} else {
			uint32_t base = m.count ? m.frames[(operation >> 1) % m.count].frame : 0;

			check_find(store, &m, base + (uint32_t)(int8_t)data[at++]);
		}
	}
	for (size_t i = 0; i < m.count; i++)
		check_find(store, &m, m.frames[i].frame);
	sipstatus_store_free(store);
	return 0;
}
