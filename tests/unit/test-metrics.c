/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the RFC 6076 metrics: every line of the report on small
 * event sequences, undefined ratios, a result taken over by a later 2xx,
 * peers, registration attempts and session durations.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "metrics.h"
#include "sip-methods.h"

#define MS INT64_C(1000000)

enum { SER, SEER, ISA, SRD_SUCCESS, SRD_FAILURE, RRD, IRA, SDD, SDT, UNANSWERED, COPIES, TOTAL };

static const unsigned char peer_a[] = {192, 0, 2, 1};
static const unsigned char peer_b[] = {192, 0, 2, 2};

static sipstatus_peer_address address(const unsigned char *bytes)
{
	sipstatus_peer_address peer = {1, bytes, 4};

	return peer;
}

static int make_metrics(void **state)
{
	unsigned char isa[SIPSTATUS_ISA_CODES] = {0};

	isa[408] = isa[500] = isa[503] = isa[504] = 1;
	*state = sipstatus_metrics_new(isa);
	return *state ? 0 : -1;
}

static int free_metrics(void **state)
{
	sipstatus_metrics_free(*state);
	return 0;
}

/* A request's first copy (original 0) or a copy of it, to peer_b. */
static void request(sipstatus_metrics *m, uint32_t transaction, sipstatus_method method,
                    int starts_session, uint32_t related, int64_t time_ms, uint32_t original)
{
	sipstatus_request r;
	sipstatus_peer_address to = address(peer_b);

	memset(&r, 0, sizeof(r));
	r.transaction = transaction;
	r.method = (uint8_t)method;
	r.starts_session = starts_session != 0;
	r.related = related;
	r.original_frame = original;
	sipstatus_metrics_request(m, &r, time_ms * MS, &to);
}

static void response_from(sipstatus_metrics *m, const unsigned char *from, uint32_t transaction,
                          unsigned code, int64_t time_ms, int64_t srd_ms, uint32_t original)
{
	sipstatus_response r;
	sipstatus_peer_address source = address(from);

	memset(&r, 0, sizeof(r));
	r.transaction = transaction;
	r.code = (uint16_t)code;
	r.original_frame = original;
	if (srd_ms >= 0) {
		r.has_srd = 1;
		r.srd_ns = srd_ms * MS;
	}
	sipstatus_metrics_response(m, &r, time_ms * MS, &source);
}

static void response(sipstatus_metrics *m, uint32_t transaction, unsigned code, int64_t time_ms,
                     int64_t srd_ms)
{
	response_from(m, peer_b, transaction, code, time_ms, srd_ms, 0);
}

static void assert_line(const sipstatus_metrics *m, size_t bucket, int line, const char *name,
                        const char *value, const char *population)
{
	sipstatus_metric_line lines[SIPSTATUS_METRIC_LINES];

	sipstatus_metrics_describe(m, bucket, lines);
	assert_string_equal(lines[line].name, name);
	assert_string_equal(lines[line].value, value);
	assert_string_equal(lines[line].population, population);
}

static void test_empty(void **state)
{
	sipstatus_metrics *m = *state;

	/* No INVITE, no REGISTER: undefined, not 0 % (RFC 6076 section 4). */
	assert_int_equal(sipstatus_metrics_bucket_count(m), 1);
	assert_line(m, 0, SER, "SER", "undefined", "0 of 0 INVITEs (0 answered 3xx excluded)");
	assert_line(m, 0, SEER, "SEER", "undefined", "0 of 0 INVITEs (0 answered 3xx excluded)");
	assert_line(m, 0, ISA, "ISA", "undefined", "0 of 0 INVITEs");
	assert_line(m, 0, SRD_SUCCESS, "SRD (success)", "none", "0 INVITEs answered 2xx");
	assert_line(m, 0, SRD_FAILURE, "SRD (failure)", "none", "0 failed INVITEs");
	assert_line(m, 0, RRD, "RRD", "none", "0 successful registrations");
	assert_line(m, 0, IRA, "IRA", "undefined",
	            "0 of 0 REGISTERs (0 failed, 0 without a final response)");
	assert_line(m, 0, SDD, "SDD", "none", "0 BYEs answered 2xx");
	assert_line(m, 0, SDT, "SDT", "none", "0 answered calls ended by a BYE");
	assert_line(m, 0, UNANSWERED, "Unanswered", "0", "of 0 requests had no final response");
	assert_line(m, 0, COPIES, "Retransmissions", "0", "0 request copies, 0 response copies");
	assert_line(m, 0, TOTAL, "Transactions", "0",
	            "0 INVITEs starting a session, 0 REGISTERs, 0 BYEs");
}

static void test_session_ratios(void **state)
{
	static const struct {
		unsigned code;
		int64_t srd_ms; /* -1: none */
	} calls[] = {{200, 10}, {200, 30}, {302, -1}, {486, 50}, {503, 70}, {408, 90}, {407, -1}};
	sipstatus_metrics *m = *state;

	for (uint32_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		request(m, i + 1, SIPSTATUS_METHOD_INVITE, 1, 0, 0, 0);
		response(m, i + 1, 100, 1, -1);
		response(m, i + 1, calls[i].code, 100, calls[i].srd_ms);
	}
	/* a re-INVITE is no session attempt; its 200 changes nothing */
	request(m, 20, SIPSTATUS_METHOD_INVITE, 0, 0, 0, 0);
	response(m, 20, 200, 5, -1);
	/* SER: 200s of the INVITEs that were not redirected: 2 of 6 */
	assert_line(m, 0, SER, "SER", "33.33 %", "2 of 6 INVITEs (1 answered 3xx excluded)");
	/* SEER also counts 486 */
	assert_line(m, 0, SEER, "SEER", "50.00 %", "3 of 6 INVITEs (1 answered 3xx excluded)");
	/* ISA: 503 and 408, of all 7 */
	assert_line(m, 0, ISA, "ISA", "28.57 %", "2 of 7 INVITEs");
	assert_line(m, 0, SRD_SUCCESS, "SRD (success)", "avg 20.000, min 10.000, max 30.000 ms",
	            "2 INVITEs answered 2xx");
	assert_line(m, 0, SRD_FAILURE, "SRD (failure)", "avg 70.000, min 50.000, max 90.000 ms",
	            "3 failed INVITEs");
	assert_line(m, 0, TOTAL, "Transactions", "8",
	            "7 INVITEs starting a session, 0 REGISTERs, 0 BYEs");
}

static void test_later_2xx_takes_over(void **state)
{
	sipstatus_metrics *m = *state;

	request(m, 1, SIPSTATUS_METHOD_INVITE, 1, 0, 0, 0);
	response(m, 1, 486, 40, 40);
	assert_line(m, 0, SRD_FAILURE, "SRD (failure)", "avg 40.000, min 40.000, max 40.000 ms",
	            "1 failed INVITE");
	/* another fork answers: the call is answered, its failure SRD goes */
	response(m, 1, 200, 60, 20);
	assert_line(m, 0, SER, "SER", "100.00 %", "1 of 1 INVITE (0 answered 3xx excluded)");
	assert_line(m, 0, SRD_FAILURE, "SRD (failure)", "none", "0 failed INVITEs");
	assert_line(m, 0, SRD_SUCCESS, "SRD (success)", "avg 20.000, min 20.000, max 20.000 ms",
	            "1 INVITE answered 2xx");
	/* a third final changes nothing */
	response(m, 1, 603, 70, 70);
	assert_line(m, 0, SER, "SER", "100.00 %", "1 of 1 INVITE (0 answered 3xx excluded)");
	/* and the least and greatest stay right when their value leaves */
	request(m, 2, SIPSTATUS_METHOD_INVITE, 1, 0, 0, 0);
	response(m, 2, 480, 10, 10);
	request(m, 3, SIPSTATUS_METHOD_INVITE, 1, 0, 0, 0);
	response(m, 3, 480, 90, 90);
	request(m, 4, SIPSTATUS_METHOD_INVITE, 1, 0, 0, 0);
	response(m, 4, 480, 50, 50);
	response(m, 2, 200, 95, 95);
	response(m, 3, 200, 96, 96);
	assert_line(m, 0, SRD_FAILURE, "SRD (failure)", "avg 50.000, min 50.000, max 50.000 ms",
	            "1 failed INVITE");
}

static void test_peers(void **state)
{
	sipstatus_metrics *m = *state;
	sipstatus_peer_address peer;

	/* Unanswered: counted for the request's destination (peer_b). */
	request(m, 1, SIPSTATUS_METHOD_OPTIONS, 0, 0, 0, 0);
	assert_int_equal(sipstatus_metrics_bucket_count(m), 2);
	assert_line(m, 1, UNANSWERED, "Unanswered", "1", "of 1 request had no final response");
	/* answered from another address: it moves to that peer */
	response_from(m, peer_a, 1, 200, 10, -1, 0);
	assert_int_equal(sipstatus_metrics_bucket_count(m), 3);
	peer = sipstatus_metrics_bucket_peer(m, 2);
	assert_int_equal(peer.length, 4);
	assert_memory_equal(peer.data, peer_a, 4);
	assert_line(m, 1, TOTAL, "Transactions", "0",
	            "0 INVITEs starting a session, 0 REGISTERs, 0 BYEs");
	assert_line(m, 2, UNANSWERED, "Unanswered", "0", "of 1 request had no final response");
	assert_line(m, 0, UNANSWERED, "Unanswered", "0", "of 1 request had no final response");
	/* the move changed both peers' reports and the whole capture's */
	{
		const size_t *changed;
		size_t count = sipstatus_metrics_take_changes(m, &changed);

		assert_int_equal(count, 3);
		assert_int_equal(changed[0], 0);
		assert_int_equal(changed[1], 1);
		assert_int_equal(changed[2], 2);
		assert_int_equal(sipstatus_metrics_take_changes(m, &changed), 0);
	}
	/* copies count where their transaction is, and in the whole capture */
	request(m, 1, SIPSTATUS_METHOD_OPTIONS, 0, 0, 5, 1);
	response_from(m, peer_a, 1, 200, 20, -1, 7);
	assert_line(m, 2, COPIES, "Retransmissions", "2", "1 request copy, 1 response copy");
	assert_line(m, 0, COPIES, "Retransmissions", "2", "1 request copy, 1 response copy");
	/* a response to a transaction whose request did not count: ignored */
	response(m, 9, 486, 30, 30);
	assert_line(m, 0, TOTAL, "Transactions", "1",
	            "0 INVITEs starting a session, 0 REGISTERs, 0 BYEs");
}

/* More peers than the first allocation of buckets holds: each is still
 * found, and read, where its bucket is now. */
static void test_many_peers(void **state)
{
	enum { PEERS = 40 };
	sipstatus_metrics *m = *state;
	unsigned char peers[PEERS][4];

	for (uint32_t i = 0; i < PEERS; i++) {
		memcpy(peers[i], peer_a, 4);
		peers[i][3] = (unsigned char)(10 + i);
		request(m, i + 1, SIPSTATUS_METHOD_OPTIONS, 0, 0, 0, 0);
		response_from(m, peers[i], i + 1, 200, 10, -1, 0);
	}
	/* each peer again: no bucket more */
	for (uint32_t i = 0; i < PEERS; i++) {
		request(m, PEERS + i + 1, SIPSTATUS_METHOD_OPTIONS, 0, 0, 20, 0);
		response_from(m, peers[i], PEERS + i + 1, 200, 30, -1, 0);
	}
	/* bucket 0, peer_b (the requests' destination), then the 40 */
	assert_int_equal(sipstatus_metrics_bucket_count(m), 2 + PEERS);
	for (size_t i = 0; i < PEERS; i++) {
		sipstatus_peer_address peer = sipstatus_metrics_bucket_peer(m, 2 + i);

		assert_int_equal(peer.length, 4);
		assert_memory_equal(peer.data, peers[i], 4);
		assert_line(m, 2 + i, TOTAL, "Transactions", "2",
		            "0 INVITEs starting a session, 0 REGISTERs, 0 BYEs");
	}
}

static void test_registrations(void **state)
{
	sipstatus_metrics *m = *state;
	const sipstatus_method REGISTER = SIPSTATUS_METHOD_REGISTER;

	/* REGISTER (t1 = 100), 401, REGISTER of the same attempt, 200 at 350 */
	request(m, 1, REGISTER, 0, 1, 100, 0);
	response(m, 1, 401, 150, -1);
	request(m, 2, REGISTER, 0, 1, 200, 0);
	response(m, 2, 200, 350, -1);
	/* a refresh: its own attempt, 200 after 20 ms */
	request(m, 3, REGISTER, 0, 3, 1000, 0);
	response(m, 3, 200, 1020, -1);
	/* a failure and one without an answer */
	request(m, 4, REGISTER, 0, 4, 2000, 0);
	response(m, 4, 403, 2010, -1);
	request(m, 5, REGISTER, 0, 5, 3000, 0);
	assert_line(m, 0, RRD, "RRD", "avg 135.000, min 20.000, max 250.000 ms",
	            "2 successful registrations");
	/* the challenge is no failure: 2 of 5 */
	assert_line(m, 0, IRA, "IRA", "40.00 %",
	            "2 of 5 REGISTERs (1 failed, 1 without a final response)");
}

static void test_disconnects(void **state)
{
	sipstatus_metrics *m = *state;

	request(m, 1, SIPSTATUS_METHOD_INVITE, 1, 0, 0, 0);
	response(m, 1, 200, 100, 100);
	/* the BYE comes 5 s after the 200; its 200 after 2 ms */
	request(m, 2, SIPSTATUS_METHOD_BYE, 0, 1, 5100, 0);
	response(m, 2, 200, 5102, -1);
	/* the other side's BYE of the same call counts for SDD only */
	request(m, 3, SIPSTATUS_METHOD_BYE, 0, 1, 5200, 0);
	response(m, 3, 481, 5204, -1);
	request(m, 4, SIPSTATUS_METHOD_BYE, 0, 0, 6000, 0);
	response(m, 4, 200, 6004, -1);
	assert_line(m, 0, SDT, "SDT", "avg 5000.000, min 5000.000, max 5000.000 ms",
	            "1 answered call ended by a BYE");
	assert_line(m, 0, SDD, "SDD", "avg 3.000, min 2.000, max 4.000 ms", "2 BYEs answered 2xx");
	assert_line(m, 0, TOTAL, "Transactions", "4",
	            "1 INVITE starting a session, 0 REGISTERs, 3 BYEs");
	{
		/* a BYE answered from elsewhere still changes its call's peer */
		unsigned char other[] = {192, 0, 2, 9};
		sipstatus_peer_address to = address(other);
		sipstatus_request bye;
		const size_t *changed;

		request(m, 5, SIPSTATUS_METHOD_INVITE, 1, 0, 7000, 0);
		response(m, 5, 200, 7100, 100);
		sipstatus_metrics_take_changes(m, &changed);
		memset(&bye, 0, sizeof(bye));
		bye.transaction = 6;
		bye.method = SIPSTATUS_METHOD_BYE;
		bye.related = 5;
		sipstatus_metrics_request(m, &bye, 8100 * MS, &to);
		assert_int_equal(sipstatus_metrics_take_changes(m, &changed), 3);
		assert_int_equal(changed[0], 0);
		assert_int_equal(changed[1], 2); /* the BYE's peer, new */
		assert_int_equal(changed[2], 1); /* the call's */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_empty, make_metrics, free_metrics),
	        cmocka_unit_test_setup_teardown(test_session_ratios, make_metrics, free_metrics),
	        cmocka_unit_test_setup_teardown(test_later_2xx_takes_over, make_metrics,
	                                        free_metrics),
	        cmocka_unit_test_setup_teardown(test_peers, make_metrics, free_metrics),
	        cmocka_unit_test_setup_teardown(test_many_peers, make_metrics, free_metrics),
	        cmocka_unit_test_setup_teardown(test_registrations, make_metrics, free_metrics),
	        cmocka_unit_test_setup_teardown(test_disconnects, make_metrics, free_metrics),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
