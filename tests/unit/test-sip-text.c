/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the SIP header-text parsers and the warn-code table, as
 * tables of cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sip-text.h"
#include "warn-codes.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* expected NULL: the part is absent; "" present and empty. */
static void assert_span(const char *text, const sipstatus_text_span *span, const char *expected)
{
	if (!expected) {
		assert_false(span->present);
		return;
	}
	assert_true(span->present || expected[0] == '\0');
	assert_int_equal(span->length, strlen(expected));
	assert_memory_equal(text + span->offset, expected, span->length);
}

static void test_read_response(void **state)
{
	static const struct {
		const char *text; /* from the status code on */
		const char *phrase, *method;
	} cases[] = {
	        {"486 Busy Here\r\nVia: x\r\nCSeq: 1 INVITE\r\n\r\nbody", "Busy Here", "INVITE"},
	        {"480 Error\r\nCSeq: 102 INVITE\r\nReason: Q.850;cause=21\r\n\r\n", "Error",
	         "INVITE"},
	        {"200 OK\ncseq:2 BYE\n\n", "OK", "BYE"},
	        {"200 OK\r\nCSEQ :  7   OPTIONS  \r\n\r\n", "OK", "OPTIONS"},
	        /* only the message's own headers: the next message's CSeq is not
	         * read, and the first CSeq wins */
	        {"180 Ringing\r\nContent-Length: 0\r\n\r\nSIP/2.0 200 OK\r\nCSeq: 1 BYE\r\n\r\n",
	         "Ringing", ""},
	        {"200 OK\r\nCSeq: 1 INVITE\r\nCSeq: 2 BYE\r\n\r\n", "OK", "INVITE"},
	        /* headers that merely start like CSeq, and a continuation line */
	        {"200 OK\r\nCSeqX: 1 BYE\r\nX-CSeq: 2 BYE\r\n CSeq: 3 BYE\r\n\r\n", "OK", ""},
	        {"486 \r\n\r\n", "", ""},
	        {"486", "", ""},
	        {"600 %s%n%x\r\nCSeq: 1 %n\r\n", "%s%n%x", "n"},
	        /* the SIP dissector's reading of odd CSeq values */
	        {"200 OK\r\nCSeq: \x11 INVITE\r\n\r\n", "OK", "INVITE"},
	        {"200 OK\r\nCSeq: 1 INVITE extra\r\n\r\n", "OK", "INVITE extra"},
	        {"200 OK\r\nCSeq: 2 /EGISxxxxxxxxxxxxxxxx\r\n\r\n", "OK", ""},
	        {"200 OK\r\nCSeq: 2 ABCDEFGHIJKLMNOP\r\n\r\n", "OK", "ABCDEFGHIJKLMNOP"},
	        {"200 OK\r\nCSeq: 2 \r\n\r\n", "OK", ""},
	        {"200 OK\r\nCSeq: 1", "OK", ""},
	        /* folded before the method; a phrase ends at a lone CR */
	        {"200 OK\r\nCSeq: 1\r\n INVITE\r\n\r\n", "OK", "INVITE"},
	        {"486 Busy\rCSeq: 1 INVITE\r\n\r\n", "Busy", "INVITE"},
	        {"200 OK\r\nCSeq", "OK", ""},
	        {"", "", ""},
	};
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		const char *text = cases[i].text;
		sipstatus_message_text response;

		sipstatus_read_response(text, strlen(text), &response);
		assert_span(text, &response.phrase, cases[i].phrase);
		assert_span(text, &response.cseq_method, cases[i].method);
	}
}

static void test_read_rseq(void **state)
{
	static const struct {
		const char *text;
		int has_rseq;
		uint32_t rseq;
	} cases[] = {
	        {"183 X\r\nRSeq: 7\r\n\r\n", 1, 7},
	        {"180 X\r\nrseq :  4294967295\r\n\r\n", 1, 4294967295u},
	        /* only a provisional response has one (RFC 3262) */
	        {"200 X\r\nRSeq: 7\r\n\r\n", 0, 0},
	        /* headers that merely start like it, and the message's own only */
	        {"183 X\r\nRSeqs: 1\r\nReason: SIP;cause=1\r\n\r\n", 0, 0},
	        {"183 X\r\n\r\nSIP/2.0 183 Y\r\nRSeq: 1\r\n\r\n", 0, 0},
	        {"183 X\r\nRSeq: x\r\n\r\n", 0, 0},
	};
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		sipstatus_message_text response;

		sipstatus_read_response(cases[i].text, strlen(cases[i].text), &response);
		assert_int_equal(response.has_rseq, cases[i].has_rseq);
		if (cases[i].has_rseq)
			assert_int_equal(response.rseq, cases[i].rseq);
	}
}

static void test_read_response_nul_ends_value(void **state)
{
	static const char text[] = "401 X\r\nCSeq:%s\0 REGISTER\r\n\r\n";
	sipstatus_message_text response;
	(void)state;

	sipstatus_read_response(text, sizeof(text) - 1, &response);
	assert_span(text, &response.cseq_method, "s");
}

static void test_read_nuls_in_several_lines(void **state)
{
	/* NULs in a header not read, then in two that are. */
	static const char text[] = "401 X\r\nX-A: a\0b\r\nCSeq: 1 REG\0ISTER\r\n"
	                           "Call-ID: c\0d\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\n\r\n";
	sipstatus_message_text response;
	(void)state;

	sipstatus_read_response(text, sizeof(text) - 1, &response);
	assert_span(text, &response.cseq_method, "REG");
	assert_span(text, &response.call_id, "c");
	assert_span(text, &response.via_branch, "z9hG4bKx");
}

static void test_read_folded_value_ends_at_nul(void **state)
{
	/* A NUL in a later line of a folded value ends it, and a NUL before
	 * the fold ends it there. */
	static const char text[] = "401 X\r\nCall-ID: c\r\n d\0e\r\nTo: <sip:b@h>\0\r\n ;tag=1\r\n"
	                           "CSeq: 1 REGISTER\r\n\r\n";
	sipstatus_message_text response;
	sipstatus_text_span to_tag;
	(void)state;

	sipstatus_read_response(text, sizeof(text) - 1, &response);
	assert_span(text, &response.call_id, "c\r\n d");
	assert_span(text, &response.to, "<sip:b@h>");
	to_tag = sipstatus_tag_of(text, &response.to);
	assert_false(to_tag.present);
	assert_span(text, &response.cseq_method, "REGISTER");
}

static void test_read_escape_before_nul(void **state)
{
	/* A quoted branch whose last backslash comes just before a NUL or CR
	 * (found by the read-request harness): the value ends there all the
	 * same. */
	static const char nul[] = "401 X\r\nVia: SIP/2.0/WS h;branch=\"a\\\\\\\0b\"\r\n\r\n";
	static const char cr[] = "401 X\r\nVia: SIP/2.0/WS h;branch=\"a\\\r\n\r\n";
	sipstatus_message_text response;
	(void)state;

	sipstatus_read_response(nul, sizeof(nul) - 1, &response);
	assert_span(nul, &response.via_branch, "\"a\\\\\\");
	sipstatus_read_response(cr, sizeof(cr) - 1, &response);
	assert_span(cr, &response.via_branch, "\"a\\");
}

static void test_read_response_stays_in_bounds(void **state)
{
	/* Every prefix of a response: nothing may be read past the length
	 * (valgrind and ASan runs of this test would say so). */
	static const char text[] = "404 Not Found\r\nCSeq: 12 REGISTER\r\nReason: Q.850;cause=1\r\n"
	                           " ;text=\"x\"\r\nWarning:\r\n 399 h \"y\"\r\n\r\n";
	(void)state;
	for (size_t length = 0; length <= sizeof(text) - 1; length++) {
		char *copy = malloc(length ? length : 1);
		sipstatus_message_text response;
		const sipstatus_text_span *spans[] = {&response.phrase, &response.cseq_method,
		                                      &response.reason, &response.warning};

		memcpy(copy, text, length);
		sipstatus_read_response(copy, length, &response);
		for (size_t i = 0; i < COUNT(spans); i++)
			assert_true(spans[i]->offset + spans[i]->length <= length);
		free(copy);
	}
}

static void test_read_transaction_headers(void **state)
{
	static const struct {
		const char *text; /* a request from its method, a response from its code */
		const char *sent_by, *branch, *call_id, *from_tag, *to_tag;
		long cseq, rseq; /* -1: none */
	} cases[] = {
	        {"INVITE sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP "
	         "10.0.0.1:5060;rport;branch=z9hG4bK1\r\n"
	         "From: \"Alice\" <sip:a@h>;tag=88\r\nTo: <sip:b@h>\r\nCall-ID: abc@h\r\n"
	         "CSeq: 314 INVITE\r\n\r\n",
	         "10.0.0.1:5060", "z9hG4bK1", "abc@h", "88", NULL, 314, -1},
	        /* compact names, folded spacing, IPv6, the first Via of several */
	        {"183 Session Progress\r\nv: SIP/2.0/TCP [2001:db8::1]:5061 ;branch= z9hG4bKx ,"
	         "SIP/2.0/UDP other;branch=z9hG4bKy\r\nVia: SIP/2.0/UDP third;branch=z9hG4bKz\r\n"
	         "f: sip:a@h;tag=1\r\nt: <sip:b@h;tag=no>;x=y;tag=2\r\ni: id \r\nRSeq: 7\r\n"
	         "CSeq: 1 INVITE\r\n\r\n",
	         "[2001:db8::1]:5061", "z9hG4bKx", "id", "1", "2", 1, 7},
	        /* quoted display names hide their ';' and '<' */
	        {"200 OK\r\nFrom: \"a;tag=x <y>\" <sip:a@h>;TAG=real\r\n"
	         "To: b <sip:b@h>\r\n\r\n",
	         NULL, NULL, NULL, "real", NULL, -1, -1},
	        /* present but empty, and parameters without values */
	        {"200 OK\r\nVia: SIP/2.0/UDP h;received;branch=\r\nTo: <sip:b@h>;tag=\r\n"
	         "Call-ID:\r\n\r\n",
	         "h", "", "", NULL, "", -1, -1},
	        /* a Via that is not "name/version/transport sent-by" */
	        {"200 OK\r\nVia: SIP/2.0 h;branch=z9hG4bK1\r\nVia: SIP/2.0/UDP g\r\n\r\n", NULL,
	         NULL, NULL, NULL, NULL, -1, -1},
	        {"200 OK\r\nVia: SIP/2.0/UDP\r\n\r\n", NULL, NULL, NULL, NULL, NULL, -1, -1},
	        /* numbers too big for 32 bits are none */
	        {"180 X\r\nCSeq: 4294967296 BYE\r\nRSeq: 99999999999\r\n\r\n", NULL, NULL, NULL,
	         NULL, NULL, -1, -1},
	        {"180 X\r\nCSeq: 4294967295 BYE\r\nRSeq: 0\r\n\r\n", NULL, NULL, NULL, NULL, NULL,
	         4294967295L, 0},
	        /* headers that only start like the ones read */
	        {"200 OK\r\nVias: SIP/2.0/UDP h\r\nFromage: x;tag=1\r\nTop: x;tag=2\r\n"
	         "Call-Info: x\r\nIn-Reply-To: y\r\nRSeqs: 3\r\n\r\n",
	         NULL, NULL, NULL, NULL, NULL, -1, -1},
	        /* names and parameter names in any case; a CR where a name has
	         * '-' is no match (the case is folded in letters only) */
	        {"200 OK\r\nCall\rID: no\r\nvIA: SIP/2.0/UDP h;BRANCH=z9hG4bKq\r\n"
	         "F: <sip:a@h>;Tag=3\r\nCALL-id: yes\r\ncSEQ: 5 BYE\r\n\r\n",
	         "h", "z9hG4bKq", "yes", "3", NULL, 5, -1},
	        /* parameter names that only start like the one read */
	        {"200 OK\r\nVia: SIP/2.0/UDP h;branchy=1;branch=2\r\nTo: x;tags=1;tag=4\r\n\r\n",
	         "h", "2", NULL, NULL, "4", -1, -1},
	        /* names in the text's last bytes, fewer than a word */
	        {"BYE sip:b@h SIP/2.0\r\ni: id", NULL, NULL, "id", NULL, NULL, -1, -1},
	        {"BYE sip:b@h SIP/2.0\r\nCall-I", NULL, NULL, NULL, NULL, NULL, -1, -1},
	        /* only the message's own headers */
	        {"ACK sip:b@h SIP/2.0\r\n\r\nSIP/2.0 200 OK\r\nCall-ID: next\r\n\r\n", NULL, NULL,
	         NULL, NULL, NULL, -1, -1},
	        /* folded lines join every value (RFC 3261 section 7.3.1), a
	         * value may start on the next line, and a fold is white space
	         * between a value's parts */
	        {"INVITE sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP\r\n h:5060\r\n ;branch=z9hG4bKf\r\n"
	         "From: <sip:a@h>\r\n\t;tag=5\r\nTo: <sip:b@h>;x=1\r\n ;tag=6\r\n"
	         "Call-ID:\r\n abc@h\r\nCSeq: 9\r\n INVITE\r\n\r\n",
	         "h:5060", "z9hG4bKf", "abc@h", "5", "6", 9, -1},
	        /* a lone CR ends a line, after the request or status line too,
	         * as the SIP dissector ends lines */
	        {"OPTIONS sip:b@h SIP/2.0\rVia: SIP/2.0/UDP h;branch=z9hG4bKr\rCall-ID: lc\r\n\r\n",
	         "h", "z9hG4bKr", "lc", NULL, NULL, -1, -1},
	        {"200 OK\rVia: SIP/2.0/UDP h;branch=z9hG4bKs\r\nCall-ID: lc\rCSeq: 4 BYE\r\n\r\n",
	         "h", "z9hG4bKs", "lc", NULL, NULL, 4, -1},
	        /* a CR before a CRLF: the line after the lone CR is empty, and
	         * ends the headers */
	        {"200 OK\r\nCall-ID: a\r\r\nCSeq: 1 BYE\r\n\r\n", NULL, NULL, "a", NULL, NULL, -1,
	         -1},
	        /* a fold that ends the text */
	        {"BYE sip:b@h SIP/2.0\r\nCall-ID: a\r\n ", NULL, NULL, "a", NULL, NULL, -1, -1},
	        /* unterminated values stop at the end */
	        {"BYE sip:b@h SIP/2.0\r\nTo: <sip:b@h", NULL, NULL, NULL, NULL, NULL, -1, -1},
	        {"BYE sip:b@h SIP/2.0\r\nTo: x;tag", NULL, NULL, NULL, NULL, "", -1, -1},
	        {"BYE sip:b@h SIP/2.0\r\nFrom: \"unterminated;tag=1", NULL, NULL, NULL, NULL, NULL,
	         -1, -1},
	};
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		const char *text = cases[i].text;
		sipstatus_message_text message;
		sipstatus_text_span from_tag, to_tag;

		if (text[0] >= '0' && text[0] <= '9')
			sipstatus_read_response(text, strlen(text), &message);
		else
			sipstatus_read_request(text, strlen(text), &message);
		assert_span(text, &message.via_sent_by, cases[i].sent_by);
		assert_span(text, &message.via_branch, cases[i].branch);
		assert_span(text, &message.call_id, cases[i].call_id);
		from_tag = sipstatus_tag_of(text, &message.from);
		to_tag = sipstatus_tag_of(text, &message.to);
		assert_span(text, &from_tag, cases[i].from_tag);
		assert_span(text, &to_tag, cases[i].to_tag);
		assert_int_equal(message.has_cseq_number, cases[i].cseq >= 0);
		if (cases[i].cseq >= 0)
			assert_int_equal(message.cseq_number, cases[i].cseq);
		assert_int_equal(message.has_rseq, cases[i].rseq >= 0);
		if (cases[i].rseq >= 0)
			assert_int_equal(message.rseq, cases[i].rseq);
	}
}

static void test_read_request_stays_in_bounds(void **state)
{
	static const char text[] =
	        "INVITE sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP h:1;branch=z9hG4bK1\r\n"
	        "From: \"x\" <sip:a@h>;tag=1\r\nTo: sip:b@h;tag=2\r\n"
	        "Call-ID: c\r\nCSeq: 1 INVITE\r\nRSeq: 2\r\n\r\n";
	(void)state;
	for (size_t length = 0; length <= sizeof(text) - 1; length++) {
		char *copy = malloc(length ? length : 1);
		sipstatus_message_text message;
		sipstatus_text_span from_tag, to_tag;
		const sipstatus_text_span *spans[] = {
		        &message.via_sent_by, &message.via_branch,  &message.call_id, &message.from,
		        &message.to,          &message.cseq_method, &from_tag,        &to_tag};

		memcpy(copy, text, length);
		sipstatus_read_request(copy, length, &message);
		from_tag = sipstatus_tag_of(copy, &message.from);
		to_tag = sipstatus_tag_of(copy, &message.to);
		for (size_t i = 0; i < COUNT(spans); i++)
			assert_true(spans[i]->offset + spans[i]->length <= length);
		free(copy);
	}
}

static void test_read_reason_and_warning(void **state)
{
	static const struct {
		const char *text; /* a response from its code */
		size_t length;    /* 0: strlen(text) */
		const char *reason, *warning;
	} cases[] = {
	        {"503 Service Unavailable\r\nReason: Q.850;cause=34;text=\"x\"\r\n"
	         "Warning: 399 sbc \"t\"\r\n\r\n",
	         0, "Q.850;cause=34;text=\"x\"", "399 sbc \"t\""},
	        /* any case, blanks before the colon; leading blanks and
	         * trailing ones (the dissector's string keeps them) */
	        {"480 X\r\nREASON :  SIP;cause=480 \r\nwarning:\t301 h \"t\"\r\n\r\n", 0,
	         "SIP;cause=480 ", "301 h \"t\""},
	        /* only the first Reason with a protocol, the first Warning */
	        {"486 X\r\nReason: Q.850\r\nReason: SIP;cause=600\r\nReason: Q.850;cause=17\r\n"
	         "Warning: 399 a \"1\"\r\nWarning: 399 b \"2\"\r\n\r\n",
	         0, "SIP;cause=600", "399 a \"1\""},
	        /* folded lines join the value, line ends and all; a value may
	         * start on the next line */
	        {"503 X\r\nReason: Q.850\r\n ;cause=16\r\n\t;text=\"a\"\r\nWarning:\r\n 399 h "
	         "\"t\"\r\n\r\n",
	         0, "Q.850\r\n ;cause=16\r\n\t;text=\"a\"", "399 h \"t\""},
	        /* a lone CR or LF ends a line, a blank after it folds */
	        {"503 X\r\nReason: Q.850\r ;cause=16\nWarning: 399 h \"t\"\rX-A: b\r\n\r\n", 0,
	         "Q.850\r ;cause=16", "399 h \"t\""},
	        /* the dissector's string ends at a NUL */
	        {"503 X\r\nReason: Q.8\0;cause=1\r\nWarning: 399 h\0 \"t\"\r\n\r\n", 52, NULL,
	         "399 h"},
	        /* other names; headers of the body */
	        {"503 X\r\nReasons: SIP;cause=1\r\nWarnings: 399 h \"t\"\r\n\r\n"
	         "Reason: SIP;cause=2\r\n",
	         0, NULL, NULL},
	        /* an empty value; the text ends without a line end */
	        {"503 X\r\nWarning:\r\nReason: SIP;cause=1", 0, "SIP;cause=1", ""},
	};
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		size_t length = cases[i].length ? cases[i].length : strlen(cases[i].text);
		sipstatus_message_text response;

		sipstatus_read_response(cases[i].text, length, &response);
		assert_span(cases[i].text, &response.reason, cases[i].reason);
		assert_span(cases[i].text, &response.warning, cases[i].warning);
	}
}

static void test_request_reason_not_read(void **state)
{
	static const char text[] = "BYE sip:b@h SIP/2.0\r\nReason: Q.850;cause=16\r\n"
	                           "Warning: 399 h \"t\"\r\n\r\n";
	sipstatus_message_text request;
	(void)state;
	sipstatus_read_request(text, strlen(text), &request);
	assert_false(request.reason.present);
	assert_false(request.warning.present);
}

static void test_phrase_differs(void **state)
{
	static const struct {
		const char *registered, *sent;
		int differs;
	} cases[] = {
	        {"Busy Here", "Busy Here", 0},
	        {"Ringing", "ringing", 0},
	        {"OK", "Ok", 0},
	        {"Temporarily Unavailable", "Error", 1},
	        {"OK", "Okey dokey", 1},
	        {"OK", "O", 1},
	        {"Busy Here", "", 1},
	        {"Server Time-out", "Server Timeout", 1},
	        {"Forbidden", "Forbidden ", 1},
	};
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++)
		assert_int_equal(sipstatus_phrase_differs(cases[i].registered, cases[i].sent),
		                 cases[i].differs);
}

static void test_parse_warning(void **state)
{
	static const struct {
		const char *value;
		int ok;
		unsigned code;
		const char *agent, *text;
	} cases[] = {
	        {"304 proxy.example.com \"Media type not available\"", 1, 304, "proxy.example.com",
	         "Media type not available"},
	        {"392 200.68.120.81:5060 \"Noisy feedback tells:  pid=1\"", 1, 392,
	         "200.68.120.81:5060", "Noisy feedback tells:  pid=1"},
	        {"399 a \"\"", 1, 399, "a", ""},
	        {"399 a \"say \\\"hi\\\"\"", 1, 399, "a", "say \\\"hi\\\""},
	        {"370 a \"first\", 399 b \"second\"", 1, 370, "a", "first"},
	        {"399 a \"ends in a backslash \\\\\"", 1, 399, "a", "ends in a backslash \\\\"},
	        {"399 a \"x\" \\ y", 1, 399, "a", "x"},
	        {"  307 host \"x\"", 1, 307, "host", "x"},
	        {"30 host \"x\"", 0, 0, NULL, NULL},
	        {"3045 host \"x\"", 0, 0, NULL, NULL},
	        {"304  \"x\"", 0, 0, NULL, NULL},
	        {"304 host", 0, 0, NULL, NULL},
	        {"304 host \"unterminated", 0, 0, NULL, NULL},
	        {"304 host \"ends in backslash\\", 0, 0, NULL, NULL},
	        {"", 0, 0, NULL, NULL},
	};
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		sipstatus_warning_value warning;

		memset(&warning, 0, sizeof(warning));
		assert_int_equal(
		        sipstatus_parse_warning(cases[i].value, strlen(cases[i].value), &warning),
		        cases[i].ok);
		if (!cases[i].ok)
			continue;
		assert_int_equal(warning.code, cases[i].code);
		assert_int_equal(warning.agent_len, strlen(cases[i].agent));
		assert_memory_equal(warning.agent, cases[i].agent, warning.agent_len);
		assert_int_equal(warning.text_len, strlen(cases[i].text));
		assert_memory_equal(warning.text, cases[i].text, warning.text_len);
	}
}

static void test_parse_reason(void **state)
{
	/* As Wireshark 4.0's SIP dissector reads them (its sip.reason_*),
	 * without the blanks before the ";". */
	static const struct {
		const char *value;
		int ok;
		const char *protocol;
		uint32_t cause;
		const char *text; /* NULL: none */
	} cases[] = {
	        {"Q.850;cause=16;text=\"Normal call clearing\"", 1, "Q.850", 16,
	         "Normal call clearing"},
	        {"q.850 ;cause=31 ;text=\"3\"", 1, "q.850", 31, "3"},
	        {"SIP\r\n ;cause=1", 1, "SIP", 1, NULL},
	        {"SIP;cause=603", 1, "SIP", 603, NULL},
	        {"SIP;cause=-1;text=\"x\"", 1, "SIP", UINT32_MAX, "x"},
	        {"SIP;cause=-2", 1, "SIP", UINT32_MAX - 1, NULL},
	        {"SIP;cause=99999999999999999999999", 1, "SIP", UINT32_MAX, NULL},
	        {"SIP;cause=18446744073709551615", 1, "SIP", UINT32_MAX, NULL},
	        {"SIP;cause=18446744073709551616", 1, "SIP", UINT32_MAX, NULL},
	        {"SIP;cause=4294967297", 1, "SIP", 1, NULL},
	        {"X;code=12;text=\"any name\"", 1, "X", 12, "any name"},
	        {"Q.850;cause= \t+17abc;text=unquoted", 1, "Q.850", 17, NULL},
	        {"SIP;text=\"no cause\"", 1, "SIP", 0, NULL},
	        {"SIP;cause", 1, "SIP", 0, NULL},
	        {"SIP;cause=1;text=\"open", 1, "SIP", 1, NULL},
	        {"SIP;cause=2;text=\"a \\\"b\\\"\"", 1, "SIP", 2, "a \\"},
	        {"SIP;cause=503;\r\n text=\"folded\"", 1, "SIP", 503, "folded"},
	        {"  SIP \t; cause = 200 ; text = \"spaces\"", 1, "SIP", 200, "spaces"},
	        {" ;cause=1", 1, "", 1, NULL},
	        {";cause=1", 1, "", 1, NULL},
	        {"Q.850", 0, NULL, 0, NULL},
	        {"", 0, NULL, 0, NULL},
	};
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		sipstatus_reason_value reason;

		memset(&reason, 0xff, sizeof(reason));
		assert_int_equal(
		        sipstatus_parse_reason(cases[i].value, strlen(cases[i].value), &reason),
		        cases[i].ok);
		if (!cases[i].ok)
			continue;
		assert_true(reason.protocol.present);
		assert_int_equal(reason.protocol.length, strlen(cases[i].protocol));
		assert_memory_equal(cases[i].value + reason.protocol.offset, cases[i].protocol,
		                    reason.protocol.length);
		assert_int_equal(reason.cause, cases[i].cause);
		assert_int_equal(reason.text.present, cases[i].text != NULL);
		if (!cases[i].text)
			continue;
		assert_int_equal(reason.text.length, strlen(cases[i].text));
		assert_memory_equal(cases[i].value + reason.text.offset, cases[i].text,
		                    reason.text.length);
	}
}

static void test_warn_codes(void **state)
{
	static const struct {
		unsigned code;
		const char *meaning, *reference;
	} registered[] = {
	        {300, "Incompatible network protocol", "RFC 3261"},
	        {301, "Incompatible network address formats", "RFC 3261"},
	        {302, "Incompatible transport protocol", "RFC 3261"},
	        {303, "Incompatible bandwidth units", "RFC 3261"},
	        {304, "Media type not available", "RFC 3261"},
	        {305, "Incompatible media format", "RFC 3261"},
	        {306, "Attribute not understood", "RFC 3261"},
	        {307, "Session description parameter not understood", "RFC 3261"},
	        {308, "Incompatible language specification", "RFC 8373"},
	        {330, "Multicast not available", "RFC 3261"},
	        {331, "Unicast not available", "RFC 3261"},
	        {370, "Insufficient bandwidth", "RFC 3261"},
	        {380, "SIPS Not Allowed", "RFC 5630"},
	        {381, "SIPS Required", "RFC 5630"},
	        {399, "Miscellaneous warning", "RFC 3261"},
	};
	unsigned found = 0;
	(void)state;

	for (size_t i = 0; i < COUNT(registered); i++) {
		const sipstatus_warn_code_info *info =
		        sipstatus_warn_code_lookup(registered[i].code);

		assert_non_null(info);
		assert_int_equal(info->code, registered[i].code);
		assert_string_equal(info->meaning, registered[i].meaning);
		assert_string_equal(info->reference, registered[i].reference);
	}
	/* Nothing else is registered, in range or out of it. */
	for (unsigned code = 0; code < 1000; code++)
		found += sipstatus_warn_code_lookup(code) != NULL;
	assert_int_equal(found, COUNT(registered));
	assert_null(sipstatus_warn_code_lookup(UINT32_MAX));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_read_response),
	        cmocka_unit_test(test_read_rseq),
	        cmocka_unit_test(test_read_response_nul_ends_value),
	        cmocka_unit_test(test_read_nuls_in_several_lines),
	        cmocka_unit_test(test_read_folded_value_ends_at_nul),
	        cmocka_unit_test(test_read_escape_before_nul),
	        cmocka_unit_test(test_read_response_stays_in_bounds),
	        cmocka_unit_test(test_read_transaction_headers),
	        cmocka_unit_test(test_read_request_stays_in_bounds),
	        cmocka_unit_test(test_read_reason_and_warning),
	        cmocka_unit_test(test_request_reason_not_read),
	        cmocka_unit_test(test_phrase_differs),
	        cmocka_unit_test(test_parse_warning),
	        cmocka_unit_test(test_parse_reason),
	        cmocka_unit_test(test_warn_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
