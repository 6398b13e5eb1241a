/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "growable.h"
#include "sip-methods.h"

/* ---- Delays: a multiset with count, sum, least and greatest ---- */

/* A binary min-heap of int64_t. */
typedef struct {
	int64_t *items;
	size_t count, capacity;
} heap;

static int heap_push(heap *h, int64_t value)
{
	int64_t *items = sipstatus_grow(h->items, &h->capacity, h->count + 1, sizeof(*items), 16);
	size_t at;

	if (!items)
		return 0;
	h->items = items;
	for (at = h->count++; at && h->items[(at - 1) / 2] > value; at = (at - 1) / 2)
		h->items[at] = h->items[(at - 1) / 2];
	h->items[at] = value;
	return 1;
}

static void heap_pop(heap *h)
{
	int64_t last = h->items[--h->count];
	size_t at = 0;

	for (;;) {
		size_t child = 2 * at + 1;

		if (child >= h->count)
			break;
		if (child + 1 < h->count && h->items[child + 1] < h->items[child])
			child++;
		if (h->items[child] >= last)
			break;
		h->items[at] = h->items[child];
		at = child;
	}
	if (h->count)
		h->items[at] = last;
}

/* Values taken out are only marked (removed_*) and dropped once they reach
 * the top: removal is rare (a transaction moving to another result). */
typedef struct {
	uint64_t count;
	double sum_ns;                   /* exact while the sum stays under 2^53 ns (104 days) */
	heap least, removed_least;       /* values */
	heap greatest, removed_greatest; /* negated values */
} delays;

static void delays_add(delays *d, int64_t value)
{
	if (!heap_push(&d->least, value))
		return;
	if (!heap_push(&d->greatest, -value)) {
		/* keep the two heaps of the same values */
		heap_push(&d->removed_least, value);
		return;
	}
	d->count++;
	d->sum_ns += (double)value;
}

static void delays_remove(delays *d, int64_t value)
{
	if (!heap_push(&d->removed_least, value))
		return;
	if (!heap_push(&d->removed_greatest, -value))
		return;
	d->count--;
	d->sum_ns -= (double)value;
}

/* The top of values without the removed ones. */
static int64_t top(heap *values, heap *removed)
{
	while (removed->count && values->items[0] == removed->items[0]) {
		heap_pop(values);
		heap_pop(removed);
	}
	return values->items[0];
}

static void delays_free(delays *d)
{
	free(d->least.items);
	free(d->removed_least.items);
	free(d->greatest.items);
	free(d->removed_greatest.items);
}

/* ---- What each transaction adds to its buckets ---- */

enum {
	COUNT_REQUESTS,     /* transactions whose request was seen */
	COUNT_ANSWERED,     /* of them, with a final response */
	COUNT_INVITES,      /* session-starting INVITEs */
	COUNT_INVITES_200,  /* answered 200 */
	COUNT_INVITES_3XX,  /* answered 3xx */
	COUNT_INVITES_SEER, /* answered 200, 480, 486, 600, 603 */
	COUNT_INVITES_ISA,  /* answered with an ISA code */
	COUNT_REGISTERS,
	COUNT_REGISTERS_ANSWERED,
	COUNT_REGISTERS_FAILED,
	COUNT_BYES,
	COUNT_KINDS
};

enum { DELAY_SRD_SUCCESS, DELAY_SRD_FAILURE, DELAY_RRD, DELAY_SDD, DELAY_SDT, DELAY_KINDS };

typedef struct {
	int counts[COUNT_KINDS];
	int has_delay[DELAY_KINDS];
	int64_t delay[DELAY_KINDS];
} contribution;

typedef struct {
	uint64_t counts[COUNT_KINDS];
	delays delay[DELAY_KINDS];
	uint64_t request_copies, response_copies; /* retransmissions */
	/* The peer's address, kept here: no pointer, as buckets move when
	 * more are added (0 length: bucket 0). */
	int peer_type;
	size_t peer_length;
	unsigned char address[16];
	uint8_t changed; /* listed in changes */
} bucket;

/* What the capture told of one transaction. */
typedef struct {
	int64_t request_ns; /* its request's first copy */
	int64_t final_ns;   /* the response its result is from */
	int64_t first_2xx_ns;
	int64_t srd_ns;
	int64_t sdt_ns;
	uint32_t related;
	uint32_t peer; /* its bucket; 0 until its request or a response is seen */
	uint16_t code; /* of its result; 0 without a final response */
	uint8_t method;
	uint8_t seen : 1; /* its request's first copy */
	uint8_t starts_session : 1;
	uint8_t has_srd : 1;
	uint8_t has_2xx : 1;
	uint8_t has_sdt : 1;
	uint8_t ended : 1; /* its first BYE came */
} transaction_state;

struct sipstatus_metrics {
	unsigned char isa_codes[SIPSTATUS_ISA_CODES];
	bucket *buckets;
	size_t bucket_count, bucket_capacity;
	transaction_state *transactions; /* indexed by transaction number */
	size_t transaction_capacity;
	size_t *changes; /* buckets changed since they were taken */
	size_t change_count, change_capacity;
};

static int srd_failure(unsigned code)
{
	return code >= 400 && code <= 699 && code != 401 && code != 402 && code != 407;
}

static int seer_code(unsigned code)
{
	return code == 200 || code == 480 || code == 486 || code == 600 || code == 603;
}

static contribution contribution_of(const sipstatus_metrics *metrics, const transaction_state *t)
{
	contribution c;
	int answered = t->code != 0;

	memset(&c, 0, sizeof(c));
	if (!t->seen)
		return c;
	c.counts[COUNT_REQUESTS] = 1;
	c.counts[COUNT_ANSWERED] = answered;
	if (t->starts_session) {
		c.counts[COUNT_INVITES] = 1;
		c.counts[COUNT_INVITES_200] = t->code == 200;
		c.counts[COUNT_INVITES_3XX] = t->code >= 300 && t->code < 400;
		c.counts[COUNT_INVITES_SEER] = seer_code(t->code);
		c.counts[COUNT_INVITES_ISA] =
		        t->code < SIPSTATUS_ISA_CODES && metrics->isa_codes[t->code];
		if (t->has_srd && t->code >= 200 && t->code < 300) {
			c.has_delay[DELAY_SRD_SUCCESS] = 1;
			c.delay[DELAY_SRD_SUCCESS] = t->srd_ns;
		} else if (t->has_srd && srd_failure(t->code)) {
			c.has_delay[DELAY_SRD_FAILURE] = 1;
			c.delay[DELAY_SRD_FAILURE] = t->srd_ns;
		}
		if (t->has_sdt) {
			c.has_delay[DELAY_SDT] = 1;
			c.delay[DELAY_SDT] = t->sdt_ns;
		}
	}
	if (t->method == SIPSTATUS_METHOD_REGISTER) {
		c.counts[COUNT_REGISTERS] = 1;
		c.counts[COUNT_REGISTERS_ANSWERED] = answered;
		c.counts[COUNT_REGISTERS_FAILED] = srd_failure(t->code);
		if (t->code == 200 && t->related && t->related < metrics->transaction_capacity &&
		    metrics->transactions[t->related].seen) {
			c.has_delay[DELAY_RRD] = 1;
			c.delay[DELAY_RRD] =
			        t->final_ns - metrics->transactions[t->related].request_ns;
		}
	}
	if (t->method == SIPSTATUS_METHOD_BYE) {
		c.counts[COUNT_BYES] = 1;
		if (t->code >= 200 && t->code < 300) {
			c.has_delay[DELAY_SDD] = 1;
			c.delay[DELAY_SDD] = t->final_ns - t->request_ns;
		}
	}
	return c;
}

/* Lists the bucket as changed, once; when memory runs out it is not listed
 * (and its report shown late). */
static void mark_changed(sipstatus_metrics *metrics, size_t index)
{
	bucket *b = &metrics->buckets[index];
	size_t *changes;

	if (b->changed)
		return;
	changes = sipstatus_grow(metrics->changes, &metrics->change_capacity,
	                         metrics->change_count + 1, sizeof(*changes), 8);
	if (!changes)
		return;
	metrics->changes = changes;
	b->changed = 1;
	metrics->changes[metrics->change_count++] = index;
}

size_t sipstatus_metrics_take_changes(sipstatus_metrics *metrics, const size_t **buckets)
{
	size_t count = metrics->change_count;

	for (size_t i = 0; i < count; i++)
		metrics->buckets[metrics->changes[i]].changed = 0;
	metrics->change_count = 0;
	*buckets = metrics->changes;
	return count;
}

static void apply(bucket *b, const contribution *c, int sign)
{
	for (int i = 0; i < COUNT_KINDS; i++)
		b->counts[i] += (uint64_t)(int64_t)(sign * c->counts[i]);
	for (int i = 0; i < DELAY_KINDS; i++) {
		if (!c->has_delay[i])
			continue;
		if (sign > 0)
			delays_add(&b->delay[i], c->delay[i]);
		else
			delays_remove(&b->delay[i], c->delay[i]);
	}
}

/* Moves a transaction's contribution from before to after, in the whole
 * capture's bucket and in its peer's (old_peer before, t->peer after). */
static void update(sipstatus_metrics *metrics, const contribution *before, uint32_t old_peer,
                   const transaction_state *t)
{
	contribution after = contribution_of(metrics, t);

	if (memcmp(before, &after, sizeof(after)) == 0 && old_peer == t->peer)
		return;
	apply(&metrics->buckets[0], before, -1);
	apply(&metrics->buckets[0], &after, +1);
	mark_changed(metrics, 0);
	if (old_peer) {
		apply(&metrics->buckets[old_peer], before, -1);
		mark_changed(metrics, old_peer);
	}
	if (t->peer) {
		apply(&metrics->buckets[t->peer], &after, +1);
		mark_changed(metrics, t->peer);
	}
}

/* A retransmitted copy, in the whole capture and its transaction's peer. */
static void count_copy(sipstatus_metrics *metrics, const transaction_state *t, int request)
{
	size_t buckets[2] = {0, t ? t->peer : 0};

	for (int i = 0; i < (buckets[1] ? 2 : 1); i++) {
		if (request)
			metrics->buckets[buckets[i]].request_copies++;
		else
			metrics->buckets[buckets[i]].response_copies++;
		mark_changed(metrics, buckets[i]);
	}
}

/* ---- Peers and transactions ---- */

/* A zeroed bucket: its index, or 0 when memory runs out (bucket 0 is made
 * first, by sipstatus_metrics_new). */
static size_t add_bucket(sipstatus_metrics *metrics)
{
	bucket *buckets = sipstatus_grow(metrics->buckets, &metrics->bucket_capacity,
	                                 metrics->bucket_count + 1, sizeof(*buckets), 8);

	if (!buckets)
		return 0;
	metrics->buckets = buckets;
	memset(&metrics->buckets[metrics->bucket_count], 0, sizeof(bucket));
	return metrics->bucket_count++;
}

/* The peer's bucket, made on its first appearance; 0 when memory runs out.
 * Peers are few (the trunks and servers of a capture): a linear search. */
static uint32_t peer_bucket(sipstatus_metrics *metrics, const sipstatus_peer_address *peer)
{
	size_t length = peer->length < 16 ? peer->length : 16;
	size_t index;
	bucket *b;

	/* No network address (SIP over something else): no peer. */
	if (length == 0)
		return 0;
	for (index = 1; index < metrics->bucket_count; index++) {
		const bucket *known = &metrics->buckets[index];

		if (known->peer_type == peer->type && known->peer_length == length &&
		    memcmp(known->address, peer->data, length) == 0)
			return (uint32_t)index;
	}
	index = add_bucket(metrics);
	if (!index || index > UINT32_MAX)
		return 0;
	b = &metrics->buckets[index];
	if (length)
		memcpy(b->address, peer->data, length);
	b->peer_type = peer->type;
	b->peer_length = length;
	return (uint32_t)index;
}

/* The transaction's state, made zeroed; NULL for 0 or out of memory. */
static transaction_state *state_of(sipstatus_metrics *metrics, uint32_t transaction)
{
	if (transaction == 0)
		return NULL;
	if (transaction >= metrics->transaction_capacity) {
		size_t old_capacity = metrics->transaction_capacity;
		transaction_state *states =
		        sipstatus_grow(metrics->transactions, &metrics->transaction_capacity,
		                       (size_t)transaction + 1, sizeof(*states), 1024);

		if (!states)
			return NULL;
		memset(states + old_capacity, 0,
		       (metrics->transaction_capacity - old_capacity) * sizeof(*states));
		metrics->transactions = states;
	}
	return &metrics->transactions[transaction];
}

sipstatus_metrics *sipstatus_metrics_new(const unsigned char isa_codes[SIPSTATUS_ISA_CODES])
{
	sipstatus_metrics *metrics = calloc(1, sizeof(*metrics));

	if (!metrics)
		return NULL;
	memcpy(metrics->isa_codes, isa_codes, SIPSTATUS_ISA_CODES);
	add_bucket(metrics); /* the whole capture's */
	if (metrics->bucket_count == 0) {
		free(metrics);
		return NULL;
	}
	return metrics;
}

void sipstatus_metrics_free(sipstatus_metrics *metrics)
{
	if (!metrics)
		return;
	for (size_t i = 0; i < metrics->bucket_count; i++)
		for (int d = 0; d < DELAY_KINDS; d++)
			delays_free(&metrics->buckets[i].delay[d]);
	free(metrics->buckets);
	free(metrics->transactions);
	free(metrics->changes);
	free(metrics);
}

size_t sipstatus_metrics_bucket_count(const sipstatus_metrics *metrics)
{
	return metrics->bucket_count;
}

sipstatus_peer_address sipstatus_metrics_bucket_peer(const sipstatus_metrics *metrics,
                                                     size_t bucket_index)
{
	const bucket *b = &metrics->buckets[bucket_index];
	sipstatus_peer_address peer = {b->peer_type, b->peer_length ? b->address : NULL,
	                               b->peer_length};

	return peer;
}

void sipstatus_metrics_request(sipstatus_metrics *metrics, const sipstatus_request *request,
                               int64_t time_ns, const sipstatus_peer_address *destination)
{
	transaction_state *t = state_of(metrics, request->transaction);
	contribution before;
	uint32_t old_peer;

	if (request->original_frame) {
		count_copy(metrics, t, 1);
		return;
	}
	if (!t || t->seen)
		return;
	before = contribution_of(metrics, t);
	old_peer = t->peer;
	t->seen = 1;
	t->request_ns = time_ns;
	t->method = request->method;
	t->starts_session = request->starts_session;
	t->related = request->related;
	if (!t->peer)
		t->peer = peer_bucket(metrics, destination);
	update(metrics, &before, old_peer, t);

	/* A BYE ends its call: the Session Duration Time, once per call. */
	if (t->method == SIPSTATUS_METHOD_BYE && t->related &&
	    t->related < metrics->transaction_capacity) {
		transaction_state *call = &metrics->transactions[t->related];

		/* Only the first BYE counts, and only if the call was answered
		 * by then. */
		if (call->seen && !call->ended && call->has_2xx) {
			before = contribution_of(metrics, call);
			call->has_sdt = 1;
			call->sdt_ns = time_ns - call->first_2xx_ns;
			update(metrics, &before, call->peer, call);
		}
		call->ended = 1;
	}
}

void sipstatus_metrics_response(sipstatus_metrics *metrics, const sipstatus_response *response,
                                int64_t time_ns, const sipstatus_peer_address *source)
{
	transaction_state *t = state_of(metrics, response->transaction);
	unsigned code = response->code;
	contribution before;
	uint32_t old_peer;
	int takes_result;

	if (response->original_frame) {
		count_copy(metrics, t, 0);
		return;
	}
	/* A transaction counts from its request on. */
	if (!t || !t->seen || code < 200 || code > 699)
		return;
	/* The first final response gives the result; a 2xx after a failure
	 * (another fork answered) takes it over. */
	takes_result = t->code == 0 || (code < 300 && !t->has_2xx);
	if (!takes_result)
		return;
	before = contribution_of(metrics, t);
	old_peer = t->peer;
	if (code < 300) {
		t->has_2xx = 1;
		t->first_2xx_ns = time_ns;
	}
	/* Its peer: who sent the first final response. */
	if (t->code == 0)
		t->peer = peer_bucket(metrics, source);
	t->code = (uint16_t)code;
	t->final_ns = time_ns;
	t->has_srd = response->has_srd;
	t->srd_ns = response->srd_ns;
	update(metrics, &before, old_peer, t);
}

/* ---- The report ---- */

static void ratio(sipstatus_metric_line *line, uint64_t part, uint64_t whole)
{
	if (whole == 0)
		snprintf(line->value, sizeof(line->value), "undefined");
	else
		snprintf(line->value, sizeof(line->value), "%.2f %%",
		         100.0 * (double)part / (double)whole);
}

static void delay(sipstatus_metric_line *line, delays *d)
{
	if (d->count == 0) {
		snprintf(line->value, sizeof(line->value), "none");
		return;
	}
	snprintf(line->value, sizeof(line->value), "avg %.3f, min %.3f, max %.3f ms",
	         d->sum_ns / (double)d->count / 1e6,
	         (double)top(&d->least, &d->removed_least) / 1e6,
	         -(double)top(&d->greatest, &d->removed_greatest) / 1e6);
}

/* "" or "s": "1 INVITE", "2 INVITEs". */
static const char *plural(unsigned long long count)
{
	return count == 1 ? "" : "s";
}

/* A ratio of session-starting INVITEs over those not redirected (SER, SEER). */
static void session_ratio(sipstatus_metric_line *line, const char *name, unsigned long long part,
                          unsigned long long invites, unsigned long long redirected)
{
	unsigned long long effective = invites - redirected;

	line->name = name;
	ratio(line, part, effective);
	snprintf(line->population, sizeof(line->population),
	         "%llu of %llu INVITE%s (%llu answered 3xx excluded)", part, effective,
	         plural(effective), redirected);
}

/* A delay line, its population the number of values. */
static const struct {
	const char *name;
	const char *one, *many;
} delay_lines[DELAY_KINDS] = {
        [DELAY_SRD_SUCCESS] = {"SRD (success)", "INVITE answered 2xx", "INVITEs answered 2xx"},
        [DELAY_SRD_FAILURE] = {"SRD (failure)", "failed INVITE", "failed INVITEs"},
        [DELAY_RRD] = {"RRD", "successful registration", "successful registrations"},
        [DELAY_SDD] = {"SDD", "BYE answered 2xx", "BYEs answered 2xx"},
        [DELAY_SDT] = {"SDT", "answered call ended by a BYE", "answered calls ended by a BYE"},
};

static void delay_line(sipstatus_metric_line *line, bucket *b, int kind)
{
	delays *d = &b->delay[kind];

	line->name = delay_lines[kind].name;
	delay(line, d);
	snprintf(line->population, sizeof(line->population), "%llu %s",
	         (unsigned long long)d->count,
	         d->count == 1 ? delay_lines[kind].one : delay_lines[kind].many);
}

void sipstatus_metrics_describe(const sipstatus_metrics *metrics, size_t bucket_index,
                                sipstatus_metric_line lines[SIPSTATUS_METRIC_LINES])
{
	/* The heaps drop removed values as they are read: a read changes no
	 * result. */
	bucket *b = &metrics->buckets[bucket_index];
	const uint64_t *n = b->counts;
	unsigned long long invites = n[COUNT_INVITES], redirected = n[COUNT_INVITES_3XX];
	unsigned long long isa = n[COUNT_INVITES_ISA], registers = n[COUNT_REGISTERS];
	unsigned long long failed = n[COUNT_REGISTERS_FAILED];
	unsigned long long unanswered = registers - n[COUNT_REGISTERS_ANSWERED];
	unsigned long long requests = n[COUNT_REQUESTS], byes = n[COUNT_BYES];
	unsigned long long request_copies = b->request_copies, response_copies = b->response_copies;
	sipstatus_metric_line *line = lines;

	memset(lines, 0, SIPSTATUS_METRIC_LINES * sizeof(*lines));
#define POPULATION(...) snprintf(line->population, sizeof(line->population), __VA_ARGS__)
#define VALUE(...)      snprintf(line->value, sizeof(line->value), __VA_ARGS__)
	session_ratio(line++, "SER", n[COUNT_INVITES_200], invites, redirected);
	session_ratio(line++, "SEER", n[COUNT_INVITES_SEER], invites, redirected);
	line->name = "ISA";
	ratio(line, isa, invites);
	POPULATION("%llu of %llu INVITE%s", isa, invites, plural(invites));
	line++;
	delay_line(line++, b, DELAY_SRD_SUCCESS);
	delay_line(line++, b, DELAY_SRD_FAILURE);
	delay_line(line++, b, DELAY_RRD);
	line->name = "IRA";
	ratio(line, failed + unanswered, registers);
	POPULATION("%llu of %llu REGISTER%s (%llu failed, %llu without a final response)",
	           failed + unanswered, registers, plural(registers), failed, unanswered);
	line++;
	delay_line(line++, b, DELAY_SDD);
	delay_line(line++, b, DELAY_SDT);
	line->name = "Unanswered";
	VALUE("%llu", requests - (unsigned long long)n[COUNT_ANSWERED]);
	POPULATION("of %llu request%s had no final response", requests, plural(requests));
	line++;
	line->name = "Retransmissions";
	VALUE("%llu", request_copies + response_copies);
	POPULATION("%llu request cop%s, %llu response cop%s", request_copies,
	           request_copies == 1 ? "y" : "ies", response_copies,
	           response_copies == 1 ? "y" : "ies");
	line++;
	line->name = "Transactions";
	VALUE("%llu", requests);
	POPULATION("%llu INVITE%s starting a session, %llu REGISTER%s, %llu BYE%s", invites,
	           plural(invites), registers, plural(registers), byes, plural(byes));
#undef POPULATION
#undef VALUE
}
