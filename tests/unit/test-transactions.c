/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the transaction table: keys from message text as RFC 3261
 * and RFC 2543 match them, request and response retransmissions, the
 * request each response answers, call outcomes and Session Request Delays.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sip-methods.h"
#include "sip-text.h"
#include "transactions.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define SEED     0x1234567890abcdefULL
#define MS       INT64_C(1000000)

static const unsigned char client[] = {192, 0, 2, 1};
static const unsigned char server[] = {192, 0, 2, 2};
static const unsigned char other[] = {192, 0, 2, 3};

/* The key of a message, request text from its method on, response text
 * from its status code on; 0 when it has none.  from/to: its own
 * addresses. */
static int key_of(const char *text, const unsigned char *from, const unsigned char *to,
                  sipstatus_key *key)
{
	int is_request = text[0] < '0' || text[0] > '9';
	sipstatus_message_text parsed;
	sipstatus_key_parts parts;

	if (is_request)
		sipstatus_read_request(text, strlen(text), &parsed);
	else
		sipstatus_read_response(text, strlen(text), &parsed);
	parts.text = text;
	parts.parsed = &parsed;
	if (is_request) {
		parts.method = text;
		parts.method_length = strcspn(text, " ");
	} else {
		parts.method = text + parsed.cseq_method.offset;
		parts.method_length = parsed.cseq_method.present ? parsed.cseq_method.length : 0;
	}
	/* A response travels the other way. */
	parts.request_source.data = is_request ? from : to;
	parts.request_destination.data = is_request ? to : from;
	parts.request_source.length = parts.request_destination.length = 4;
	return sipstatus_transaction_key(&parts, SEED, key);
}

static int same_key(const sipstatus_key *a, const sipstatus_key *b)
{
	return a->hash == b->hash && a->check == b->check;
}

#define INVITE_3261                                                                                \
	"INVITE sip:b@example.com SIP/2.0\r\n"                                                     \
	"Via: SIP/2.0/UDP Client.example.com:5060;branch=z9hG4bK-1;rport\r\n"                      \
	"From: <sip:a@example.com>;tag=a1\r\nTo: <sip:b@example.com>\r\n"                          \
	"Call-ID: c1\r\nCSeq: 1 INVITE\r\n\r\n"

static void test_key_rfc3261(void **state)
{
	static const struct {
		const char *text;
		int has_key, same; /* same: as INVITE_3261 */
	} cases[] = {
	        {"180 Ringing\r\nVia: SIP/2.0/UDP client.example.com:5060;branch=z9hG4bK-1;"
	         "received=192.0.2.1\r\nCSeq: 1 INVITE\r\nTo: <sip:b@example.com>;tag=b1\r\n\r\n",
	         1, 1},
	        /* compact Via, other spacing, sent-by in another case */
	        {"200 OK\r\nv : SIP / 2.0 / UDP CLIENT.example.com:5060 ; branch = z9hG4bK-1\r\n"
	         "CSeq: 1 INVITE\r\n\r\n",
	         1, 1},
	        /* another method (the CANCEL's own transaction), branch, sent-by */
	        {"200 OK\r\nVia: SIP/2.0/UDP client.example.com:5060;branch=z9hG4bK-1\r\n"
	         "CSeq: 1 CANCEL\r\n\r\n",
	         1, 0},
	        {"200 OK\r\nVia: SIP/2.0/UDP client.example.com:5060;branch=z9hG4bK-1x\r\n"
	         "CSeq: 1 INVITE\r\n\r\n",
	         1, 0},
	        /* the cookie is case-sensitive: RFC 2543's rules, which need the
	         * Call-ID */
	        {"200 OK\r\nVia: SIP/2.0/UDP client.example.com:5060;branch=Z9HG4BK-1\r\n"
	         "CSeq: 1 INVITE\r\n\r\n",
	         0, 0},
	        {"200 OK\r\nVia: SIP/2.0/UDP client.example.com:5060;branch=Z9HG4BK-1\r\n"
	         "CSeq: 1 INVITE\r\nCall-ID: c1\r\n\r\n",
	         1, 0},
	        {"200 OK\r\nVia: SIP/2.0/UDP client.example.com:5061;branch=z9hG4bK-1\r\n"
	         "CSeq: 1 INVITE\r\n\r\n",
	         1, 0},
	        /* only the top Via counts */
	        {"200 OK\r\nVia: SIP/2.0/UDP proxy:5060;branch=z9hG4bK-p, SIP/2.0/UDP "
	         "client.example.com:5060;branch=z9hG4bK-1\r\nCSeq: 1 INVITE\r\n\r\n",
	         1, 0},
	        /* the CSeq number and Call-ID do not matter with the cookie */
	        {"200 OK\r\nVia: SIP/2.0/UDP client.example.com:5060;branch=z9hG4bK-1\r\n"
	         "CSeq: 7 INVITE\r\nCall-ID: other\r\n\r\n",
	         1, 1},
	        /* nothing to match with */
	        {"200 OK\r\nCSeq: 1 INVITE\r\n\r\n", 0, 0},
	        {"200 OK\r\nVia: SIP/2.0/UDP client.example.com:5060;branch=z9hG4bK-1\r\n\r\n", 0,
	         0},
	        {"200 OK\r\nVia: garbage\r\nCSeq: 1 INVITE\r\n\r\n", 0, 0},
	};
	sipstatus_key invite, key;
	(void)state;

	assert_true(key_of(INVITE_3261, client, server, &invite));
	for (size_t i = 0; i < COUNT(cases); i++) {
		assert_int_equal(key_of(cases[i].text, server, client, &key), cases[i].has_key);
		if (cases[i].has_key)
			assert_int_equal(same_key(&key, &invite), cases[i].same);
	}
	/* With the cookie, addresses do not matter either. */
	assert_true(key_of(cases[0].text, other, other, &key));
	assert_true(same_key(&key, &invite));
}

#define INVITE_2543                                                                                \
	"INVITE sip:b@example.com SIP/2.0\r\n"                                                     \
	"Via: SIP/2.0/UDP client:5060;branch=1234\r\n"                                             \
	"From: \"A; <x>\" <sip:a@example.com;tag=no>;tag=a1\r\nTo: <sip:b@example.com>\r\n"        \
	"Call-ID: c1\r\nCSeq: 1 INVITE\r\n\r\n"

static void test_key_rfc2543(void **state)
{
	static const char response[] = "200 OK\r\nVia: SIP/2.0/UDP client:5060;branch=1234\r\n"
	                               "From: <sip:a@example.com>;TAG=a1\r\nCall-ID: c1\r\n"
	                               "CSeq: 1 INVITE\r\n\r\n";
	static const struct {
		const char *text;
		int has_key, same;
	} others[] = {
	        {"200 OK\r\nVia: SIP/2.0/UDP client:5060;branch=1234\r\nf: <sip:a@example.com>"
	         ";tag=a1\r\ni: c1\r\nCSeq: 2 INVITE\r\n\r\n",
	         1, 0},
	        {"200 OK\r\nVia: SIP/2.0/UDP client:5060;branch=1234\r\nf: <sip:a@example.com>"
	         ";tag=a1\r\ni: c2\r\nCSeq: 1 INVITE\r\n\r\n",
	         1, 0},
	        {"200 OK\r\nVia: SIP/2.0/UDP client:5060;branch=1234\r\nf: <sip:a@example.com>"
	         ";tag=a2\r\ni: c1\r\nCSeq: 1 INVITE\r\n\r\n",
	         1, 0},
	        {"200 OK\r\nVia: SIP/2.0/UDP client:5060\r\nf: <sip:a@example.com>"
	         ";tag=a1\r\ni: c1\r\nCSeq: 1 INVITE\r\n\r\n",
	         1, 0},
	        /* the same, written otherwise: compact names, an addr-spec */
	        {"200 OK\r\nv: SIP/2.0/UDP client:5060;branch=1234\r\nf: sip:a@example.com"
	         ";tag=a1\r\ni:  c1 \r\nCSeq: 1 INVITE\r\n\r\n",
	         1, 1},
	        /* without Call-ID or CSeq number there is no key */
	        {"200 OK\r\nVia: SIP/2.0/UDP client:5060;branch=1234\r\nCSeq: 1 INVITE\r\n\r\n", 0,
	         0},
	        {"200 OK\r\nVia: SIP/2.0/UDP client:5060;branch=1234\r\nCall-ID: c1\r\n"
	         "CSeq: INVITE\r\n\r\n",
	         0, 0},
	};
	sipstatus_key invite, key;
	(void)state;

	assert_true(key_of(INVITE_2543, client, server, &invite));
	assert_true(key_of(response, server, client, &key));
	assert_true(same_key(&key, &invite));
	/* The direction matters: the same response between other hosts, or
	 * going the request's way. */
	assert_true(key_of(response, other, client, &key));
	assert_false(same_key(&key, &invite));
	assert_true(key_of(response, client, server, &key));
	assert_false(same_key(&key, &invite));
	for (size_t i = 0; i < COUNT(others); i++) {
		assert_int_equal(key_of(others[i].text, server, client, &key), others[i].has_key);
		if (others[i].has_key)
			assert_int_equal(same_key(&key, &invite), others[i].same);
	}
}

static void test_key_seed(void **state)
{
	sipstatus_key_parts parts;
	sipstatus_message_text parsed;
	sipstatus_key one, two;
	(void)state;

	sipstatus_read_request(INVITE_3261, strlen(INVITE_3261), &parsed);
	memset(&parts, 0, sizeof(parts));
	parts.text = INVITE_3261;
	parts.parsed = &parsed;
	parts.method = "INVITE";
	parts.method_length = 6;
	assert_true(sipstatus_transaction_key(&parts, 1, &one));
	assert_true(sipstatus_transaction_key(&parts, 2, &two));
	assert_false(one.hash == two.hash || one.check == two.check);
}

static void test_outcomes(void **state)
{
	static const struct {
		unsigned code;
		sipstatus_outcome outcome;
		const char *name;
	} cases[] = {
	        {100, SIPSTATUS_OUTCOME_NONE, NULL},
	        {199, SIPSTATUS_OUTCOME_NONE, NULL},
	        {200, SIPSTATUS_OUTCOME_ANSWERED, "Answered"},
	        {299, SIPSTATUS_OUTCOME_ANSWERED, "Answered"},
	        {302, SIPSTATUS_OUTCOME_REDIRECTED, "Redirected"},
	        {401, SIPSTATUS_OUTCOME_CHALLENGED, "Challenged"},
	        {407, SIPSTATUS_OUTCOME_CHALLENGED, "Challenged"},
	        {486, SIPSTATUS_OUTCOME_BUSY, "Busy"},
	        {600, SIPSTATUS_OUTCOME_BUSY, "Busy"},
	        {480, SIPSTATUS_OUTCOME_UNAVAILABLE, "Unavailable"},
	        {408, SIPSTATUS_OUTCOME_NO_ANSWER, "No answer"},
	        {487, SIPSTATUS_OUTCOME_CANCELLED, "Cancelled"},
	        {403, SIPSTATUS_OUTCOME_REJECTED, "Rejected"},
	        {603, SIPSTATUS_OUTCOME_REJECTED, "Rejected"},
	        {607, SIPSTATUS_OUTCOME_REJECTED, "Rejected"},
	        {608, SIPSTATUS_OUTCOME_REJECTED, "Rejected"},
	        {402, SIPSTATUS_OUTCOME_FAILED, "Failed"},
	        {488, SIPSTATUS_OUTCOME_FAILED, "Failed"},
	        {503, SIPSTATUS_OUTCOME_FAILED, "Failed"},
	        {699, SIPSTATUS_OUTCOME_FAILED, "Failed"},
	        {700, SIPSTATUS_OUTCOME_NONE, NULL},
	        {99, SIPSTATUS_OUTCOME_NONE, NULL},
	};
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		const char *name = sipstatus_outcome_name(sipstatus_call_outcome(cases[i].code));

		assert_int_equal(sipstatus_call_outcome(cases[i].code), cases[i].outcome);
		if (cases[i].name)
			assert_string_equal(name, cases[i].name);
		else
			assert_null(name);
	}
}

/* ---- The table, fed events with keys made from small numbers ---- */

static sipstatus_key key_number(uint64_t n)
{
	uint32_t low = (uint32_t)n;
	sipstatus_key key = {low * 0x9e3779b97f4a7c15ULL, low, (uint32_t)(n >> 32)};

	return key;
}

/* key as a number, path in its upper bits. */
#define ON_PATH(key, path) ((key) | ((uint64_t)(path) << 32))

static sipstatus_request_result request_in_call(sipstatus_transactions *table, uint64_t key,
                                                uint32_t frame, int64_t time_ms,
                                                sipstatus_method method, int has_to_tag,
                                                uint64_t from_call, uint64_t to_call)
{
	sipstatus_key k = key_number(key);
	sipstatus_request_event event = {
	        frame, time_ms * MS, method, has_to_tag, {from_call, to_call}};
	sipstatus_request_result result;

	sipstatus_transactions_request(table, &k, &event, &result);
	return result;
}

/* An INVITE, or an OPTIONS, of no call. */
static sipstatus_request_result request(sipstatus_transactions *table, uint64_t key, uint32_t frame,
                                        int64_t time_ms, int is_invite, int has_to_tag)
{
	return request_in_call(table, key, frame, time_ms,
	                       is_invite ? SIPSTATUS_METHOD_INVITE : SIPSTATUS_METHOD_OPTIONS,
	                       has_to_tag, 0, 0);
}

static sipstatus_response_result response_rseq(sipstatus_transactions *table, uint64_t key,
                                               uint32_t frame, int64_t time_ms, unsigned code,
                                               uint64_t to_tag, int rseq, int is_invite)
{
	sipstatus_key k = key_number(key);
	sipstatus_response_event event = {
	        frame,    time_ms * MS, code, to_tag, rseq > 0 ? (uint32_t)rseq : 0,
	        rseq > 0, is_invite};
	sipstatus_response_result result;

	sipstatus_transactions_response(table, &k, &event, &result);
	return result;
}

static sipstatus_response_result response(sipstatus_transactions *table, uint64_t key,
                                          uint32_t frame, int64_t time_ms, unsigned code,
                                          uint64_t to_tag)
{
	return response_rseq(table, key, frame, time_ms, code, to_tag, 0, 1);
}

static int make_table(void **state)
{
	*state = sipstatus_transactions_new(SEED);
	return *state ? 0 : -1;
}

static int free_table(void **state)
{
	sipstatus_transactions_free(*state);
	return 0;
}

static void test_request_retransmission(void **state)
{
	sipstatus_transactions *table = *state;
	sipstatus_request_result first = request(table, 1, 10, 1000, 1, 0);
	sipstatus_request_result again = request(table, 1, 12, 1500, 1, 0);
	sipstatus_response_result answer = response(table, 1, 13, 2200, 408, 7);

	assert_int_equal(first.transaction, 1);
	assert_int_equal(first.original_frame, 0);
	assert_int_equal(again.transaction, 1);
	assert_int_equal(again.original_frame, 10);
	/* The clock runs from the first copy (RFC 6076 section 4). */
	assert_int_equal(answer.request_frame, 10);
	assert_int_equal(answer.response_time_ns, 1200 * MS);
	assert_int_equal(answer.outcome, SIPSTATUS_OUTCOME_NO_ANSWER);
	assert_true(answer.has_srd);
	assert_int_equal(answer.srd_ns, 1200 * MS);
	assert_int_equal(sipstatus_transactions_count(table), 1);
}

static void test_response_retransmission(void **state)
{
	sipstatus_transactions *table = *state;
	sipstatus_response_result r;

	request(table, 1, 1, 0, 1, 0);
	/* 100 without a To tag, twice: the second repeats the first */
	assert_int_equal(response(table, 1, 2, 10, 100, 0).original_frame, 0);
	assert_int_equal(response(table, 1, 3, 20, 100, 0).original_frame, 2);
	/* reliable provisionals: a new RSeq is a new response */
	assert_int_equal(response_rseq(table, 1, 4, 30, 183, 5, 1, 1).original_frame, 0);
	assert_int_equal(response_rseq(table, 1, 5, 40, 183, 5, 1, 1).original_frame, 4);
	assert_int_equal(response_rseq(table, 1, 6, 50, 183, 5, 2, 1).original_frame, 0);
	assert_int_equal(response(table, 1, 7, 55, 183, 5).original_frame, 0);
	/* the final response and its copies */
	r = response(table, 1, 8, 60, 486, 5);
	assert_int_equal(r.original_frame, 0);
	assert_int_equal(r.outcome, SIPSTATUS_OUTCOME_BUSY);
	assert_int_equal(r.srd_ns, 60 * MS);
	r = response(table, 1, 9, 560, 486, 5);
	assert_int_equal(r.original_frame, 8);
	assert_int_equal(r.request_frame, 1);
	assert_int_equal(r.response_time_ns, 560 * MS);
	/* a copy keeps its original's outcome and SRD */
	assert_int_equal(r.outcome, SIPSTATUS_OUTCOME_BUSY);
	assert_true(r.has_srd);
	assert_int_equal(r.srd_ns, 60 * MS);
	/* another To tag: another answer (forking) */
	r = response(table, 1, 10, 600, 486, 6);
	assert_int_equal(r.original_frame, 0);
	assert_int_equal(r.srd_ns, 600 * MS);
}

static void test_srd(void **state)
{
	static const struct {
		unsigned code;
		int has_srd;
	} finals[] = {
	        {200, 1}, {302, 0}, {401, 0}, {402, 0}, {407, 0}, {404, 1},
	        {486, 1}, {500, 1}, {603, 1}, {699, 1}, {487, 1},
	};
	sipstatus_transactions *table = *state;
	(void)state;

	for (size_t i = 0; i < COUNT(finals); i++) {
		uint64_t key = 100 + i;
		sipstatus_response_result r;

		request(table, key, 1, 1000, 1, 0);
		response(table, key, 2, 1010, 100, 0); /* 100 does not end the SRD */
		response(table, key, 3, 1250, 180, 9); /* a provisional ends a success's */
		r = response(table, key, 4, 1400, finals[i].code, 9);
		assert_int_equal(r.has_srd, finals[i].has_srd);
		if (r.has_srd)
			assert_int_equal(r.srd_ns, (finals[i].code < 300 ? 250 : 400) * MS);
		assert_int_equal(r.outcome, sipstatus_call_outcome(finals[i].code));
	}
	/* a 2xx with no provisional before it ends its own SRD */
	request(table, 200, 1, 0, 1, 0);
	response(table, 200, 2, 5, 100, 0);
	assert_int_equal(response(table, 200, 3, 90, 200, 1).srd_ns, 90 * MS);
}

static void test_no_outcome(void **state)
{
	sipstatus_transactions *table = *state;
	sipstatus_response_result r;

	/* a re-INVITE (To tag) is not a new call */
	request(table, 1, 1, 0, 1, 1);
	r = response(table, 1, 2, 10, 491, 3);
	assert_int_equal(r.request_frame, 1);
	assert_int_equal(r.outcome, SIPSTATUS_OUTCOME_NONE);
	assert_false(r.has_srd);
	/* nor a non-INVITE transaction */
	request(table, 2, 3, 0, 0, 0);
	r = response_rseq(table, 2, 4, 10, 200, 3, 0, 0);
	assert_int_equal(r.request_frame, 3);
	assert_int_equal(r.outcome, SIPSTATUS_OUTCOME_NONE);
	/* nor a provisional */
	request(table, 3, 5, 0, 1, 0);
	assert_int_equal(response(table, 3, 6, 10, 180, 3).outcome, SIPSTATUS_OUTCOME_NONE);
}

static void test_response_before_request(void **state)
{
	sipstatus_transactions *table = *state;
	sipstatus_response_result r = response(table, 1, 5, 100, 486, 1);

	/* no request in the capture: no request frame, no outcome */
	assert_int_equal(r.transaction, 1);
	assert_int_equal(r.request_frame, 0);
	assert_int_equal(r.outcome, SIPSTATUS_OUTCOME_NONE);
	assert_int_equal(response(table, 1, 6, 200, 486, 1).original_frame, 5);
	/* a request seen later is not a retransmission, and later responses
	 * answer it */
	assert_int_equal(request(table, 1, 7, 300, 1, 0).original_frame, 0);
	r = response(table, 1, 8, 350, 200, 1);
	assert_int_equal(r.request_frame, 7);
	assert_int_equal(r.response_time_ns, 50 * MS);
	assert_int_equal(r.outcome, SIPSTATUS_OUTCOME_ANSWERED);
	/* a copy of the 486 from before the request repeats it: no outcome */
	r = response(table, 1, 9, 400, 486, 1);
	assert_int_equal(r.original_frame, 5);
	assert_int_equal(r.outcome, SIPSTATUS_OUTCOME_NONE);
	assert_false(r.has_srd);
}

static void test_hops(void **state)
{
	sipstatus_transactions *table = *state;
	sipstatus_response_result r;

	/* The same request on both sides of a device that adds no Via: two
	 * transactions, each response with the request that went its way. */
	assert_int_equal(request(table, ON_PATH(1, 1), 1, 0, 1, 0).transaction, 1);
	assert_int_equal(request(table, ON_PATH(1, 2), 2, 1, 1, 0).original_frame, 0);
	assert_int_equal(request(table, ON_PATH(1, 2), 3, 2, 1, 0).original_frame, 2);
	assert_int_equal(response(table, ON_PATH(1, 2), 4, 5, 100, 0).request_frame, 2);
	r = response(table, ON_PATH(1, 1), 5, 6, 100, 0);
	/* the other hop's copy is not a retransmission */
	assert_int_equal(r.request_frame, 1);
	assert_int_equal(r.original_frame, 0);
	assert_int_equal(response(table, ON_PATH(1, 1), 6, 6, 100, 0).original_frame, 5);
	assert_int_equal(response(table, ON_PATH(1, 2), 7, 7, 180, 1).original_frame, 0);
	assert_int_equal(response(table, ON_PATH(1, 1), 8, 8, 180, 1).original_frame, 0);
	/* from an address no request went to: the first hop */
	assert_int_equal(response(table, ON_PATH(1, 3), 9, 9, 200, 1).request_frame, 1);
	assert_int_equal(sipstatus_transactions_count(table), 2);
}

static void test_registration_attempts(void **state)
{
	sipstatus_transactions *table = *state;
	const sipstatus_method REGISTER = SIPSTATUS_METHOD_REGISTER;

	/* REGISTER, 401, REGISTER with credentials, 200: one attempt */
	assert_int_equal(request_in_call(table, 1, 1, 0, REGISTER, 0, 77, 0).related, 1);
	response_rseq(table, 1, 2, 10, 401, 1, 0, 0);
	/* its retransmission is of the same attempt */
	assert_int_equal(request_in_call(table, 1, 3, 20, REGISTER, 0, 77, 0).related, 1);
	assert_int_equal(request_in_call(table, 2, 4, 30, REGISTER, 0, 77, 0).related, 1);
	response_rseq(table, 2, 5, 40, 407, 1, 0, 0);
	assert_int_equal(request_in_call(table, 3, 6, 50, REGISTER, 0, 77, 0).related, 1);
	response_rseq(table, 3, 7, 60, 200, 1, 0, 0);
	/* the refresh after the 200 starts another */
	assert_int_equal(request_in_call(table, 4, 8, 70, REGISTER, 0, 77, 0).related, 4);
	/* another call key, and a REGISTER whose first got no answer yet */
	assert_int_equal(request_in_call(table, 5, 9, 80, REGISTER, 0, 78, 0).related, 5);
	assert_int_equal(request_in_call(table, 6, 10, 90, REGISTER, 0, 77, 0).related, 6);
	/* no Call-ID: an attempt of its own */
	assert_int_equal(request_in_call(table, 7, 11, 95, REGISTER, 0, 0, 0).related, 7);
	assert_int_equal(request_in_call(table, 8, 12, 96, REGISTER, 0, 0, 0).related, 8);
}

static void test_bye_finds_its_call(void **state)
{
	sipstatus_transactions *table = *state;
	const sipstatus_method INVITE = SIPSTATUS_METHOD_INVITE, BYE = SIPSTATUS_METHOD_BYE;
	sipstatus_request_result r;

	/* caller's From tag key 11; the callee's tag gives 22 */
	r = request_in_call(table, 1, 1, 0, INVITE, 0, 11, 0);
	assert_true(r.starts_session);
	assert_int_equal(r.related, 0);
	response(table, 1, 2, 10, 200, 5);
	/* a re-INVITE is not a call of its own */
	assert_false(request_in_call(table, 2, 3, 20, INVITE, 1, 11, 22).starts_session);
	/* BYE from the caller (From: caller) and from the callee (To: caller) */
	assert_int_equal(request_in_call(table, 3, 4, 30, BYE, 1, 11, 22).related, 1);
	assert_int_equal(request_in_call(table, 4, 5, 40, BYE, 1, 22, 11).related, 1);
	/* a BYE of an unknown call */
	assert_int_equal(request_in_call(table, 5, 6, 50, BYE, 1, 33, 44).related, 0);
	/* a REGISTER with the same keys is not the call */
	request_in_call(table, 6, 7, 60, SIPSTATUS_METHOD_REGISTER, 0, 55, 0);
	assert_int_equal(request_in_call(table, 7, 8, 70, BYE, 1, 55, 66).related, 0);
	/* other methods relate to nothing */
	assert_int_equal(request_in_call(table, 8, 9, 80, SIPSTATUS_METHOD_INFO, 1, 11, 22).related,
	                 0);
}

static void test_times_before_request(void **state)
{
	sipstatus_transactions *table = *state;
	sipstatus_response_result r;

	/* timestamps years apart are kept as they are */
	request(table, 1, 1, 0, 1, 0);
	r = response(table, 1, 2, INT64_C(3) * 365 * 24 * 3600 * 1000, 486, 1);
	assert_int_equal(r.response_time_ns, INT64_C(3) * 365 * 24 * 3600 * 1000 * MS);
	assert_int_equal(r.srd_ns, r.response_time_ns);
	/* a response stamped before its request: the difference is negative,
	 * and there is no SRD */
	request(table, 2, 3, 5000, 1, 0);
	r = response(table, 2, 4, 4000, 486, 1);
	assert_int_equal(r.response_time_ns, -1000 * MS);
	assert_false(r.has_srd);
}

static void test_many(void **state)
{
	sipstatus_transactions *table = *state;
	const uint32_t count = 200000;

	/* Enough to grow the slots many times over; every one found again. */
	for (uint32_t i = 1; i <= count; i++)
		assert_int_equal(request(table, i, i, i, 1, 0).transaction, i);
	for (uint32_t i = 1; i <= count; i++) {
		sipstatus_response_result r = response(table, i, count + i, i + 7, 200, i);

		assert_int_equal(r.transaction, i);
		assert_int_equal(r.request_frame, i);
		assert_int_equal(r.response_time_ns, 7 * MS);
	}
	assert_int_equal(sipstatus_transactions_count(table), count);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_key_rfc3261),
	        cmocka_unit_test(test_key_rfc2543),
	        cmocka_unit_test(test_key_seed),
	        cmocka_unit_test(test_outcomes),
	        cmocka_unit_test_setup_teardown(test_request_retransmission, make_table,
	                                        free_table),
	        cmocka_unit_test_setup_teardown(test_response_retransmission, make_table,
	                                        free_table),
	        cmocka_unit_test_setup_teardown(test_srd, make_table, free_table),
	        cmocka_unit_test_setup_teardown(test_no_outcome, make_table, free_table),
	        cmocka_unit_test_setup_teardown(test_response_before_request, make_table,
	                                        free_table),
	        cmocka_unit_test_setup_teardown(test_hops, make_table, free_table),
	        cmocka_unit_test_setup_teardown(test_registration_attempts, make_table, free_table),
	        cmocka_unit_test_setup_teardown(test_bye_finds_its_call, make_table, free_table),
	        cmocka_unit_test_setup_teardown(test_times_before_request, make_table, free_table),
	        cmocka_unit_test_setup_teardown(test_many, make_table, free_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
