/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The RFC 6076 aggregation fed any request and response records, as the
 * store would hold them, in any order: at each frame's end, where the plugin
 * reads it, every bucket is described (no crash, every line named, every
 * text terminated, its Transactions as the model counts them) and the
 * buckets changed are listed each once, every bucket whose report changed
 * (or that is new) among them, whose numbers must agree (ratios between 0
 * and 100 %, parts no larger than their wholes, delays with min <= avg <=
 * max); a report read again is the same.  A small model says what metrics.h
 * promises of the counts: each transaction counts once, from its request's
 * first copy on, in the bucket of the peer that sent its first final
 * response, else its request's destination; copies count as
 * retransmissions.
 *
 * The input is a byte of ISA codes, then a list of events, each an
 * operation byte
 *   bit 0     0 request, 1 response
 *   bits 1-4  the transaction, 0 (none) to 15
 *   bits 5-7  the peer: the request's destination or the response's source,
 *             one of 7 (two types of the same bytes, IPv6, one longer than
 *             the 16 bytes kept, none), or 7: one of 16 more, picked by the
 *             transaction bits, so the plugin's bucket array must grow
 * followed by
 *   request:  a: bits 0-3 method, bit 4 starts a session, bit 5 a copy,
 *             bit 6 a transaction number above 1024, bit 7 a new frame;
 *             b: bits 0-3 related transaction, bits 4-7 time step
 *   response: a: the code; b: bit 0 a copy, bit 1 has an SRD, bit 2 a
 *             transaction above 1024, bit 3 a new frame, bits 4-7 time step;
 *             c: the SRD
 */
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "harness.h"
#include "metrics.h"

#define MAX_TRANSACTIONS (1024 + 16 * 97 + 16)
#define FIXED_PEERS      7
#define PICKED_PEERS     16
#define MAX_BUCKETS      (1 + FIXED_PEERS + PICKED_PEERS)

enum { SER, SEER, ISA, SRD_SUCCESS, SRD_FAILURE, RRD, IRA, SDD, SDT, UNANSWERED, COPIES, TOTAL };

static const char *const line_names[SIPSTATUS_METRIC_LINES] = {
        "SER", "SEER", "ISA", "SRD (success)", "SRD (failure)",   "RRD",
        "IRA", "SDD",  "SDT", "Unanswered",    "Retransmissions", "Transactions"};

static const unsigned char ipv4_a[] = {192, 0, 2, 1}, ipv4_b[] = {192, 0, 2, 2};
static const unsigned char ipv6[] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
static const unsigned char long_a[20] = {1, 2, 3, [16] = 4}, long_b[20] = {1, 2, 3, [16] = 5};
static const sipstatus_peer_address fixed_peers[FIXED_PEERS] = {
        {1, ipv4_a, 4}, {1, ipv4_b, 4},  {2, ipv4_a, 4},  {3, ipv6, 16},
        {1, NULL, 0},   {9, long_a, 20}, {9, long_b, 20},
};
static const unsigned char picked_ipv4[PICKED_PEERS][4] = {
        {198, 51, 100, 0},  {198, 51, 100, 1},  {198, 51, 100, 2},  {198, 51, 100, 3},
        {198, 51, 100, 4},  {198, 51, 100, 5},  {198, 51, 100, 6},  {198, 51, 100, 7},
        {198, 51, 100, 8},  {198, 51, 100, 9},  {198, 51, 100, 10}, {198, 51, 100, 11},
        {198, 51, 100, 12}, {198, 51, 100, 13}, {198, 51, 100, 14}, {198, 51, 100, 15},
};

static sipstatus_peer_address decode_peer(uint8_t op)
{
	unsigned index = op >> 5;

	if (index < FIXED_PEERS)
		return fixed_peers[index];
	return (sipstatus_peer_address){1, picked_ipv4[(op >> 1) & 15], 4};
}

static int64_t decode_step(unsigned index)
{
	static const int64_t steps[16] = {
	        0,          1000,         MS,     10 * MS,    100 * MS,         1000 * MS,
	        10000 * MS, 3600000 * MS, -MS,    -1000 * MS, INT64_C(1) << 40, -(INT64_C(1) << 40),
	        TIME_LIMIT, -TIME_LIMIT,  7 * MS, 250 * MS};

	return steps[index & 15];
}

static uint32_t decode_transaction(unsigned number, int big)
{
	return big && number ? 1024u + number * 97u : number;
}

/* ---- The model ---- */

typedef struct {
	int counted;   /* its request's first copy came */
	int has_final; /* a final response came after it */
	size_t bucket; /* 0: no peer */
} model_transaction;

typedef struct {
	model_transaction transactions[MAX_TRANSACTIONS];
	sipstatus_peer_address peers[MAX_BUCKETS]; /* bucket 1 on; at most 16 bytes */
	size_t bucket_count;
	uint64_t per_bucket[MAX_BUCKETS]; /* transactions counted in each, 0: no peer */
	uint64_t counted, copies;
	int64_t least_ns, greatest_ns, largest_srd_ns; /* for the delays' bound */
} model;

/* The bucket of a peer, made on its first appearance; 0 without an address. */
static size_t model_bucket(model *m, const sipstatus_peer_address *peer)
{
	size_t length = peer->length < 16 ? peer->length : 16;

	if (length == 0)
		return 0;
	for (size_t b = 1; b < m->bucket_count; b++)
		if (m->peers[b].type == peer->type && m->peers[b].length == length &&
		    memcmp(m->peers[b].data, peer->data, length) == 0)
			return b;
	CHECK(m->bucket_count < MAX_BUCKETS);
	m->peers[m->bucket_count] = (sipstatus_peer_address){peer->type, peer->data, length};
	return m->bucket_count++;
}

static void model_request(model *m, const sipstatus_request *request,
                          const sipstatus_peer_address *destination)
{
	model_transaction *t = &m->transactions[request->transaction];

	if (request->original_frame) {
		m->copies++;
		return;
	}
	if (request->transaction == 0 || t->counted)
		return;
	t->counted = 1;
	m->counted++;
	t->bucket = model_bucket(m, destination);
	m->per_bucket[t->bucket]++;
}

static void model_response(model *m, const sipstatus_response *response,
                           const sipstatus_peer_address *source)
{
	model_transaction *t = &m->transactions[response->transaction];

	if (response->original_frame) {
		m->copies++;
		return;
	}
	if (response->transaction == 0 || !t->counted || t->has_final || response->code < 200 ||
	    response->code > 699)
		return;
	t->has_final = 1;
	m->per_bucket[t->bucket]--;
	t->bucket = model_bucket(m, source);
	m->per_bucket[t->bucket]++;
}

/* ---- Reading the report ---- */

typedef struct {
	sipstatus_metric_line lines[SIPSTATUS_METRIC_LINES];
} report;

static int terminated(const char *text)
{
	return memchr(text, '\0', SIPSTATUS_METRIC_TEXT) != NULL;
}

static uint64_t number_at(const char *text, size_t at)
{
	CHECK(text[at] >= '0' && text[at] <= '9');
	return strtoull(text + at, NULL, 10);
}

/* "N of M ...": N <= M; M returned. */
static uint64_t check_part_of_whole(const char *population)
{
	unsigned long long part, whole;

	CHECK(sscanf(population, "%llu of %llu", &part, &whole) == 2);
	CHECK(part <= whole);
	return whole;
}

/* "undefined" for no population, else a percentage from 0 to 100. */
static void check_ratio(const sipstatus_metric_line *line)
{
	uint64_t whole = check_part_of_whole(line->population);
	double percent;
	char sign;

	if (whole == 0) {
		CHECK(strcmp(line->value, "undefined") == 0);
		return;
	}
	CHECK(sscanf(line->value, "%lf %c", &percent, &sign) == 2 && sign == '%');
	CHECK(percent >= 0 && percent <= 100);
}

/* "none", or "avg A, min B, max C ms" with B <= C, and B <= A <= C when
 * the sums are exact (every delay and sum below 2^53 ns). */
static void check_delay(const sipstatus_metric_line *line, int sums_exact)
{
	double average, least, greatest;

	if (strncmp(line->population, "0 ", 2) == 0) {
		CHECK(strcmp(line->value, "none") == 0);
		return;
	}
	CHECK(sscanf(line->value, "avg %lf, min %lf, max %lf ms", &average, &least, &greatest) ==
	      3);
	CHECK(least <= greatest);
	if (sums_exact)
		CHECK(average >= least - 0.001 && average <= greatest + 0.001);
}

/* The report of a bucket: twelve lines with their names, every text
 * terminated. */
static void describe(sipstatus_metrics *metrics, size_t bucket, report *out)
{
	const sipstatus_metric_line *lines = out->lines;

	sipstatus_metrics_describe(metrics, bucket, out->lines);
	for (int i = 0; i < SIPSTATUS_METRIC_LINES; i++) {
		CHECK(lines[i].name && strcmp(lines[i].name, line_names[i]) == 0);
		CHECK(terminated(lines[i].value) && terminated(lines[i].population));
	}
}

/* What a report's numbers say of each other (read once per new report:
 * sscanf costs more than all the rest of an event). */
static void check_values(const report *out, int sums_exact)
{
	const sipstatus_metric_line *lines = out->lines;

	check_ratio(&lines[SER]);
	check_ratio(&lines[SEER]);
	check_ratio(&lines[ISA]);
	check_ratio(&lines[IRA]);
	for (int i = SRD_SUCCESS; i <= RRD; i++)
		check_delay(&lines[i], sums_exact);
	check_delay(&lines[SDD], sums_exact);
	check_delay(&lines[SDT], sums_exact);
	/* Unanswered of all the transactions counted. */
	CHECK(number_at(lines[UNANSWERED].value, 0) <= number_at(lines[UNANSWERED].population, 3));
	CHECK(number_at(lines[UNANSWERED].population, 3) == number_at(lines[TOTAL].value, 0));
}

/* ---- The run ---- */

/* ASan's check of printf arguments (that each %s is readable) doubles the
 * cost of a report, and every argument here is a constant or a number; what
 * snprintf writes is still checked. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "check_printf=0";
}

typedef struct {
	sipstatus_metrics *metrics;
	model m;
	report seen[MAX_BUCKETS]; /* as at the last change list */
	size_t seen_count;
	uint32_t frame;
	int64_t time_ns;
} run;

static int sums_exact(const model *m)
{
	const int64_t exact = INT64_C(1) << 53;
	int64_t span = m->greatest_ns - m->least_ns;
	int64_t delay = span > m->largest_srd_ns ? span : m->largest_srd_ns;

	/* Every delay is at most delay; a sum of all of them stays exact. */
	return delay < exact / MAX_TRANSACTIONS;
}

static void check_buckets(run *r, report *now)
{
	size_t count = sipstatus_metrics_bucket_count(r->metrics);

	CHECK(count == r->m.bucket_count);
	for (size_t b = 1; b < count; b++) {
		sipstatus_peer_address peer = sipstatus_metrics_bucket_peer(r->metrics, b);

		CHECK(peer.type == r->m.peers[b].type && peer.length == r->m.peers[b].length);
		CHECK(memcmp(peer.data, r->m.peers[b].data, peer.length) == 0);
	}
	for (size_t b = 0; b < count; b++) {
		describe(r->metrics, b, &now[b]);
		CHECK(number_at(now[b].lines[TOTAL].value, 0) ==
		      (b == 0 ? r->m.counted : r->m.per_bucket[b]));
	}
	CHECK(number_at(now[0].lines[COPIES].value, 0) == r->m.copies);
}

/* The frame's end: each bucket listed once, every one that changed. */
static void check_changes(run *r, report *now)
{
	const size_t *changed;
	size_t count = sipstatus_metrics_take_changes(r->metrics, &changed);
	size_t buckets = sipstatus_metrics_bucket_count(r->metrics);
	int listed[MAX_BUCKETS] = {0};

	check_buckets(r, now);
	CHECK(count <= buckets);
	for (size_t i = 0; i < count; i++) {
		CHECK(changed[i] < buckets);
		CHECK(!listed[changed[i]]);
		listed[changed[i]] = 1;
	}
	for (size_t b = 0; b < buckets; b++) {
		report again;

		if (b < r->seen_count && memcmp(&now[b], &r->seen[b], sizeof(now[b])) == 0)
			continue;
		CHECK(listed[b]);
		/* Reading changes nothing: a new report is the same read again
		 * (a read that changed one unchanged would show at the next
		 * frame's end as a change not listed). */
		sipstatus_metrics_describe(r->metrics, b, again.lines);
		CHECK(memcmp(&again, &now[b], sizeof(again)) == 0);
		check_values(&now[b], sums_exact(&r->m));
		r->seen[b] = now[b];
	}
	r->seen_count = buckets;
}

static void advance(run *r, unsigned step)
{
	r->time_ns = clamp_time(r->time_ns + decode_step(step));
	if (r->time_ns < r->m.least_ns)
		r->m.least_ns = r->time_ns;
	if (r->time_ns > r->m.greatest_ns)
		r->m.greatest_ns = r->time_ns;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static run r;
	static report now[MAX_BUCKETS];
	unsigned char isa[SIPSTATUS_ISA_CODES] = {0};
	size_t at = 1;

	if (size == 0)
		return 0;
	memset(&r, 0, sizeof(r));
	isa[408] = isa[500] = isa[503] = isa[504] = 1;
	if (decode_code(data[0]) < SIPSTATUS_ISA_CODES)
		isa[decode_code(data[0])] ^= 1;
	r.metrics = sipstatus_metrics_new(isa);
	CHECK(r.metrics);
	r.m.bucket_count = 1;
	r.frame = 1;
	/* The empty report, listed by the first frame's changes or not. */
	check_buckets(&r, now);
	check_values(&now[0], 1);
	r.seen[0] = now[0];
	r.seen_count = 1;
	while (at < size) {
		uint8_t op = data[at++];
		unsigned transaction = (op >> 1) & 15;
		const sipstatus_peer_address peer_address = decode_peer(op);
		const sipstatus_peer_address *peer = &peer_address;
		int new_frame;

		if (!(op & 1) && at + 2 <= size) {
			uint8_t a = data[at++], b = data[at++];
			sipstatus_request request;

			new_frame = a >> 7;
			if (new_frame)
				check_changes(&r, now);
			r.frame += new_frame;
			advance(&r, b >> 4);
			memset(&request, 0, sizeof(request));
			request.frame = r.frame;
			request.transaction = decode_transaction(transaction, (a >> 6) & 1);
			request.original_frame = (a >> 5) & 1 ? r.frame : 0;
			request.related = b & 15;
			request.method = (uint8_t)decode_method(a & 15);
			request.starts_session = (a >> 4) & 1;
			sipstatus_metrics_request(r.metrics, &request, r.time_ns, peer);
			model_request(&r.m, &request, peer);
		} else if ((op & 1) && at + 3 <= size) {
			uint8_t a = data[at++], b = data[at++], c = data[at++];
			sipstatus_response response;

			new_frame = (b >> 3) & 1;
			if (new_frame)
				check_changes(&r, now);
			r.frame += new_frame;
			advance(&r, b >> 4);
			memset(&response, 0, sizeof(response));
			response.frame = r.frame;
			response.transaction = decode_transaction(transaction, (b >> 2) & 1);
			response.original_frame = b & 1 ? r.frame : 0;
			response.code = (uint16_t)decode_code(a);
			response.has_srd = (b >> 1) & 1;
			/* The table gives an SRD only when it is not negative. */
			response.srd_ns = response.has_srd ? (int64_t)c * c * MS : -(int64_t)c;
			if (response.has_srd && response.srd_ns > r.m.largest_srd_ns)
				r.m.largest_srd_ns = response.srd_ns;
			sipstatus_metrics_response(r.metrics, &response, r.time_ns, peer);
			model_response(&r.m, &response, peer);
		} else {
			break;
		}
	}
	check_changes(&r, now);
	sipstatus_metrics_free(r.metrics);
	return 0;
}
