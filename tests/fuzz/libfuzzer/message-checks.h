/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What read-response and read-request check of a message read from any
 * bytes: every span inside the text, header parts inside one header value,
 * the CSeq method as the SIP dissector reads it, the From and To tags inside
 * their values, and the keys made of it the same however often and wherever
 * they are made.  Included by those two harnesses only.
 */
#ifndef SIPSTATUS_FUZZ_MESSAGE_CHECKS_H
#define SIPSTATUS_FUZZ_MESSAGE_CHECKS_H

#include <string.h>

#include "harness.h"
#include "sip-text.h"
#include "transactions.h"

#define CHECK_SEED 0x5eed5eed5eed5eedULL

static inline int check_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A blank or a line end: what a fold leaves between a value's parts. */
static inline int check_is_white(char c)
{
	return check_is_blank(c) || c == '\r' || c == '\n';
}

static inline int check_is_letter(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static inline char check_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* A present span lies inside the size bytes read. */
static inline void check_span_inside(const sipstatus_text_span *span, size_t size)
{
	CHECK(span->present == 0 || span->present == 1);
	if (!span->present)
		return;
	CHECK(span->offset <= size);
	CHECK(span->length <= size - span->offset);
}

/* Bytes of one header value, offset to end: no NUL, where the SIP
 * dissector's string ends, and no line end but a fold (a CR, an LF or a
 * CRLF followed by a blank). */
static inline void check_folds_only(const char *text, size_t size, size_t offset, size_t end)
{
	CHECK(!memchr(text + offset, '\0', end - offset));
	for (size_t at = offset; at < end; at++) {
		size_t next = at + 1;

		if (text[at] == '\r' && next < size && text[next] == '\n')
			next++;
		if (text[at] == '\r' || text[at] == '\n')
			CHECK(next < size && check_is_blank(text[next]));
	}
}

static inline void check_in_one_value(const char *text, size_t size,
                                      const sipstatus_text_span *span)
{
	if (span->present)
		check_folds_only(text, size, span->offset, span->offset + span->length);
}

/* Whether the line before at holds name alone, in any case (a line starts
 * after an LF or a lone CR; the first line is a start line, no header). */
static inline int named_line(const char *text, size_t at, const char *name)
{
	size_t length = strlen(name);

	if (at <= length || (text[at - length - 1] != '\n' && text[at - length - 1] != '\r'))
		return 0;
	for (size_t i = 0; i < length; i++)
		if (check_lower(text[at - length + i]) != name[i])
			return 0;
	return 1;
}

/* A header value (Reason, Warning, From, To): inside the text with no NUL,
 * after the colon of a header of that name (or compact, when not NULL) at a
 * line's start (blanks and line ends between), starting with neither; it
 * ends at a NUL, at the text's end, or at a line end not followed by a
 * blank (which would fold the next line in). */
static inline void check_header_value(const char *text, size_t size,
                                      const sipstatus_text_span *value, const char *name,
                                      const char *compact)
{
	size_t at, end;

	check_span_inside(value, size);
	if (!value->present)
		return;
	at = value->offset;
	end = at + value->length;
	check_folds_only(text, size, at, end);
	CHECK(value->length == 0 || !check_is_white(text[at]));
	while (at > 0 && check_is_white(text[at - 1]))
		at--;
	CHECK(at > 0 && text[at - 1] == ':');
	for (at--; at > 0 && check_is_blank(text[at - 1]);)
		at--;
	CHECK(named_line(text, at, name) || (compact && named_line(text, at, compact)));
	if (end < size && text[end] != '\0') {
		size_t next =
		        end +
		        (text[end] == '\r' && end + 1 < size && text[end + 1] == '\n' ? 2 : 1);

		CHECK(text[end] == '\r' || text[end] == '\n');
		CHECK(next >= size || !check_is_blank(text[next]));
	}
}

static inline int span_contains(const sipstatus_text_span *outer, const sipstatus_text_span *inner)
{
	return inner->offset >= outer->offset &&
	       inner->offset + inner->length <= outer->offset + outer->length;
}

/* A tag lies inside its header value, after ";", "tag" and "=" (blanks
 * between allowed), or is empty after a bare ";tag". */
static inline void check_tag(const char *text, const sipstatus_text_span *value,
                             const sipstatus_text_span *tag)
{
	size_t at = tag->offset;

	CHECK(tag->present == 0 || tag->present == 1);
	if (!tag->present)
		return;
	CHECK(value->present);
	CHECK(span_contains(value, tag));
	while (at > value->offset && check_is_white(text[at - 1]))
		at--;
	if (at > value->offset && text[at - 1] == '=') {
		at--;
		while (at > value->offset && check_is_white(text[at - 1]))
			at--;
	} else {
		CHECK(tag->length == 0);
	}
	CHECK(at >= value->offset + 3);
	CHECK(check_lower(text[at - 3]) == 't' && check_lower(text[at - 2]) == 'a' &&
	      check_lower(text[at - 1]) == 'g');
	at -= 3;
	while (at > value->offset && check_is_white(text[at - 1]))
		at--;
	CHECK(at > value->offset && text[at - 1] == ';');
}

static inline int same_span(const sipstatus_text_span *a, const sipstatus_text_span *b)
{
	return a->present == b->present && a->offset == b->offset && a->length == b->length;
}

static inline int same_message(const sipstatus_message_text *a, const sipstatus_message_text *b)
{
	return same_span(&a->phrase, &b->phrase) && same_span(&a->cseq_method, &b->cseq_method) &&
	       a->has_cseq_number == b->has_cseq_number &&
	       (!a->has_cseq_number || a->cseq_number == b->cseq_number) &&
	       same_span(&a->via_sent_by, &b->via_sent_by) &&
	       same_span(&a->via_branch, &b->via_branch) && same_span(&a->call_id, &b->call_id) &&
	       same_span(&a->from, &b->from) && same_span(&a->to, &b->to) &&
	       a->has_rseq == b->has_rseq && (!a->has_rseq || a->rseq == b->rseq) &&
	       same_span(&a->reason, &b->reason) && same_span(&a->warning, &b->warning);
}

/* Everything read of a message of size bytes. */
static inline void check_message(const char *text, size_t size, const sipstatus_message_text *m)
{
	const sipstatus_text_span *header_parts[] = {
	        &m->cseq_method, &m->via_sent_by, &m->via_branch, &m->call_id, &m->from, &m->to};
	sipstatus_text_span from_tag = sipstatus_tag_of(text, &m->from);
	sipstatus_text_span to_tag = sipstatus_tag_of(text, &m->to);

	check_span_inside(&m->phrase, size);
	if (m->phrase.present) {
		CHECK(!memchr(text + m->phrase.offset, '\r', m->phrase.length));
		CHECK(!memchr(text + m->phrase.offset, '\n', m->phrase.length));
	}
	for (size_t i = 0; i < sizeof(header_parts) / sizeof(header_parts[0]); i++) {
		check_span_inside(header_parts[i], size);
		check_in_one_value(text, size, header_parts[i]);
	}
	check_header_value(text, size, &m->from, "from", "f");
	check_header_value(text, size, &m->to, "to", "t");
	/* The method, as the SIP dissector reads it: from a letter, at most 16
	 * characters, no trailing white space. */
	if (m->cseq_method.present) {
		const char *method = text + m->cseq_method.offset;

		CHECK(m->cseq_method.length >= 1 && m->cseq_method.length <= 16);
		CHECK(check_is_letter(method[0]));
		CHECK(!check_is_white(method[m->cseq_method.length - 1]));
	}
	/* sent-by: a host and port, no white space or separator; the branch
	 * after it in the same value. */
	if (m->via_sent_by.present) {
		CHECK(m->via_sent_by.length > 0);
		for (size_t i = 0; i < m->via_sent_by.length; i++)
			CHECK(!memchr(" \t\r\n;,", text[m->via_sent_by.offset + i], 6));
	}
	if (m->via_branch.present) {
		size_t sent_by_end = m->via_sent_by.offset + m->via_sent_by.length;

		CHECK(m->via_sent_by.present);
		CHECK(m->via_branch.offset >= sent_by_end);
		check_folds_only(text, size, sent_by_end, m->via_branch.offset);
	}
	if (m->call_id.present && m->call_id.length) {
		CHECK(!check_is_white(text[m->call_id.offset]));
		CHECK(!check_is_white(text[m->call_id.offset + m->call_id.length - 1]));
	}
	CHECK(m->has_cseq_number == 0 || m->has_cseq_number == 1);
	CHECK(m->has_rseq == 0 || m->has_rseq == 1);
	check_span_inside(&from_tag, size);
	check_span_inside(&to_tag, size);
	check_tag(text, &m->from, &from_tag);
	check_tag(text, &m->to, &to_tag);
}

static inline int same_key(const sipstatus_key *a, const sipstatus_key *b)
{
	return a->hash == b->hash && a->check == b->check && a->path == b->path;
}

static inline int has_magic_cookie(const char *text, const sipstatus_text_span *branch)
{
	return branch->present && branch->length >= 7 &&
	       memcmp(text + branch->offset, "z9hG4bK", 7) == 0;
}

static inline sipstatus_key_parts key_parts(const char *text, const sipstatus_message_text *m,
                                            const char *method, size_t method_length,
                                            const sipstatus_address *source,
                                            const sipstatus_address *destination)
{
	sipstatus_key_parts parts = {text, m, method, method_length, *source, *destination};

	return parts;
}

/* The key of the message read twice (from text, and again from a copy
 * elsewhere, other_text with other_m, read from the same bytes): the same
 * key, made exactly when transactions.h says there is one; with the magic
 * cookie, the addresses change only its path. */
static inline void check_keys(const char *text, const sipstatus_message_text *m,
                              const char *other_text, const sipstatus_message_text *other_m,
                              size_t method_offset, size_t method_length)
{
	static const unsigned char ipv4[2][4] = {{192, 0, 2, 1}, {192, 0, 2, 2}};
	static const unsigned char ipv6[2][16] = {{0x20, 0x01, 0x0d, 0xb8, [15] = 1},
	                                          {0x20, 0x01, 0x0d, 0xb8, [15] = 2}};
	const sipstatus_address ends[3][2] = {{{ipv4[0], 4}, {ipv4[1], 4}},
	                                      {{ipv6[0], 16}, {ipv6[1], 16}},
	                                      {{NULL, 0}, {NULL, 0}}};
	int enough = m->via_sent_by.present && method_length > 0 &&
	             (has_magic_cookie(text, &m->via_branch) ||
	              (m->call_id.present && m->has_cseq_number && m->cseq_method.present));
	sipstatus_key first_key = {0, 0, 0};

	for (int i = 0; i < 3; i++) {
		sipstatus_key_parts parts = key_parts(text, m, text + method_offset, method_length,
		                                      &ends[i][0], &ends[i][1]);
		sipstatus_key_parts other =
		        key_parts(other_text, other_m, other_text + method_offset, method_length,
		                  &ends[i][0], &ends[i][1]);
		sipstatus_key key, again, elsewhere;
		int made = sipstatus_transaction_key(&parts, CHECK_SEED, &key);

		CHECK(made == enough);
		CHECK(sipstatus_transaction_key(&parts, CHECK_SEED, &again) == made);
		CHECK(sipstatus_transaction_key(&other, CHECK_SEED, &elsewhere) == made);
		if (!made)
			continue;
		CHECK(same_key(&key, &again) && same_key(&key, &elsewhere));
		if (i == 0)
			first_key = key;
		else if (has_magic_cookie(text, &m->via_branch))
			CHECK(key.hash == first_key.hash && key.check == first_key.check);
	}
}

/* The call keys and tag hashes: present exactly with their parts, the same
 * for the same bytes anywhere. */
static inline void check_call_keys(const char *text, const sipstatus_message_text *m,
                                   const char *other_text, const sipstatus_message_text *other_m)
{
	sipstatus_text_span from_tag = sipstatus_tag_of(text, &m->from);
	sipstatus_text_span to_tag = sipstatus_tag_of(text, &m->to);
	sipstatus_text_span tags[2] = {from_tag, to_tag};

	for (int with_to = 0; with_to < 2; with_to++) {
		sipstatus_call_keys keys = sipstatus_call_keys_of(text, m, with_to, CHECK_SEED);
		sipstatus_call_keys other =
		        sipstatus_call_keys_of(other_text, other_m, with_to, CHECK_SEED);

		CHECK(keys.from == other.from && keys.to == other.to);
		CHECK((keys.from != 0) == (m->call_id.present && from_tag.present));
		CHECK((keys.to != 0) == (with_to && m->call_id.present && to_tag.present));
	}
	for (int i = 0; i < 2; i++) {
		uint64_t hash = sipstatus_tag_hash(text, &tags[i], CHECK_SEED);
		sipstatus_text_span alone = {0, tags[i].length, tags[i].present};
		char *copy = malloc(tags[i].length ? tags[i].length : 1);

		CHECK(copy);
		memcpy(copy, text + tags[i].offset, tags[i].length);
		CHECK(sipstatus_tag_hash(copy, &alone, CHECK_SEED) == hash);
		CHECK(sipstatus_tag_hash(other_text, &tags[i], CHECK_SEED) == hash);
		free(copy);
	}
	if (from_tag.present && to_tag.present && from_tag.length == to_tag.length &&
	    memcmp(text + from_tag.offset, text + to_tag.offset, from_tag.length) == 0)
		CHECK(sipstatus_tag_hash(text, &from_tag, CHECK_SEED) ==
		      sipstatus_tag_hash(text, &to_tag, CHECK_SEED));
}

/* An exact-size copy of the bytes, so that ASan sees a read one past them. */
static inline char *exact_copy(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);

	CHECK(text);
	memcpy(text, data, size);
	return text;
}

#endif
