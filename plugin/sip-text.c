/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sip-text.h"

#include <stdint.h>
#include <string.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A line as the SIP dissector cuts it (tvb_find_line_end): it ends at the
 * first CR or LF from its start, or at the text's end, and the next line
 * starts past a CRLF, a lone CR or an LF.  Inline: this runs for every
 * line. */
typedef struct {
	size_t end;
	size_t next;
} line_bounds;

static inline line_bounds line_at(const char *text, size_t length, size_t at)
{
	const char *line_feed = at < length ? memchr(text + at, '\n', length - at) : NULL;
	size_t stop = line_feed ? (size_t)(line_feed - text) : length;
	const char *cr = at < stop ? memchr(text + at, '\r', stop - at) : NULL;
	line_bounds line;

	line.end = cr ? (size_t)(cr - text) : stop;
	if (!line_feed)
		line.next = cr ? line.end + 1 : length;
	else /* past the LF (a CRLF's too), or past a lone CR */
		line.next = !cr || line.end + 1 == stop ? stop + 1 : line.end + 1;
	return line;
}

/* A header's or parameter's name in lower case, NUL-padded to eight bytes,
 * so that text is matched against it a word at a time: this runs for every
 * line read. */
typedef struct {
	char bytes[8];
	size_t length;
} sip_name;

#define SIP_NAME(name)                                                                             \
	{                                                                                          \
		name, sizeof(name) - 1                                                             \
	}

#define EACH_BYTE(byte) (0x0101010101010101ULL * (byte))

/* Eight bytes of text from at, those past length 0 (no byte of a name is):
 * the last line's name is rarely this close to the end. */
static uint64_t word_at(const char *text, size_t length, size_t at)
{
	uint64_t word;

	if (length - at >= 8) {
		memcpy(&word, text + at, 8);
	} else {
		char bytes[8] = {0};

		memcpy(bytes, text + at, length - at);
		memcpy(&word, bytes, 8);
	}
	return word;
}

/* Whether the text from at starts with name, in any case.  Inline, so that
 * each name's words are constants. */
static inline int starts_with_name(const char *text, size_t length, size_t at, const sip_name *name)
{
	static const unsigned char first_bytes[16] = {0xff, 0xff, 0xff, 0xff,
	                                              0xff, 0xff, 0xff, 0xff};
	uint64_t wanted, name_bytes;

	memcpy(&wanted, name->bytes, 8);
	/* 0xff in the name's bytes, 0 past them. */
	memcpy(&name_bytes, first_bytes + 8 - name->length, 8);
	/* A letter of the name (bit 6 set, where '-' has none) matches either
	 * case: bit 5 is set in the text's byte before comparing. */
	return ((word_at(text, length, at) | ((wanted >> 1) & EACH_BYTE(0x20))) & name_bytes) ==
	       wanted;
}

/* The header named name, then optional blanks and a colon: the value's
 * offset, or 0 when the line holds another header. */
static inline size_t header_value(const char *text, size_t length, size_t line,
                                  const sip_name *name)
{
	size_t at = line + name->length;

	if (!starts_with_name(text, length, line, name))
		return 0;
	while (at < length && is_blank(text[at]))
		at++;
	return at < length && text[at] == ':' ? at + 1 : 0;
}

static const sip_name CSEQ_NAME = SIP_NAME("cseq"), CALL_ID_NAME = SIP_NAME("call-id"),
                      CALL_ID_COMPACT = SIP_NAME("i"), VIA_NAME = SIP_NAME("via"),
                      VIA_COMPACT = SIP_NAME("v"), FROM_NAME = SIP_NAME("from"),
                      FROM_COMPACT = SIP_NAME("f"), TO_NAME = SIP_NAME("to"),
                      TO_COMPACT = SIP_NAME("t"), RSEQ_NAME = SIP_NAME("rseq"),
                      REASON_NAME = SIP_NAME("reason"), WARNING_NAME = SIP_NAME("warning"),
                      BRANCH_NAME = SIP_NAME("branch"), TAG_NAME = SIP_NAME("tag");

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The SIP dissector refuses longer methods ("CSeq String too big"). */
#define CSEQ_METHOD_MAX 16

/* What ends the parts of a header value, a byte's classes at once: this
 * runs over every Via, From and To of every message. */
enum {
	TOKEN_END = 1,   /* blank, line end, NUL, ; , = / " */
	SENT_BY_END = 2, /* blank, line end, NUL, ; , */
	ADDRESS_END = 4, /* < ; , where a display name or addr-spec stops */
	WHITE_SPACE = 8, /* blank, line end: what tvb_skip_wsp skips */
};

static const unsigned char byte_classes[256] = {
        [' '] = TOKEN_END | SENT_BY_END | WHITE_SPACE,
        ['\t'] = TOKEN_END | SENT_BY_END | WHITE_SPACE,
        ['\r'] = TOKEN_END | SENT_BY_END | WHITE_SPACE,
        ['\n'] = TOKEN_END | SENT_BY_END | WHITE_SPACE,
        ['\0'] = TOKEN_END | SENT_BY_END,
        [';'] = TOKEN_END | SENT_BY_END | ADDRESS_END,
        [','] = TOKEN_END | SENT_BY_END | ADDRESS_END,
        ['='] = TOKEN_END,
        ['/'] = TOKEN_END,
        ['"'] = TOKEN_END,
        ['<'] = ADDRESS_END,
};

static int in_class(char c, unsigned char byte_class)
{
	return byte_classes[(unsigned char)c] & byte_class;
}

static int is_token_end(char c)
{
	return in_class(c, TOKEN_END);
}

/* What the SIP dissector skips around header values (tvb_skip_wsp). */
static int is_white_space(char c)
{
	return in_class(c, WHITE_SPACE);
}

/* Inside a header value a line end is always a fold (RFC 3261's LWS): the
 * value ends where no blank follows one. */
static size_t skip_white_space(const char *text, size_t end, size_t at)
{
	while (at < end && is_white_space(text[at]))
		at++;
	return at;
}

static size_t skip_token(const char *text, size_t end, size_t at)
{
	while (at < end && !is_token_end(text[at]))
		at++;
	return at;
}

/* Where the SIP dissector ends a header value: a CR or a NUL. */
static int ends_value(char c)
{
	return c == '\r' || c == '\0';
}

/* Past a quoted string that starts at at (escapes skipped); when it is not
 * closed, where its value ends or end. */
static size_t skip_quoted(const char *text, size_t end, size_t at)
{
	for (at++; at < end && text[at] != '"'; at++) {
		/* A quoted string ends with its value at the latest. */
		if (ends_value(text[at]))
			return at;
		/* An escape never takes what ends the value. */
		if (text[at] == '\\' && at + 1 < end && !ends_value(text[at + 1]))
			at++;
	}
	return at < end ? at + 1 : end;
}

/* Where the NULs of a message's text are: bytes before clear are known to
 * hold none but the one at nul (NO_NUL: none found yet).  Found a chunk at
 * a time, so that a message's header values cost one memchr each. */
#define NO_NUL    ((size_t)-1)
#define NUL_CHUNK 2048

typedef struct {
	size_t clear;
	size_t nul;
} nul_scan;

/* The first NUL from at on, or stop when there is none before it: where
 * the SIP dissector's string of a header value ends. */
static inline size_t before_nul(const char *text, size_t length, nul_scan *scan, size_t stop,
                                size_t at)
{
	for (;;) {
		if (scan->nul != NO_NUL && scan->nul < at) {
			/* a NUL of an earlier line: look on after it */
			scan->clear = scan->nul + 1;
			scan->nul = NO_NUL;
		}
		if (scan->nul != NO_NUL || scan->clear >= stop)
			break;
		size_t from = scan->clear > at ? scan->clear : at;
		size_t until = from + NUL_CHUNK < length ? from + NUL_CHUNK : length;
		const char *nul;

		if (until < stop)
			until = stop;
		nul = memchr(text + from, '\0', until - from);
		scan->clear = nul ? (size_t)(nul - text) : until;
		scan->nul = nul ? scan->clear : NO_NUL;
	}
	return scan->nul != NO_NUL && scan->nul < stop ? scan->nul : stop;
}

static void set_span(sipstatus_text_span *span, size_t start, size_t end)
{
	span->offset = start;
	span->length = end - start;
	span->present = 1;
}

static size_t span_end(const sipstatus_text_span *span)
{
	return span->offset + span->length;
}

/* Reads ";name=value" parameters from at up to end, keeping the value of
 * the first one called name (lower case; any case in the text). */
static void read_parameter(const char *text, size_t end, size_t at, const sip_name *name,
                           sipstatus_text_span *value)
{
	for (;;) {
		size_t name_start, name_end, value_start, value_stop;

		at = skip_white_space(text, end, at);
		if (at >= end || text[at] != ';')
			return;
		name_start = skip_white_space(text, end, at + 1);
		name_end = skip_token(text, end, name_start);
		at = skip_white_space(text, end, name_end);
		value_start = value_stop = at;
		if (at < end && text[at] == '=') {
			value_start = skip_white_space(text, end, at + 1);
			if (value_start < end && text[value_start] == '"')
				value_stop = skip_quoted(text, end, value_start);
			else
				value_stop = skip_token(text, end, value_start);
			at = value_stop;
		}
		if (name_end - name_start == name->length &&
		    starts_with_name(text, end, name_start, name)) {
			set_span(value, value_start, value_stop);
			return;
		}
	}
}

/* The first via-parm (RFC 3261 section 20.42): sent-protocol LWS sent-by
 * *( SEMI via-params ).  Nothing is kept when sent-protocol is not
 * "name/version/transport". */
static void read_via(const char *text, size_t at, size_t end, sipstatus_message_text *message)
{
	size_t sent_by;

	for (int part = 0; part < 3; part++) {
		size_t token_start = skip_white_space(text, end, at);

		at = skip_token(text, end, token_start);
		if (at == token_start)
			return;
		at = skip_white_space(text, end, at);
		if (part < 2) {
			if (at >= end || text[at] != '/')
				return;
			at++;
		}
	}
	sent_by = at;
	while (at < end && !in_class(text[at], SENT_BY_END))
		at++;
	if (at == sent_by)
		return;
	set_span(&message->via_sent_by, sent_by, at);
	read_parameter(text, end, at, &BRANCH_NAME, &message->via_branch);
}

/* Decimal digits from at, as far as they go: 1 and the number when there
 * is at least one digit and it fits in 32 bits. */
static int read_number(const char *text, size_t end, size_t at, uint32_t *number, size_t *stop)
{
	uint64_t value = 0;
	size_t start = at;

	for (; at < end && is_digit(text[at]); at++) {
		value = value * 10 + (uint64_t)(text[at] - '0');
		if (value > UINT32_MAX)
			value = (uint64_t)UINT32_MAX + 1; /* stays too big */
	}
	*stop = at;
	*number = (uint32_t)value;
	return at > start && value <= UINT32_MAX;
}

/* As the SIP dissector reads a CSeq value: the sequence number, then the
 * method from the first letter to the end of the value, trailing white
 * space dropped. */
static void read_cseq(const char *text, size_t at, size_t end, sipstatus_message_text *message)
{
	size_t stop;

	message->has_cseq_number = read_number(text, end, at, &message->cseq_number, &at);
	while (at < end && !is_alpha(text[at]))
		at++;
	stop = end;
	while (stop > at && is_white_space(text[stop - 1]))
		stop--;
	if (stop > at && stop - at <= CSEQ_METHOD_MAX)
		set_span(&message->cseq_method, at, stop);
}

static void read_call_id(const char *text, size_t at, size_t end, sipstatus_message_text *message)
{
	while (end > at && is_white_space(text[end - 1]))
		end--;
	set_span(&message->call_id, at, end);
}

static void read_rseq(const char *text, size_t at, size_t end, sipstatus_message_text *message)
{
	size_t stop;

	message->has_rseq = read_number(text, end, at, &message->rseq, &stop);
}

/* The first of the header's long or compact name that the line holds: the
 * value's offset, or 0. */
static size_t named_value(const char *text, size_t length, size_t line, const sip_name *name,
                          const sip_name *compact)
{
	size_t value = header_value(text, length, line, name);

	return value || !compact ? value : header_value(text, length, line, compact);
}

/* A header value as the SIP dissector makes it (sipstatus_message_text's
 * reason): from at (just after the colon), past white space, on across
 * the lines that start with a blank (folding) to the last one's line end,
 * or to the first NUL, where the dissector's string ends.  line is the
 * header's first line. */
static inline sipstatus_text_span value_span(const char *text, size_t length, nul_scan *scan,
                                             line_bounds line, size_t at)
{
	sipstatus_text_span value;
	size_t end;

	while (line.next < length && is_blank(text[line.next]))
		line = line_at(text, length, line.next);
	end = before_nul(text, length, scan, line.end, at);
	at = skip_white_space(text, end, at);
	set_span(&value, at, end);
	return value;
}

/* The parts read_headers looks for, by bit. */
enum { CSEQ = 1, VIA = 2, FROM = 4, TO = 8, CALL_ID = 16, RSEQ = 32, REASON = 64, WARNING = 128 };

/* Reads the headers from the line at on, up to the empty line or until all
 * that needs holds is found.  Only the first header of each name counts.  A
 * line is looked at only when its first letter fits one of the headers
 * read: this runs for every message.  Lines end where the SIP dissector
 * ends them, at a CR, an LF or a CRLF. */
static void read_headers(const char *text, size_t length, size_t line, unsigned needs,
                         sipstatus_message_text *message)
{
	unsigned seen = 0;
	nul_scan nuls = {line, NO_NUL};

	for (size_t next; line < length && (seen & needs) != needs; line = next) {
		line_bounds bounds = line_at(text, length, line);
		size_t value = 0;
		unsigned part = 0; /* the header the line holds, by its bit */
		sipstatus_text_span span;

		next = bounds.next;
		switch (text[line]) { /* both cases: no case folding per line */
		case '\r':
		case '\n': /* the empty line */
			return;
		case 'c':
		case 'C':
			if (!(seen & CSEQ) &&
			    (value = header_value(text, length, line, &CSEQ_NAME)))
				part = CSEQ;
			else if (!(seen & CALL_ID) &&
			         (value = header_value(text, length, line, &CALL_ID_NAME)))
				part = CALL_ID;
			break;
		case 'i':
		case 'I':
			if (!(seen & CALL_ID) &&
			    (value = header_value(text, length, line, &CALL_ID_COMPACT)))
				part = CALL_ID;
			break;
		case 'v':
		case 'V':
			if (!(seen & VIA) &&
			    (value = named_value(text, length, line, &VIA_NAME, &VIA_COMPACT)))
				part = VIA;
			break;
		case 'f':
		case 'F':
			if (!(seen & FROM) &&
			    (value = named_value(text, length, line, &FROM_NAME, &FROM_COMPACT)))
				part = FROM;
			break;
		case 't':
		case 'T':
			if (!(seen & TO) &&
			    (value = named_value(text, length, line, &TO_NAME, &TO_COMPACT)))
				part = TO;
			break;
		case 'r':
		case 'R':
			if ((needs & RSEQ) && !(seen & RSEQ) &&
			    (value = header_value(text, length, line, &RSEQ_NAME)))
				part = RSEQ;
			else if ((needs & REASON) && !(seen & REASON) &&
			         (value = header_value(text, length, line, &REASON_NAME)))
				part = REASON;
			break;
		case 'w':
		case 'W':
			if ((needs & WARNING) && !(seen & WARNING) &&
			    (value = header_value(text, length, line, &WARNING_NAME)))
				part = WARNING;
			break;
		}
		if (!part)
			continue;
		span = value_span(text, length, &nuls, bounds, value);
		switch (part) {
		case CSEQ:
			read_cseq(text, span.offset, span_end(&span), message);
			break;
		case CALL_ID:
			read_call_id(text, span.offset, span_end(&span), message);
			break;
		case VIA:
			read_via(text, span.offset, span_end(&span), message);
			break;
		case FROM:
			message->from = span;
			break;
		case TO:
			message->to = span;
			break;
		case RSEQ:
			read_rseq(text, span.offset, span_end(&span), message);
			break;
		case REASON: /* the first with a protocol: the SIP dissector reads no other */
			if (!memchr(text + span.offset, ';', span.length))
				continue;
			message->reason = span;
			break;
		case WARNING:
			message->warning = span;
			break;
		}
		seen |= part;
	}
}

void sipstatus_read_response(const char *text, size_t length, sipstatus_message_text *message)
{
	size_t at = 0;
	line_bounds status_line;

	memset(message, 0, sizeof(*message));
	while (at < length && is_digit(text[at]))
		at++;
	while (at < length && text[at] == ' ')
		at++;
	status_line = line_at(text, length, at);
	set_span(&message->phrase, at, status_line.end);
	/* Only a provisional response has an RSeq (RFC 3262). */
	read_headers(text, length, status_line.next,
	             CSEQ | VIA | FROM | TO | CALL_ID | REASON | WARNING |
	                     (length > 0 && text[0] == '1' ? RSEQ : 0),
	             message);
}

void sipstatus_read_request(const char *text, size_t length, sipstatus_message_text *message)
{
	memset(message, 0, sizeof(*message));
	read_headers(text, length, line_at(text, length, 0).next, CSEQ | VIA | FROM | TO | CALL_ID,
	             message);
}

sipstatus_text_span sipstatus_tag_of(const char *text, const sipstatus_text_span *value)
{
	sipstatus_text_span tag = {0, 0, 0};
	size_t at = value->offset, end = value->offset + value->length;

	if (!value->present)
		return tag;
	at = skip_white_space(text, end, at);
	if (at < end && text[at] == '"')
		at = skip_quoted(text, end, at);
	while (at < end && !in_class(text[at], ADDRESS_END))
		at++;
	if (at < end && text[at] == '<') {
		const char *close = memchr(text + at, '>', end - at);

		if (!close)
			return tag;
		at = (size_t)(close - text) + 1;
	}
	read_parameter(text, end, at, &TAG_NAME, &tag);
	return tag;
}

int sipstatus_phrase_differs(const char *registered, const char *sent)
{
	size_t i;

	for (i = 0; registered[i] && sent[i]; i++)
		if (ascii_lower(registered[i]) != ascii_lower(sent[i]))
			return 1;
	return registered[i] != sent[i];
}

int sipstatus_parse_warning(const char *value, size_t length, sipstatus_warning_value *warning)
{
	const char *p = value, *end = value + length;
	const char *agent, *text, *closing;

	while (p < end && is_blank(*p))
		p++;
	if (end - p < 4 || !is_digit(p[0]) || !is_digit(p[1]) || !is_digit(p[2]) || p[3] != ' ')
		return 0;
	warning->code = (unsigned)((p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0'));
	p += 4;

	agent = p;
	p = memchr(agent, ' ', (size_t)(end - agent));
	if (!p)
		p = end;
	if (p == agent || end - p < 2 || p[1] != '"')
		return 0;
	warning->agent = agent;
	warning->agent_len = (size_t)(p - agent);

	text = p += 2;
	closing = memchr(text, '"', (size_t)(end - text));
	if (!closing)
		return 0;
	/* Only a backslash before the first quote can make it not the closing
	 * one (rare): then the escapes are followed one by one. */
	if (memchr(text, '\\', (size_t)(closing - text)))
		while (p < end && *p != '"') {
			if (*p == '\\' && p + 1 < end)
				p++;
			p++;
		}
	else
		p = closing;
	if (p >= end)
		return 0;
	warning->text = text;
	warning->text_len = (size_t)(p - text);
	return 1;
}

/* strtoul(3) on a 64-bit unsigned long, from p up to end, kept to 32 bits
 * as the SIP dissector keeps a cause (a guint). */
static uint32_t strtoul_cause(const char *p, const char *end)
{
	uint64_t value = 0;
	int negative = 0;

	while (p < end && (*p == ' ' || (*p >= '\t' && *p <= '\r')))
		p++;
	if (p < end && (*p == '+' || *p == '-'))
		negative = *p++ == '-';
	for (; p < end && is_digit(*p); p++) {
		unsigned digit = (unsigned)(*p - '0');

		if (value > (UINT64_MAX - digit) / 10)
			return UINT32_MAX; /* ULONG_MAX, whatever the sign */
		value = value * 10 + digit;
	}
	return (uint32_t)(negative ? 0 - value : value);
}

static void set_span_of(sipstatus_text_span *span, const char *value, const char *start,
                        const char *end)
{
	set_span(span, (size_t)(start - value), (size_t)(end - value));
}

int sipstatus_parse_reason(const char *value, size_t length, sipstatus_reason_value *reason)
{
	const char *p = value, *end = value + length;
	const char *semicolon, *stop, *equals, *cause_end, *quote, *end_quote;

	memset(reason, 0, sizeof(*reason));
	while (p < end && is_white_space(*p))
		p++;
	semicolon = memchr(p, ';', (size_t)(end - p));
	if (!semicolon)
		return 0;
	/* RFC 3326's SEMI allows blanks before the ";" ("Q.850 ;cause=16"),
	 * which the SIP dissector keeps in the protocol. */
	for (stop = semicolon; stop > p && is_white_space(stop[-1]); stop--)
		;
	set_span_of(&reason->protocol, value, p, stop);
	equals = memchr(semicolon, '=', (size_t)(end - semicolon));
	if (!equals)
		return 1;
	semicolon = memchr(equals + 1, ';', (size_t)(end - equals - 1));
	cause_end = semicolon ? semicolon : end;
	reason->cause = strtoul_cause(equals + 1, cause_end);
	quote = semicolon ? memchr(semicolon, '"', (size_t)(end - semicolon)) : NULL;
	end_quote = quote ? memchr(quote + 1, '"', (size_t)(end - quote - 1)) : NULL;
	if (end_quote)
		set_span_of(&reason->text, value, quote + 1, end_quote);
	return 1;
}
