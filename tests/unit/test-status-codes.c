/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit test of the SIP response-code table against expected-codes.tsv, a
 * list typed from the IANA registry independently of status-codes.c.
 *
 * Usage: test-status-codes [expected-codes.tsv]
 * Without an argument the path from EXPECTED_CODES_TSV (set at compile time)
 * is used.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "status-codes.h"

#define MAX_ROWS 128
#define MAX_LINE 512

static const char *const expected_header =
        "code\tclass\tclass_name\tseverity\tphrase\treference\tregistered";

/* The seed documents of shared/seeds plus the two RFCs that fill the gaps. */
static const char *const allowed_sources[] = {
        "000_bcb52f921a0d9861.txt",
        "001_214acba4317da0f6.txt",
        "002_4727e1eeee8756db.txt",
        "003_e6f0324216532880.txt",
        "004_395d6b432faa621a.txt",
        "RFC 8876",
        "RFC 8688",
};

struct row {
	unsigned code;
	unsigned response_class;
	char class_name[32];
	sipstatus_severity severity;
	char phrase[64];
	char reference[32];
	int registered;
};

static const char *tsv_path;
static struct row rows[MAX_ROWS];
static size_t n_rows;

/* Split line in place at tabs; returns the number of fields. */
static size_t split_tabs(char *line, char **fields, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (n < max) {
		fields[n++] = p;
		p = strchr(p, '\t');
		if (p == NULL)
			break;
		*p++ = '\0';
	}
	return n;
}

static int parse_unsigned(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtoul(s, &end, 10);
	if (*end != '\0' || v > UINT_MAX)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int parse_severity(const char *s, sipstatus_severity *out)
{
	if (strcmp(s, "Chat") == 0)
		*out = SIPSTATUS_SEVERITY_CHAT;
	else if (strcmp(s, "Note") == 0)
		*out = SIPSTATUS_SEVERITY_NOTE;
	else if (strcmp(s, "Warning") == 0)
		*out = SIPSTATUS_SEVERITY_WARN;
	else if (strcmp(s, "Error") == 0)
		*out = SIPSTATUS_SEVERITY_ERROR;
	else
		return -1;
	return 0;
}

static int copy_field(char *dst, size_t size, const char *src)
{
	if (*src == '\0' || strlen(src) >= size)
		return -1;
	strcpy(dst, src);
	return 0;
}

static void strip_eol(char *line)
{
	line[strcspn(line, "\r\n")] = '\0';
}

/* Any error here fails the whole group, so a broken TSV cannot pass quietly. */
static int load_tsv(void **state)
{
	char line[MAX_LINE];
	unsigned lineno = 1;
	FILE *f;

	(void)state;
	f = fopen(tsv_path, "r");
	if (f == NULL) {
		print_error("cannot open %s\n", tsv_path);
		return -1;
	}
	if (fgets(line, sizeof(line), f) == NULL) {
		print_error("%s: empty\n", tsv_path);
		goto fail;
	}
	strip_eol(line);
	if (strcmp(line, expected_header) != 0) {
		print_error("%s: unexpected header \"%s\"\n", tsv_path, line);
		goto fail;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *fields[8];
		struct row *r;
		unsigned registered;

		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			print_error("%s:%u: line too long\n", tsv_path, lineno);
			goto fail;
		}
		strip_eol(line);
		if (line[0] == '\0')
			continue;
		if (n_rows == MAX_ROWS) {
			print_error("%s: more than %d rows\n", tsv_path, MAX_ROWS);
			goto fail;
		}
		r = &rows[n_rows];
		if (split_tabs(line, fields, 8) != 7 || parse_unsigned(fields[0], &r->code) ||
		    parse_unsigned(fields[1], &r->response_class) ||
		    copy_field(r->class_name, sizeof(r->class_name), fields[2]) ||
		    parse_severity(fields[3], &r->severity) ||
		    copy_field(r->phrase, sizeof(r->phrase), fields[4]) ||
		    copy_field(r->reference, sizeof(r->reference), fields[5]) ||
		    parse_unsigned(fields[6], &registered) || registered > 1) {
			print_error("%s:%u: malformed row\n", tsv_path, lineno);
			goto fail;
		}
		r->registered = (int)registered;
		n_rows++;
	}
	fclose(f);
	if (n_rows == 0) {
		print_error("%s: no rows\n", tsv_path);
		return -1;
	}
	return 0;
fail:
	fclose(f);
	return -1;
}

static const struct row *find_row(unsigned code)
{
	size_t i;

	for (i = 0; i < n_rows; i++)
		if (rows[i].code == code)
			return &rows[i];
	return NULL;
}

static void check_str(unsigned code, const char *what, const char *got, const char *want)
{
	if (got == NULL || strcmp(got, want) != 0)
		fail_msg("%u: %s is \"%s\", expected \"%s\"", code, what, got ? got : "(null)",
		         want);
}

static void check_uint(unsigned code, const char *what, unsigned long got, unsigned long want)
{
	if (got != want)
		fail_msg("%u: %s is %lu, expected %lu", code, what, got, want);
}

/* The TSV itself must be a list of distinct codes in ascending order. */
static void test_tsv_is_sane(void **state)
{
	size_t i;

	(void)state;
	for (i = 1; i < n_rows; i++)
		if (rows[i].code <= rows[i - 1].code)
			fail_msg("TSV: %u follows %u", rows[i].code, rows[i - 1].code);
}

static void test_every_row(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < n_rows; i++) {
		const struct row *r = &rows[i];
		const sipstatus_code_info *e = sipstatus_code_lookup(r->code);
		unsigned cls;

		if (e == NULL)
			fail_msg("%u: lookup returned NULL", r->code);
		check_uint(r->code, "code", e->code, r->code);
		check_str(r->code, "phrase", e->phrase, r->phrase);
		check_str(r->code, "reference", e->reference, r->reference);
		cls = sipstatus_code_class(r->code);
		check_uint(r->code, "class", cls, r->response_class);
		check_str(r->code, "class name", sipstatus_class_name(cls), r->class_name);
		check_uint(r->code, "severity", sipstatus_class_severity(cls), r->severity);
		check_uint(r->code, "registered", (unsigned long)e->registered,
		           (unsigned long)r->registered);
	}
}

/* Same set of codes both ways: count, membership, order, no duplicates. */
static void test_table_matches_tsv(void **state)
{
	size_t i, count = sipstatus_code_count();
	unsigned prev = 0;

	(void)state;
	assert_int_equal(count, n_rows);
	for (i = 0; i < count; i++) {
		const sipstatus_code_info *e = sipstatus_code_at(i);

		if (e == NULL)
			fail_msg("sipstatus_code_at(%zu) is NULL", i);
		if (e->code <= prev)
			fail_msg("sipstatus_code_at(%zu) = %u does not ascend after %u", i, e->code,
			         prev);
		if (find_row(e->code) == NULL)
			fail_msg("table has %u, which the TSV lacks", e->code);
		/* The iteration must hand out the very entries lookup() returns. */
		assert_ptr_equal(sipstatus_code_lookup(e->code), e);
		prev = e->code;
	}
	assert_null(sipstatus_code_at(count));
	assert_null(sipstatus_code_at((size_t)-1));
}

/* Every code up to well past the range: present exactly when in the TSV. */
static void test_lookup_is_exact(void **state)
{
	unsigned code;

	(void)state;
	for (code = 0; code <= 1000; code++) {
		int want = find_row(code) != NULL;
		int got = sipstatus_code_lookup(code) != NULL;

		if (want != got)
			fail_msg("%u: lookup %s, TSV %s", code, got ? "found" : "missing",
			         want ? "has it" : "lacks it");
	}
}

static int is_allowed_source(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(allowed_sources) / sizeof(allowed_sources[0]); i++)
		if (strcmp(s, allowed_sources[i]) == 0)
			return 1;
	return 0;
}

static void test_descriptions(void **state)
{
	size_t i, count = sipstatus_code_count();

	(void)state;
	for (i = 0; i < count; i++) {
		const sipstatus_code_info *e = sipstatus_code_at(i);
		const char *d, *p;
		size_t len;

		assert_non_null(e);
		d = e->description;
		if (d == NULL || *d == '\0')
			fail_msg("%u: empty description", e->code);
		len = strlen(d);
		if (d[len - 1] != '.')
			fail_msg("%u: description does not end with '.'", e->code);
		if (d[0] == ' ')
			fail_msg("%u: description starts with a space", e->code);
		for (p = d; *p; p++)
			if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
				fail_msg("%u: byte 0x%02x at %td is not printable ASCII", e->code,
				         (unsigned char)*p, p - d);
		if (strstr(d, "  ") != NULL)
			fail_msg("%u: description has a double space", e->code);
		if (strstr(d, " .") != NULL || strstr(d, " ,") != NULL)
			fail_msg("%u: description has a space before punctuation", e->code);

		if (e->source == NULL || !is_allowed_source(e->source))
			fail_msg("%u: unknown source \"%s\"", e->code,
			         e->source ? e->source : "(null)");
		/* Only the two codes no seed covers may cite an RFC as source. */
		if (e->code == 425)
			check_str(e->code, "source", e->source, "RFC 8876");
		else if (e->code == 608)
			check_str(e->code, "source", e->source, "RFC 8688");
		else if (strncmp(e->source, "RFC ", 4) == 0)
			fail_msg("%u: source %s, but a seed covers it", e->code, e->source);
	}
	/* One pinned description, as the brief gives it. */
	check_str(486, "description", sipstatus_code_lookup(486)->description, "Callee is busy.");
}

static void test_unassigned_in_range(void **state)
{
	static const unsigned codes[] = {
	        101, 150, 198, 201, 203, 299, 303, 304, 399, 418, 419, 426, 427,
	        431, 432, 434, 435, 441, 450, 468, 471, 479, 490, 492, 495, 499,
	        506, 512, 514, 554, 556, 579, 581, 599, 601, 602, 605, 609, 699,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		unsigned cls = sipstatus_code_class(codes[i]);

		if (sipstatus_code_lookup(codes[i]) != NULL)
			fail_msg("%u: lookup should be NULL", codes[i]);
		check_uint(codes[i], "class", cls, codes[i] / 100);
		assert_true(cls >= 1 && cls <= 6);
		assert_non_null(sipstatus_class_name(cls));
		/* RFC 3261 8.1.3.2: x00 of the class, 183 for provisional ones;
		 * always a code the table knows. */
		check_uint(codes[i], "treated as", sipstatus_code_treated_as(codes[i]),
		           cls == 1 ? 183 : cls * 100);
		assert_non_null(sipstatus_code_lookup(sipstatus_code_treated_as(codes[i])));
	}
}

static void test_out_of_range(void **state)
{
	static const unsigned codes[] = {
	        0, 1, 99, 700, 701, 999, 1000, 4294, 65535, INT_MAX, UINT_MAX - 1, UINT_MAX,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		if (sipstatus_code_lookup(codes[i]) != NULL)
			fail_msg("%u: lookup should be NULL", codes[i]);
		check_uint(codes[i], "class", sipstatus_code_class(codes[i]), 0);
		check_uint(codes[i], "treated as", sipstatus_code_treated_as(codes[i]), 0);
		check_uint(codes[i], "severity",
		           sipstatus_class_severity(sipstatus_code_class(codes[i])),
		           SIPSTATUS_SEVERITY_ERROR);
	}
}

static void test_classes(void **state)
{
	static const char *const names[] = {
	        NULL,
	        "Provisional",
	        "Success",
	        "Redirection",
	        "Client Failure",
	        "Server Failure",
	        "Global Failure",
	};
	static const sipstatus_severity sev[] = {
	        SIPSTATUS_SEVERITY_ERROR, SIPSTATUS_SEVERITY_CHAT, SIPSTATUS_SEVERITY_CHAT,
	        SIPSTATUS_SEVERITY_NOTE,  SIPSTATUS_SEVERITY_WARN, SIPSTATUS_SEVERITY_ERROR,
	        SIPSTATUS_SEVERITY_ERROR,
	};
	unsigned c;

	(void)state;
	for (c = 1; c <= 6; c++) {
		check_str(c, "class name", sipstatus_class_name(c), names[c]);
		check_uint(c, "class severity", sipstatus_class_severity(c), sev[c]);
	}
	assert_null(sipstatus_class_name(0));
	assert_null(sipstatus_class_name(7));
	assert_null(sipstatus_class_name(UINT_MAX));
	assert_int_equal(sipstatus_class_severity(0), SIPSTATUS_SEVERITY_ERROR);
	assert_int_equal(sipstatus_class_severity(7), SIPSTATUS_SEVERITY_ERROR);
	assert_int_equal(sipstatus_class_severity(UINT_MAX), SIPSTATUS_SEVERITY_ERROR);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_tsv_is_sane),
	        cmocka_unit_test(test_every_row),
	        cmocka_unit_test(test_table_matches_tsv),
	        cmocka_unit_test(test_lookup_is_exact),
	        cmocka_unit_test(test_descriptions),
	        cmocka_unit_test(test_unassigned_in_range),
	        cmocka_unit_test(test_out_of_range),
	        cmocka_unit_test(test_classes),
	};

	if (argc > 1) {
		tsv_path = argv[1];
	} else {
#ifdef EXPECTED_CODES_TSV
		tsv_path = EXPECTED_CODES_TSV;
#else
		fprintf(stderr, "usage: %s expected-codes.tsv\n", argv[0]);
		return 2;
#endif
	}
	return cmocka_run_group_tests(tests, load_tsv, NULL);
}
