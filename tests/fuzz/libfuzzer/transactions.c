/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The transaction table against a reference model written from the contract
 * in transactions.h (and the README's "Transactions, retransmissions and
 * calls"): plain arrays, looked up by the small numbers the events are
 * decoded from, never by the table's hashes.
 *
 * The input is a list of events, each an operation byte
 *   bits 0-1  0 request, 1 or 2 response, 3 special
 *   bits 2-4  the key, one of 8 (some share a hash, or a slot, or all but
 *             the check)
 *   bits 5-6  the path, one of 4 (hops sharing a key)
 *   bit 7     in the same frame as the event before
 * followed by
 *   request:  a: bits 0-3 method, bit 4 To tag, bits 5-6 the From tag's call
 *             key (0: none); b: bits 0-1 the To tag's call key, bits 2-7
 *             the time step
 *   response: a: the code; b: bits 0-1 To tag, bit 2 RSeq present, bit 3
 *             CSeq method INVITE, bits 4-7 RSeq; c: bits 0-1 the value
 *             that says the RSeq is present (any but 0 does), bits 2-7 the
 *             time step
 *   special:  a: with key bits 1, the clock jumps to a * 2^54 ns; with key
 *             bits 0 and path bits 3 (op 0x63 or 0xe3), a burst of 513 + a
 *             new transactions (new keys, each a session-starting INVITE of
 *             a call of its own), enough to grow the table's key and call
 *             indices, at most twice an input (they are slow); else the
 *             clock goes back a second times a.
 * Every result is compared with the model's, field by field.
 */
#include <string.h>

#include "events.h"
#include "harness.h"
#include "transactions.h"

#define KEYS    8
#define PATHS   4
#define CALLS   4
#define TO_TAGS 4
/* Bursts per input, each up to 768 transactions: the second grows the
 * table's indices again. */
#define MAX_BURSTS 2

static const sipstatus_key small_keys[KEYS] = {
        {0x0000000000000001ULL, 1, 0},
        {0x0000000000000001ULL, 2, 0}, /* the same hash, another check */
        {0x0000000000000401ULL, 1, 0}, /* the same slot while the table is small */
        {0xfffffffffffffc01ULL, 7, 0}, /* and again */
        {0, 0, 0},
        {0x9e3779b97f4a7c15ULL, 0xdeadbeef, 0},
        {0x123456789abcdef0ULL, 1, 0},
        {0x0fedcba987654321ULL, 0xffffffff, 0},
};
static const uint32_t paths[PATHS] = {0, 1, 2, 0xffffffff};
static const uint64_t calls[CALLS] = {0, 11, 22, 0x8000000000000001ULL};
static const uint64_t to_tags[TO_TAGS] = {0x5eed, 0, 1, 0xffffffffffffffffULL};

/* Mostly forward, a few steps back. */
static int64_t decode_step(unsigned index)
{
	return index < 56 ? (int64_t)index * index * 50000 : -(int64_t)(index - 55) * 10 * MS;
}

/* ---- The model ---- */

typedef struct {
	unsigned code;
	uint64_t to_tag;
	int has_rseq;
	uint32_t rseq;
	uint32_t frame;
	int64_t time_ns;
	int answers_call; /* it had an outcome, which its copies repeat */
	size_t next;      /* the transaction's other distinct responses; 0 ends */
} model_response;

typedef struct {
	int has_request;
	uint32_t request_frame;
	int64_t request_ns;
	int method;
	int starts_session;
	uint64_t call;
	uint32_t related;
	unsigned final_code; /* of its first final response; 0: none yet */
	int has_srd_end;
	int64_t srd_end_ns; /* its first non-100 provisional or 2xx */
	size_t responses;   /* its first distinct response; 0: none */
} model_transaction;

typedef struct {
	model_transaction *transactions; /* by number, 1 on */
	size_t count, capacity;
	model_response *responses; /* 1 on */
	size_t response_count, response_capacity;
	/* Each small key's transaction on each path, and its first one. */
	uint32_t by_path[KEYS][PATHS];
	uint32_t first[KEYS];
	/* The newest session-starting INVITE and REGISTER of each call key. */
	uint32_t newest_invite[CALLS], newest_register[CALLS];
} model;

static void *grow(void *items, size_t *capacity, size_t needed, size_t item_size)
{
	if (needed < *capacity)
		return items;
	while (*capacity <= needed)
		*capacity = *capacity ? 2 * *capacity : 64;
	items = realloc(items, *capacity * item_size);
	CHECK(items);
	return items;
}

static uint32_t model_add(model *m)
{
	m->transactions =
	        grow(m->transactions, &m->capacity, m->count + 1, sizeof(*m->transactions));
	m->count++;
	memset(&m->transactions[m->count], 0, sizeof(*m->transactions));
	return (uint32_t)m->count;
}

static model_transaction *model_at(model *m, uint32_t number)
{
	return &m->transactions[number];
}

/* A 401 or 407 challenges a registration; the next REGISTER continues it. */
static int is_challenge(unsigned code)
{
	return code == 401 || code == 407;
}

/* RFC 6076 section 4.3.2's failures: 4xx but 401, 402, 407; 5xx; 6xx. */
static int srd_failure(unsigned code)
{
	return code >= 400 && code <= 699 && code != 401 && code != 402 && code != 407;
}

static void model_request(model *m, int key, int path, int call_from, int call_to,
                          const sipstatus_request_event *event, sipstatus_request_result *expected)
{
	uint32_t number = m->by_path[key][path];
	model_transaction *t;

	memset(expected, 0, sizeof(*expected));
	if (!number) {
		number = m->by_path[key][path] = model_add(m);
		if (!m->first[key])
			m->first[key] = number;
	}
	t = model_at(m, number);
	expected->transaction = number;
	if (t->has_request) {
		/* a retransmission: the first copy's frame, and what it was */
		expected->original_frame = t->request_frame;
		expected->starts_session = t->starts_session;
		expected->related = t->related;
		return;
	}
	t->has_request = 1;
	t->request_frame = event->frame;
	t->request_ns = event->time_ns;
	t->method = event->method;
	t->starts_session = event->method == SIPSTATUS_METHOD_INVITE && !event->has_to_tag;
	t->call = calls[call_from];
	if (event->method == SIPSTATUS_METHOD_REGISTER) {
		uint32_t before = call_from ? m->newest_register[call_from] : 0;

		t->related = before && is_challenge(model_at(m, before)->final_code)
		                     ? model_at(m, before)->related
		                     : number;
		if (call_from)
			m->newest_register[call_from] = number;
	} else if (event->method == SIPSTATUS_METHOD_BYE) {
		uint32_t by_from = call_from ? m->newest_invite[call_from] : 0;
		uint32_t by_to = call_to ? m->newest_invite[call_to] : 0;

		t->related = by_from ? by_from : by_to;
	}
	if (t->starts_session && call_from)
		m->newest_invite[call_from] = number;
	expected->starts_session = t->starts_session;
	expected->related = t->related;
}

/* The earlier distinct response of t this one repeats, or 0. */
static size_t model_repeated(const model *m, const model_transaction *t,
                             const sipstatus_response_event *event)
{
	for (size_t i = t->responses; i; i = m->responses[i].next) {
		const model_response *r = &m->responses[i];

		if (r->code == event->code && r->to_tag == event->to_tag &&
		    r->has_rseq == (event->has_rseq != 0) &&
		    (!r->has_rseq || r->rseq == event->rseq))
			return i;
	}
	return 0;
}

static void model_response_event(model *m, int key, int path, const sipstatus_response_event *event,
                                 sipstatus_response_result *expected)
{
	uint32_t number = m->by_path[key][path];
	model_transaction *t;
	size_t repeated;
	int64_t first_copy_ns = event->time_ns;
	int answers_call;

	memset(expected, 0, sizeof(*expected));
	/* The transaction whose request went this way, else the key's first. */
	if (!number)
		number = m->first[key];
	if (!number)
		number = m->by_path[key][path] = m->first[key] = model_add(m);
	t = model_at(m, number);
	expected->transaction = number;
	if (t->has_request) {
		expected->request_frame = t->request_frame;
		expected->response_time_ns = event->time_ns - t->request_ns;
	}
	/* Only a session-starting INVITE's final response has an outcome; a
	 * copy has it when its original had. */
	answers_call = event->is_invite && t->starts_session &&
	               sipstatus_call_outcome(event->code) != SIPSTATUS_OUTCOME_NONE;
	repeated = model_repeated(m, t, event);
	if (repeated) {
		expected->original_frame = m->responses[repeated].frame;
		first_copy_ns = m->responses[repeated].time_ns;
		answers_call = answers_call && m->responses[repeated].answers_call;
	} else {
		model_response *r;

		m->responses = grow(m->responses, &m->response_capacity, m->response_count + 1,
		                    sizeof(*m->responses));
		r = &m->responses[++m->response_count];
		r->code = event->code;
		r->to_tag = event->to_tag;
		r->has_rseq = event->has_rseq != 0;
		r->rseq = event->rseq;
		r->frame = event->frame;
		r->time_ns = event->time_ns;
		r->answers_call = answers_call;
		r->next = t->responses;
		t->responses = m->response_count;
	}
	/* Codes above 699 count as final too: the SIP dissector reads any
	 * three digits. */
	if (!t->final_code && event->code >= 200)
		t->final_code = event->code;
	if (!t->has_srd_end && event->code > 100 && event->code < 300) {
		t->has_srd_end = 1;
		t->srd_end_ns = event->time_ns;
	}
	/* The final response of a session-starting INVITE, or a copy of one
	 * that had its outcome. */
	if (!answers_call)
		return;
	expected->outcome = sipstatus_call_outcome(event->code);
	if (expected->outcome == SIPSTATUS_OUTCOME_ANSWERED) {
		expected->srd_ns = t->srd_end_ns - t->request_ns;
		expected->has_srd = expected->srd_ns >= 0;
	} else if (srd_failure(event->code)) {
		expected->srd_ns = first_copy_ns - t->request_ns;
		expected->has_srd = expected->srd_ns >= 0;
	}
}

/* ---- Checks ---- */

static void check_request(const sipstatus_request_result *got,
                          const sipstatus_request_result *expected)
{
	CHECK(got->transaction == expected->transaction);
	CHECK(got->original_frame == expected->original_frame);
	CHECK(!got->starts_session == !expected->starts_session);
	CHECK(got->related == expected->related);
}

static void check_response(const sipstatus_response_result *got,
                           const sipstatus_response_result *expected)
{
	CHECK(got->transaction == expected->transaction);
	CHECK(got->request_frame == expected->request_frame);
	if (expected->request_frame)
		CHECK(got->response_time_ns == expected->response_time_ns);
	CHECK(got->original_frame == expected->original_frame);
	CHECK(got->outcome == expected->outcome);
	CHECK(!got->has_srd == !expected->has_srd);
	if (expected->has_srd)
		CHECK(got->srd_ns == expected->srd_ns);
}

typedef struct {
	sipstatus_transactions *table;
	model m;
	uint32_t frame;
	int64_t time_ns;
	uint32_t burst_keys; /* keys made by bursts so far */
	int bursts;
} run;

/* New transactions with keys of their own, none a small key (their checks
 * have the top bit set, which only one small key has, with another hash). */
static void burst(run *r, unsigned count)
{
	for (unsigned i = 0; i < count; i++) {
		uint32_t n = ++r->burst_keys;
		sipstatus_key key = {n * 0x9e3779b97f4a7c15ULL + 0x1234, 0x80000000u | n, n};
		sipstatus_request_event event = {++r->frame,
		                                 r->time_ns,
		                                 SIPSTATUS_METHOD_INVITE,
		                                 0,
		                                 {1000 + (uint64_t)n, 0}};
		sipstatus_request_result got;
		uint32_t expected = model_add(&r->m);

		sipstatus_transactions_request(r->table, &key, &event, &got);
		CHECK(got.transaction == expected && got.original_frame == 0);
		CHECK(got.starts_session && got.related == 0);
	}
}

static void special(run *r, int key_bits, int path_bits, uint8_t a)
{
	if (key_bits == 0 && path_bits == 3 && r->bursts < MAX_BURSTS) {
		r->bursts++;
		burst(r, 513u + a);
	} else if (key_bits == 1) {
		r->time_ns = (int64_t)(int8_t)a * (INT64_C(1) << 54);
	} else {
		r->time_ns = clamp_time(r->time_ns - (int64_t)a * 1000 * MS);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t seed = 0x0123456789abcdefULL;
	run r;
	size_t at = 0;

	memset(&r, 0, sizeof(r));
	r.table = sipstatus_transactions_new(seed);
	CHECK(r.table);
	CHECK(sipstatus_transactions_seed(r.table) == seed);
	while (at < size) {
		uint8_t op = data[at++];
		int kind = op & 3, key = (op >> 2) & 7, path = (op >> 5) & 3;
		sipstatus_key k = small_keys[key];

		k.path = paths[path];
		if (!(op & 0x80) || r.frame == 0)
			r.frame++;
		if (kind == 0 && at + 2 <= size) {
			uint8_t a = data[at++], b = data[at++];
			int from = (a >> 5) & 3, to = b & 3;
			sipstatus_request_result got, expected;
			sipstatus_request_event event;

			r.time_ns = clamp_time(r.time_ns + decode_step(b >> 2));
			event = (sipstatus_request_event){r.frame,
			                                  r.time_ns,
			                                  decode_method(a & 15),
			                                  (a >> 4) & 1,
			                                  {calls[from], calls[to]}};
			sipstatus_transactions_request(r.table, &k, &event, &got);
			model_request(&r.m, key, path, from, to, &event, &expected);
			check_request(&got, &expected);
		} else if ((kind == 1 || kind == 2) && at + 3 <= size) {
			uint8_t a = data[at++], b = data[at++], c = data[at++];
			sipstatus_response_result got, expected;
			sipstatus_response_event event;

			r.time_ns = clamp_time(r.time_ns + decode_step(c >> 2));
			event = (sipstatus_response_event){
			        r.frame,        r.time_ns,        decode_code(a),
			        to_tags[b & 3], (uint32_t)b >> 4, ((b >> 2) & 1) * (1 + (c & 3)),
			        (b >> 3) & 1};
			sipstatus_transactions_response(r.table, &k, &event, &got);
			model_response_event(&r.m, key, path, &event, &expected);
			check_response(&got, &expected);
		} else if (kind == 3 && at + 1 <= size) {
			special(&r, key, path, data[at++]);
		} else {
			break;
		}
		CHECK(sipstatus_transactions_count(r.table) == r.m.count);
	}
	sipstatus_transactions_free(r.table);
	free(r.m.transactions);
	free(r.m.responses);
	return 0;
}
