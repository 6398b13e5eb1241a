/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the per-capture response store: frames found again with
 * exactly their responses, across blocks, and refused out of order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "response-store.h"

static int make_store(void **state)
{
	*state = sipstatus_store_new(sizeof(sipstatus_response));
	return *state ? 0 : -1;
}

static int free_store(void **state)
{
	sipstatus_store_free(*state);
	return 0;
}

/* Stores count responses for frame, codes first_code, first_code + 1, ... */
static void add(sipstatus_store *store, uint32_t frame, unsigned count, uint16_t first_code)
{
	sipstatus_response *responses = sipstatus_store_add(store, frame, count);

	assert_non_null(responses);
	for (unsigned i = 0; i < count; i++) {
		assert_int_equal(responses[i].frame, frame);
		assert_int_equal(responses[i].code, 0);
		assert_int_equal(responses[i].method, 0);
		assert_null(responses[i].details);
		responses[i].code = (uint16_t)(first_code + i);
	}
}

static void assert_found(const sipstatus_store *store, uint32_t frame, unsigned count,
                         uint16_t first_code)
{
	sipstatus_stored found = sipstatus_store_find(store, frame);
	const sipstatus_response *responses = found.records;

	assert_int_equal(found.count, count);
	for (unsigned i = 0; i < count; i++) {
		assert_int_equal(responses[i].frame, frame);
		assert_int_equal(responses[i].code, first_code + i);
	}
	if (count == 0)
		assert_null(found.records);
}

static void test_empty(void **state)
{
	assert_found(*state, 0, 0, 0);
	assert_found(*state, 1, 0, 0);
	assert_found(*state, UINT32_MAX, 0, 0);
}

static void test_frames_in_order(void **state)
{
	static const struct {
		uint32_t frame;
		unsigned count;
		uint16_t first_code;
	} stored[] = {{1, 1, 100}, {3, 2, 180}, {4, 1, 486}};
	static const uint32_t absent[] = {0, 2, 5};
	sipstatus_store *store = *state;

	for (size_t i = 0; i < sizeof(stored) / sizeof(stored[0]); i++)
		add(store, stored[i].frame, stored[i].count, stored[i].first_code);
	for (size_t i = 0; i < sizeof(stored) / sizeof(stored[0]); i++)
		assert_found(store, stored[i].frame, stored[i].count, stored[i].first_code);
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
		assert_found(store, absent[i], 0, 0);
}

static void test_refuses_out_of_order(void **state)
{
	sipstatus_store *store = *state;

	add(store, 10, 1, 200);
	assert_null(sipstatus_store_add(store, 10, 1)); /* the same frame again */
	assert_null(sipstatus_store_add(store, 9, 1));
	assert_null(sipstatus_store_add(store, 11, 0));
	assert_found(store, 10, 1, 200);
	assert_found(store, 11, 0, 0);
	add(store, 11, 1, 201);
	assert_found(store, 11, 1, 201);
}

/* Many frames fill several blocks; one frame holds more responses than a
 * block (a reassembled TCP stream of small responses). */
static void test_many_frames(void **state)
{
	sipstatus_store *store = *state;
	const uint32_t frames = 5000, big = 2500, big_count = 3000;

	for (uint32_t frame = 1; frame <= frames; frame++)
		add(store, 2 * frame, frame == big ? big_count : 1 + frame % 3,
		    (uint16_t)(frame % 600 + 100));
	for (uint32_t frame = 1; frame <= frames; frame++) {
		assert_found(store, 2 * frame, frame == big ? big_count : 1 + frame % 3,
		             (uint16_t)(frame % 600 + 100));
		assert_found(store, 2 * frame + 1, 0, 0);
	}
	assert_found(store, 0, 0, 0);
	assert_found(store, UINT32_MAX, 0, 0);
}

/* The same store keeps requests, records of another size. */
static void test_request_records(void **state)
{
	sipstatus_store *store = sipstatus_store_new(sizeof(sipstatus_request));
	const uint32_t frames = 3000;
	(void)state;

	assert_non_null(store);
	for (uint32_t frame = 1; frame <= frames; frame++) {
		sipstatus_request *requests = sipstatus_store_add(store, frame, 1 + frame % 2);

		assert_non_null(requests);
		for (unsigned i = 0; i < 1 + frame % 2; i++) {
			assert_int_equal(requests[i].frame, frame);
			assert_int_equal(requests[i].transaction, 0);
			requests[i].transaction = frame * 10 + i;
		}
	}
	for (uint32_t frame = 1; frame <= frames; frame++) {
		sipstatus_stored found = sipstatus_store_find(store, frame);
		const sipstatus_request *requests = found.records;

		assert_int_equal(found.count, 1 + frame % 2);
		for (unsigned i = 0; i < found.count; i++) {
			assert_int_equal(requests[i].frame, frame);
			assert_int_equal(requests[i].transaction, frame * 10 + i);
		}
	}
	sipstatus_store_free(store);
	/* A record must have room for its frame. */
	assert_null(sipstatus_store_new(sizeof(uint16_t)));
}

static void test_without_store(void **state)
{
	(void)state;
	assert_null(sipstatus_store_add(NULL, 1, 1));
	assert_found(NULL, 1, 0, 0);
	sipstatus_store_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_empty, make_store, free_store),
	        cmocka_unit_test_setup_teardown(test_frames_in_order, make_store, free_store),
	        cmocka_unit_test_setup_teardown(test_refuses_out_of_order, make_store, free_store),
	        cmocka_unit_test_setup_teardown(test_many_frames, make_store, free_store),
	        cmocka_unit_test(test_request_records),
	        cmocka_unit_test(test_without_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
