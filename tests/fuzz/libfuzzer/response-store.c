/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The store of fixed-size records against a model (an array of the frames
 * stored, looked through one by one), with the plugin's two record types.
 * The input is a byte whose lowest bit picks the record (sipstatus_response
 * or sipstatus_request), then a list of operations:
 *   add:  a byte with bit 0 set, a frame step from the last frame stored
 *         (the byte less 8, so that some go back) and a count byte;
 *   find: a byte with bit 0 clear whose other bits pick a stored frame, and
 *         a signed step from it.
 * The store must accept exactly the adds the model accepts (count above 0,
 * frame after every frame stored), give room zeroed but for the frame and
 * aligned for the record type, and every find must give exactly the records
 * stored for that frame, each with the marks written into it when it was
 * added.  At the end every stored frame is looked up.
 */
#include <stdalign.h>
#include <string.h>

#include "harness.h"
#include "response-store.h"

/* Room for a frame larger than a block (1024 records) and for two blocks
 * filled by small frames; every record stored is walked several times per
 * input, so more makes the run slower, not more thorough. */
#define MAX_RECORDS 2100

typedef struct {
	uint32_t frame;
	unsigned count;
	unsigned first_mark; /* records are marked first_mark, first_mark + 1, ... */
} stored_frame;

typedef struct {
	size_t record_size, alignment;
	stored_frame frames[MAX_RECORDS];
	size_t count;
	unsigned records;
} model;

UNTRACED static const stored_frame *model_find(const model *m, uint32_t frame)
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
 * block's size (1016 to 1031), which walking that many records makes slow. */
static unsigned decode_count(uint8_t byte)
{
	return byte >= 0xf0 ? 1024u - 8u + (byte & 0x0f) : byte & 0x0f;
}

/* Every byte after the frame: the mark's low byte, plus its position, so
 * that a record written over another, or a shifted one, shows. */
static uint8_t mark_byte(unsigned mark, size_t position)
{
	return (uint8_t)(mark * 7u + position);
}

UNTRACED static void write_mark(unsigned char *record, size_t record_size, unsigned mark)
{
	for (size_t i = sizeof(uint32_t); i < record_size; i++)
		record[i] = mark_byte(mark, i);
}

UNTRACED static int has_mark(const unsigned char *record, size_t record_size, uint32_t frame,
                             unsigned mark)
{
	uint32_t stored;

	memcpy(&stored, record, sizeof(stored));
	if (stored != frame)
		return 0;
	for (size_t i = sizeof(uint32_t); i < record_size; i++)
		if (record[i] != mark_byte(mark, i))
			return 0;
	return 1;
}

UNTRACED static void check_find(const sipstatus_store *store, const model *m, uint32_t frame)
{
	sipstatus_stored found = sipstatus_store_find(store, frame);
	const stored_frame *expected = model_find(m, frame);
	const unsigned char *records = found.records;

	if (!expected) {
		CHECK(found.count == 0 && found.records == NULL);
		return;
	}
	CHECK(found.count == expected->count && found.records);
	CHECK((uintptr_t)found.records % m->alignment == 0);
	for (unsigned i = 0; i < found.count; i++)
		CHECK(has_mark(records + i * m->record_size, m->record_size, frame,
		               expected->first_mark + i));
}

UNTRACED static void add(sipstatus_store *store, model *m, uint32_t frame, unsigned count)
{
	int accepted = count > 0 && (m->count == 0 || frame > last_frame(m));
	unsigned char *records;

	if (m->records + count > MAX_RECORDS)
		return;
	records = sipstatus_store_add(store, frame, count);
	CHECK(!records == !accepted);
	if (!records)
		return;
	CHECK((uintptr_t)records % m->alignment == 0);
	for (unsigned i = 0; i < count; i++) {
		unsigned char *record = records + i * m->record_size;
		uint32_t stored;

		memcpy(&stored, record, sizeof(stored));
		CHECK(stored == frame);
		for (size_t at = sizeof(uint32_t); at < m->record_size; at++)
			CHECK(record[at] == 0);
		write_mark(record, m->record_size, m->records + i);
	}
	m->frames[m->count++] = (stored_frame){frame, count, m->records};
	m->records += count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static model m;
	sipstatus_store *store;
	size_t at = 1;

	if (size == 0)
		return 0;
	m.record_size = data[0] & 1 ? sizeof(sipstatus_request) : sizeof(sipstatus_response);
	m.alignment = data[0] & 1 ? alignof(sipstatus_request) : alignof(sipstatus_response);
	m.count = 0;
	m.records = 0;
	store = sipstatus_store_new(m.record_size);
	CHECK(store);
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
