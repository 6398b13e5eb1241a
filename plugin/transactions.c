/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "transactions.h"

#include <stdlib.h>
#include <string.h>

#include "growable.h"
#include "sip-methods.h"

/* ---- Outcomes ---- */

sipstatus_outcome sipstatus_call_outcome(unsigned code)
{
	if (code < 200 || code > 699)
		return SIPSTATUS_OUTCOME_NONE;
	if (code < 300)
		return SIPSTATUS_OUTCOME_ANSWERED;
	if (code < 400)
		return SIPSTATUS_OUTCOME_REDIRECTED;
	switch (code) {
	case 401:
	case 407:
		return SIPSTATUS_OUTCOME_CHALLENGED;
	case 486:
	case 600:
		return SIPSTATUS_OUTCOME_BUSY;
	case 480:
		return SIPSTATUS_OUTCOME_UNAVAILABLE;
	case 408:
		return SIPSTATUS_OUTCOME_NO_ANSWER;
	case 487:
		return SIPSTATUS_OUTCOME_CANCELLED;
	case 403:
	case 603:
	case 607:
	case 608:
		return SIPSTATUS_OUTCOME_REJECTED;
	default:
		return SIPSTATUS_OUTCOME_FAILED;
	}
}

const char *sipstatus_outcome_name(sipstatus_outcome outcome)
{
	switch (outcome) {
#define SIPSTATUS_OUTCOME_CASE(name, value, title)                                                 \
	case SIPSTATUS_OUTCOME_##name:                                                             \
		return title;
		SIPSTATUS_OUTCOMES(SIPSTATUS_OUTCOME_CASE)
#undef SIPSTATUS_OUTCOME_CASE
	default:
		return NULL;
	}
}

/* A failure for the Session Request Delay (RFC 6076 section 4.3.2): 4xx but
 * the challenges and 402, 5xx, 6xx. */
static int srd_failure(unsigned code)
{
	return code >= 400 && code <= 699 && code != 401 && code != 402 && code != 407;
}

/* ---- Keys: two 64-bit lanes, a word at a time ---- */

#define LANE_ONE 0x87c37b91114253d5ULL
#define LANE_TWO 0x4cf5ad432745937fULL

typedef struct {
	uint64_t one, two;
} key_builder;

static uint64_t rotate(uint64_t x, int bits)
{
	return (x << bits) | (x >> (64 - bits));
}

/* MurmurHash3's finaliser: every input bit reaches every output bit. */
static uint64_t finalise(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* Two lanes that take each word differently; the finaliser mixes them. */
static void add_word(key_builder *key, uint64_t word)
{
	key->one = rotate((key->one ^ word) * LANE_ONE, 29);
	key->two = rotate((key->two + word) * LANE_TWO, 31);
}

static void begin(key_builder *key, uint64_t seed)
{
	key->one = seed ^ 0x9e3779b97f4a7c15ULL;
	key->two = finalise(seed + 0x9e3779b97f4a7c15ULL);
}

/* The ASCII capitals of eight bytes in lower case, all at once. */
static uint64_t lower_word(uint64_t word)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t seven_bits = word & (0x7f * ones);
	uint64_t above_z = seven_bits + (0x7f - 'Z') * ones; /* high bit: > 'Z' */
	uint64_t from_a = seven_bits + (0x80 - 'A') * ones;  /* high bit: >= 'A' */
	uint64_t capital = (from_a ^ above_z) & ~word & (0x80 * ones);

	return word | (capital >> 2);
}

/* Bytes, then their length, so that "ab"+"c" and "a"+"bc" differ. */
static void add_bytes(key_builder *key, const char *bytes, size_t length, int lower)
{
	size_t at = 0;
	uint64_t word;

	for (; length - at >= 8; at += 8) {
		memcpy(&word, bytes + at, 8);
		add_word(key, lower ? lower_word(word) : word);
	}
	if (at < length) {
		/* The last bytes one by one: a call for so few costs more. */
		word = 0;
		for (size_t i = 0; at + i < length; i++)
			word |= (uint64_t)(unsigned char)bytes[at + i] << (8 * i);
		add_word(key, lower ? lower_word(word) : word);
	}
	add_word(key, (uint64_t)length | 0x8000000000000000ULL);
}

static void add_span(key_builder *key, const char *text, const sipstatus_text_span *span, int lower)
{
	if (span->present)
		add_bytes(key, text + span->offset, span->length, lower);
	else
		add_word(key, 0x4000000000000000ULL); /* absent differs from empty */
}

static void add_address(key_builder *key, const sipstatus_address *address)
{
	add_bytes(key, (const char *)address->data, address->data ? address->length : 0, 0);
}

static sipstatus_key end(const key_builder *key)
{
	sipstatus_key result = {finalise(key->one ^ key->two),
	                        (uint32_t)finalise(key->two + key->one), 0};

	return result;
}

/* The first eight bytes of an address, and its length. */
static uint64_t address_word(const sipstatus_address *address)
{
	uint64_t word = 0;

	if (address->data)
		memcpy(&word, address->data, address->length < 8 ? address->length : 8);
	return word ^ ((uint64_t)address->length << 56);
}

/* A hash of the request's source and destination: only hops that share a
 * key are told apart by it, so a cheap one does. */
static uint32_t path_of(const sipstatus_key_parts *parts, uint64_t seed)
{
	uint64_t h = seed;

	for (int i = 0; i < 2; i++) {
		const sipstatus_address *address =
		        i ? &parts->request_destination : &parts->request_source;

		h = finalise(h ^ address_word(address) * LANE_ONE);
		if (address->data && address->length > 8)
			h = finalise(
			        h ^ address_word(&(sipstatus_address){
			                    (const char *)address->data + 8, address->length - 8}) *
			                    LANE_TWO);
	}
	return (uint32_t)h;
}

static int has_magic_cookie(const char *text, const sipstatus_text_span *branch)
{
	static const char cookie[] = "z9hG4bK";

	return branch->present && branch->length >= sizeof(cookie) - 1 &&
	       memcmp(text + branch->offset, cookie, sizeof(cookie) - 1) == 0;
}

int sipstatus_transaction_key(const sipstatus_key_parts *parts, uint64_t seed, sipstatus_key *key)
{
	const sipstatus_message_text *parsed = parts->parsed;
	const char *text = parts->text;
	key_builder builder;

	if (!parsed->via_sent_by.present || !parts->method || parts->method_length == 0)
		return 0;
	begin(&builder, seed);
	if (has_magic_cookie(text, &parsed->via_branch)) {
		add_word(&builder, 3261);
		add_span(&builder, text, &parsed->via_branch, 0);
		add_span(&builder, text, &parsed->via_sent_by, 1);
		add_bytes(&builder, parts->method, parts->method_length, 0);
	} else {
		if (!parsed->call_id.present || !parsed->has_cseq_number ||
		    !parsed->cseq_method.present)
			return 0;
		add_word(&builder, 2543);
		add_span(&builder, text, &parsed->call_id, 0);
		add_word(&builder, parsed->cseq_number);
		add_span(&builder, text, &parsed->cseq_method, 0);
		sipstatus_text_span from_tag = sipstatus_tag_of(text, &parsed->from);

		add_span(&builder, text, &from_tag, 0);
		add_span(&builder, text, &parsed->via_sent_by, 1);
		add_span(&builder, text, &parsed->via_branch, 0);
		add_address(&builder, &parts->request_source);
		add_address(&builder, &parts->request_destination);
	}
	*key = end(&builder);
	key->path = path_of(parts, seed);
	return 1;
}

uint64_t sipstatus_tag_hash(const char *text, const sipstatus_text_span *tag, uint64_t seed)
{
	key_builder builder;

	begin(&builder, seed);
	add_span(&builder, text, tag, 0);
	return end(&builder).hash;
}

sipstatus_call_keys sipstatus_call_keys_of(const char *text, const sipstatus_message_text *parsed,
                                           int with_to, uint64_t seed)
{
	sipstatus_call_keys keys = {0, 0};
	const sipstatus_text_span *values[2] = {&parsed->from, &parsed->to};
	uint64_t *results[2] = {&keys.from, &keys.to};

	if (!parsed->call_id.present)
		return keys;
	for (int i = 0; i < (with_to ? 2 : 1); i++) {
		sipstatus_text_span tag = sipstatus_tag_of(text, values[i]);
		key_builder builder;

		if (!tag.present)
			continue;
		begin(&builder, seed);
		add_word(&builder, 3263); /* not a transaction key */
		add_span(&builder, text, &parsed->call_id, 0);
		add_span(&builder, text, &tag, 0);
		/* 0 stands for none. */
		*results[i] = end(&builder).hash | 1;
	}
	return keys;
}

/* ---- Append-only pools of fixed-size records, in blocks that never move ---- */

#define POOL_BLOCK_BITS 12
#define POOL_BLOCK      ((size_t)1 << POOL_BLOCK_BITS)

typedef struct {
	char **blocks;
	size_t block_count, block_capacity;
	size_t record_size;
	uint32_t count; /* records 1..count are in use; 0 means none */
} pool;

static void *pool_at(const pool *records, uint32_t index)
{
	return records->blocks[index >> POOL_BLOCK_BITS] +
	       (index & (POOL_BLOCK - 1)) * records->record_size;
}

/* A zeroed record and its index (from 1), or 0 when memory runs out. */
static uint32_t pool_add(pool *records)
{
	uint32_t index = records->count + 1;

	if (index == UINT32_MAX)
		return 0;
	if ((index >> POOL_BLOCK_BITS) >= records->block_count) {
		char **blocks = sipstatus_grow(records->blocks, &records->block_capacity,
		                               records->block_count + 1, sizeof(*blocks), 16);

		if (!blocks)
			return 0;
		records->blocks = blocks;
		/* Records are zeroed one at a time: a capture may use few. */
		records->blocks[records->block_count] = malloc(POOL_BLOCK * records->record_size);
		if (!records->blocks[records->block_count])
			return 0;
		records->block_count++;
	}
	records->count = index;
	memset(pool_at(records, index), 0, records->record_size);
	return index;
}

static void pool_free(pool *records)
{
	for (size_t i = 0; i < records->block_count; i++)
		free(records->blocks[i]);
	free(records->blocks);
}

/* ---- The table ---- */

/* One distinct response of a transaction (code, To tag, RSeq): its first
 * copy, against which later ones are retransmissions. */
typedef struct {
	int64_t time_ns;
	uint64_t to_tag;
	uint32_t frame;
	uint32_t next; /* the transaction's previous distinct response, or 0 */
	uint32_t rseq;
	uint16_t code;
	uint8_t has_rseq;
	uint8_t answers_call; /* it had an outcome, which its copies repeat */
} distinct_response;

typedef struct {
	uint64_t hash;
	uint32_t check;
	uint32_t path;
	int64_t request_time_ns;
	int64_t srd_end_ns;     /* the first non-100 provisional or 2xx */
	uint32_t request_frame; /* 0 until a request is seen */
	uint32_t last_response; /* newest distinct response, or 0 */
	uint32_t next_hop;      /* the next transaction with the same key, or 0 */
	uint64_t call;          /* sipstatus_call_keys.from of its request */
	uint32_t related;       /* sipstatus_request_result.related */
	uint16_t final_code;    /* of the first final response, or 0 */
	uint8_t method;         /* sipstatus_method of its request */
	uint8_t starts_session; /* an INVITE without a To tag */
	uint8_t has_srd_end;
} transaction;

/* Open addressing over transaction numbers (0: empty), linear probing. */
typedef struct {
	uint32_t *slots;
	size_t mask;
	size_t used;
} slot_index;

struct sipstatus_transactions {
	uint64_t seed;
	pool records;     /* transaction */
	pool responses;   /* distinct_response */
	slot_index keys;  /* the first transaction of each key */
	slot_index calls; /* the newest session-starting INVITE or REGISTER of
	                     each call key and method */
};

#define INITIAL_SLOTS 1024

sipstatus_transactions *sipstatus_transactions_new(uint64_t seed)
{
	sipstatus_transactions *table = calloc(1, sizeof(*table));

	if (!table)
		return NULL;
	table->seed = seed;
	table->records.record_size = sizeof(transaction);
	table->responses.record_size = sizeof(distinct_response);
	table->keys.slots = calloc(INITIAL_SLOTS, sizeof(uint32_t));
	table->calls.slots = calloc(INITIAL_SLOTS, sizeof(uint32_t));
	if (!table->keys.slots || !table->calls.slots) {
		free(table->keys.slots);
		free(table->calls.slots);
		free(table);
		return NULL;
	}
	table->keys.mask = table->calls.mask = INITIAL_SLOTS - 1;
	return table;
}

void sipstatus_transactions_free(sipstatus_transactions *table)
{
	if (!table)
		return;
	pool_free(&table->records);
	pool_free(&table->responses);
	free(table->keys.slots);
	free(table->calls.slots);
	free(table);
}

uint64_t sipstatus_transactions_seed(const sipstatus_transactions *table)
{
	return table->seed;
}

size_t sipstatus_transactions_count(const sipstatus_transactions *table)
{
	return table->records.count;
}

static transaction *record(const sipstatus_transactions *table, uint32_t index)
{
	return (transaction *)pool_at(&table->records, index);
}

typedef int (*slot_matches)(const sipstatus_transactions *table, uint32_t transaction,
                            const void *key);
typedef uint64_t (*slot_hash)(const sipstatus_transactions *table, uint32_t number);

/* The slot holding the transaction that matches key, or the empty one where
 * it would go. */
static uint32_t *index_slot(const slot_index *index, const sipstatus_transactions *table,
                            uint64_t hash, slot_matches matches, const void *key)
{
	for (size_t at = hash & index->mask;; at = (at + 1) & index->mask) {
		uint32_t number = index->slots[at];

		if (number == 0 || matches(table, number, key))
			return &index->slots[at];
	}
}

/* Room for one more entry: twice the slots once they are half full, so that
 * probes stay short; 0 when memory runs out. */
static int index_make_room(slot_index *index, const sipstatus_transactions *table,
                           slot_hash hash_of)
{
	size_t capacity = 2 * (index->mask + 1);
	uint32_t *slots;

	if (2 * (index->used + 1) <= index->mask + 1)
		return 1;
	slots = calloc(capacity, sizeof(*slots));
	if (!slots)
		return 0;
	for (size_t i = 0; i <= index->mask; i++) {
		size_t at;

		if (!index->slots[i])
			continue;
		for (at = hash_of(table, index->slots[i]) & (capacity - 1); slots[at];)
			at = (at + 1) & (capacity - 1);
		slots[at] = index->slots[i];
	}
	free(index->slots);
	index->slots = slots;
	index->mask = capacity - 1;
	return 1;
}

static int same_key(const sipstatus_transactions *table, uint32_t number, const void *key)
{
	const sipstatus_key *k = (const sipstatus_key *)key;

	return record(table, number)->hash == k->hash && record(table, number)->check == k->check;
}

static uint64_t key_hash(const sipstatus_transactions *table, uint32_t number)
{
	return record(table, number)->hash;
}

static uint32_t *slot_of(const sipstatus_transactions *table, const sipstatus_key *key)
{
	return index_slot(&table->keys, table, key->hash, same_key, key);
}

/* A new transaction for key, after the others that share it (first: the
 * first of them, or 0); 0 when memory runs out. */
static uint32_t add(sipstatus_transactions *table, const sipstatus_key *key, uint32_t first)
{
	uint32_t index;
	transaction *t;

	if (!first && !index_make_room(&table->keys, table, key_hash))
		return 0;
	index = pool_add(&table->records);
	if (!index)
		return 0;
	t = record(table, index);
	t->hash = key->hash;
	t->check = key->check;
	t->path = key->path;
	if (first) {
		while (record(table, first)->next_hop)
			first = record(table, first)->next_hop;
		record(table, first)->next_hop = index;
	} else {
		*slot_of(table, key) = index;
		table->keys.used++;
	}
	return index;
}

/* The first transaction of key, and in found the one of its path; 0 for
 * none. */
static uint32_t find(const sipstatus_transactions *table, const sipstatus_key *key, uint32_t *found)
{
	uint32_t first = *slot_of(table, key);

	*found = 0;
	for (uint32_t index = first; index; index = record(table, index)->next_hop)
		if (record(table, index)->path == key->path) {
			*found = index;
			break;
		}
	return first;
}

/* A call key and the method of the transactions it indexes. */
typedef struct {
	uint64_t call;
	uint8_t method;
} call_key;

static int same_call(const sipstatus_transactions *table, uint32_t number, const void *key)
{
	const call_key *k = (const call_key *)key;

	return record(table, number)->call == k->call && record(table, number)->method == k->method;
}

static uint64_t call_hash(const sipstatus_transactions *table, uint32_t number)
{
	return record(table, number)->call;
}

static uint32_t find_call(const sipstatus_transactions *table, uint64_t call, uint8_t method)
{
	call_key key = {call, method};

	return call ? *index_slot(&table->calls, table, call, same_call, &key) : 0;
}

/* Makes index the newest transaction of its call; nothing when memory runs
 * out (later requests then find no call). */
static void index_call(sipstatus_transactions *table, uint32_t index)
{
	const transaction *t = record(table, index);
	call_key key = {t->call, t->method};
	uint32_t *slot = index_slot(&table->calls, table, t->call, same_call, &key);

	if (*slot == 0) {
		if (!index_make_room(&table->calls, table, call_hash))
			return;
		slot = index_slot(&table->calls, table, t->call, same_call, &key);
		table->calls.used++;
	}
	*slot = index;
}

/* The related transaction of a request's first copy (see transactions.h). */
static uint32_t relate(sipstatus_transactions *table, uint32_t index,
                       const sipstatus_request_event *request)
{
	transaction *t = record(table, index);
	uint32_t other;

	switch (request->method) {
	case SIPSTATUS_METHOD_REGISTER:
		other = find_call(table, t->call, SIPSTATUS_METHOD_REGISTER);
		if (other && (record(table, other)->final_code == 401 ||
		              record(table, other)->final_code == 407))
			return record(table, other)->related;
		return index;
	case SIPSTATUS_METHOD_BYE:
		other = find_call(table, request->call.from, SIPSTATUS_METHOD_INVITE);
		return other ? other : find_call(table, request->call.to, SIPSTATUS_METHOD_INVITE);
	default:
		return 0;
	}
}

void sipstatus_transactions_request(sipstatus_transactions *table, const sipstatus_key *key,
                                    const sipstatus_request_event *request,
                                    sipstatus_request_result *result)
{
	uint32_t index, first = find(table, key, &index);
	transaction *t;

	memset(result, 0, sizeof(*result));
	if (!index)
		index = add(table, key, first);
	if (!index)
		return;
	result->transaction = index;
	t = record(table, index);
	/* A retransmission does not restart the clock (RFC 6076 section 4). */
	if (t->request_frame) {
		result->original_frame = t->request_frame;
		result->starts_session = t->starts_session;
		result->related = t->related;
		return;
	}
	t->request_frame = request->frame;
	t->request_time_ns = request->time_ns;
	t->method = (uint8_t)request->method;
	t->starts_session = request->method == SIPSTATUS_METHOD_INVITE && !request->has_to_tag;
	t->call = request->call.from;
	t->related = relate(table, index, request);
	if (t->call && (t->starts_session || request->method == SIPSTATUS_METHOD_REGISTER))
		index_call(table, index);
	result->starts_session = t->starts_session;
	result->related = t->related;
}

static distinct_response *distinct(const sipstatus_transactions *table, uint32_t index)
{
	return (distinct_response *)pool_at(&table->responses, index);
}

/* The earlier response this one repeats, or 0. */
static uint32_t find_repeated(const sipstatus_transactions *table, const transaction *t,
                              const sipstatus_response_event *response)
{
	for (uint32_t index = t->last_response; index; index = distinct(table, index)->next) {
		const distinct_response *seen = distinct(table, index);

		if (seen->code == response->code && seen->to_tag == response->to_tag &&
		    seen->has_rseq == (response->has_rseq != 0) &&
		    (!seen->has_rseq || seen->rseq == response->rseq))
			return index;
	}
	return 0;
}

static void remember_distinct(sipstatus_transactions *table, uint32_t transaction_index,
                              const sipstatus_response_event *response)
{
	uint32_t index = pool_add(&table->responses);
	distinct_response *added;
	transaction *t = record(table, transaction_index);

	if (!index)
		return; /* out of memory: later copies look new */
	added = distinct(table, index);
	added->time_ns = response->time_ns;
	added->to_tag = response->to_tag;
	added->frame = response->frame;
	added->rseq = response->rseq;
	added->has_rseq = response->has_rseq != 0;
	added->code = (uint16_t)(response->code > UINT16_MAX ? UINT16_MAX : response->code);
	added->answers_call = response->is_invite && t->starts_session &&
	                      sipstatus_call_outcome(response->code) != SIPSTATUS_OUTCOME_NONE;
	added->next = t->last_response;
	t->last_response = index;
}

void sipstatus_transactions_response(sipstatus_transactions *table, const sipstatus_key *key,
                                     const sipstatus_response_event *response,
                                     sipstatus_response_result *result)
{
	uint32_t index, first = find(table, key, &index);
	uint32_t repeated;
	int64_t first_copy_ns = response->time_ns;
	transaction *t;

	memset(result, 0, sizeof(*result));
	if (!index)
		index = first ? first : add(table, key, 0);
	if (!index)
		return;
	result->transaction = index;
	t = record(table, index);
	if (t->request_frame) {
		result->request_frame = t->request_frame;
		result->response_time_ns = response->time_ns - t->request_time_ns;
	}
	repeated = find_repeated(table, t, response);
	if (repeated) {
		result->original_frame = distinct(table, repeated)->frame;
		first_copy_ns = distinct(table, repeated)->time_ns;
	} else {
		remember_distinct(table, index, response);
	}
	if (!t->final_code && response->code >= 200)
		t->final_code =
		        (uint16_t)(response->code > UINT16_MAX ? UINT16_MAX : response->code);
	if (!t->has_srd_end && response->code > 100 && response->code < 300) {
		t->srd_end_ns = response->time_ns;
		t->has_srd_end = 1;
	}

	/* A copy repeats its original, made before the request was seen or
	 * not. */
	if (!response->is_invite || !t->starts_session ||
	    (repeated && !distinct(table, repeated)->answers_call))
		return;
	result->outcome = sipstatus_call_outcome(response->code);
	if (result->outcome == SIPSTATUS_OUTCOME_ANSWERED) {
		result->srd_ns = t->srd_end_ns - t->request_time_ns;
		result->has_srd = result->srd_ns >= 0;
	} else if (srd_failure(response->code)) {
		result->srd_ns = first_copy_ns - t->request_time_ns;
		result->has_srd = result->srd_ns >= 0;
	}
}
