/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the SIP header-text parsers and the warn-code table, as
 * tables of cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sip-text.h"
#include "warn-codes.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void test_status_line_phrase(void **state)
{
	static const struct {
		const char *line;
		const char *phrase;
	} cases[] = {
	        {"SIP/2.0 486 Busy Here", "Busy Here"},
	        {"SIP/2.0 480 Error", "Error"},
	        {"SIP/2.0 100 trying -- your call is important to us",
	         "trying -- your call is important to us"},
	        {"SIP/2.0 486 ", ""},
	        {"SIP/2.0 486", ""},
	        {"SIP/2.0  200   OK", "OK"},
	        {"SIP/2.0 600 %s%n%x", "%s%n%x"},
	        {"", ""},
	        {"SIP/2.0", ""},
	};
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++)
		assert_string_equal(sipstatus_status_line_phrase(cases[i].line), cases[i].phrase);
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
		assert_int_equal(sipstatus_parse_warning(cases[i].value, &warning), cases[i].ok);
		if (!cases[i].ok)
			continue;
		assert_int_equal(warning.code, cases[i].code);
		assert_int_equal(warning.agent_len, strlen(cases[i].agent));
		assert_memory_equal(warning.agent, cases[i].agent, warning.agent_len);
		assert_int_equal(warning.text_len, strlen(cases[i].text));
		assert_memory_equal(warning.text, cases[i].text, warning.text_len);
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
	        cmocka_unit_test(test_status_line_phrase),
	        cmocka_unit_test(test_phrase_differs),
	        cmocka_unit_test(test_parse_warning),
	        cmocka_unit_test(test_warn_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
