/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Post-dissector that explains every SIP response: what the code means, how
 * serious it is, which request it answered and what the far end said about
 * the cause (Reason and Warning headers).
 *
 * Wireshark primes the SIP fields we ask for only on the first pass, so the
 * responses are read then and kept per frame; every pass (GUI clicks, the
 * Expert Information dialog, tshark -2) adds the items from that store, with
 * or without a tree.  plugins/epan/transum follows the same lifecycle.  Only
 * raw values are stored (response-store.h): descriptions, preferences and the
 * user's code table are applied when items are added, so changing them needs
 * no first pass.
 */
#include "ws-compat.h"

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/tap.h>
#include <epan/uat.h>

#include "packet-sipstatus.h"
#include "sip-text.h"
#include "status-codes.h"
#include "text-buffer.h"
#include "warn-codes.h"

#define SIPSTATUS_CODE_SLOTS  (SIPSTATUS_CODE_MAX - SIPSTATUS_CODE_MIN + 1)
#define SIPSTATUS_CLASS_COUNT 6

static int proto_sipstatus = -1;
static int sipstatus_tap = -1;
static int expert_tap = -1;
static dissector_handle_t sipstatus_handle;
/* The responses of the capture file being read, made anew for each file. */
static sipstatus_store *responses_seen;

static int hf_sipstatus_code = -1;
static int hf_sipstatus_class = -1;
static int hf_sipstatus_phrase = -1;
static int hf_sipstatus_description = -1;
static int hf_sipstatus_reference = -1;
static int hf_sipstatus_registered = -1;
static int hf_sipstatus_method = -1;
static int hf_sipstatus_request_frame = -1;
static int hf_sipstatus_response_time = -1;
static int hf_sipstatus_phrase_sent = -1;
static int hf_sipstatus_phrase_differs = -1;
static int hf_sipstatus_reason_protocol = -1;
static int hf_sipstatus_reason_cause = -1;
static int hf_sipstatus_reason_meaning = -1;
static int hf_sipstatus_reason_text = -1;
static int hf_sipstatus_warning_code = -1;
static int hf_sipstatus_warning_meaning = -1;
static int hf_sipstatus_warning_agent = -1;
static int hf_sipstatus_warning_text = -1;

static gint ett_sipstatus = -1;
static gint ett_sipstatus_reason = -1;
static gint ett_sipstatus_warning = -1;

/* Indexed by code - SIPSTATUS_CODE_MIN; only table codes are registered. */
static expert_field ei_sipstatus_code[SIPSTATUS_CODE_SLOTS];
/* Indexed by class - 1. */
static expert_field ei_sipstatus_unregistered[SIPSTATUS_CLASS_COUNT];
/* Codes from the user's table, one item per severity (indexed like
 * user_severity_vals): expert items can't be registered at run time. */
static expert_field ei_sipstatus_user[4];
static expert_field ei_sipstatus_out_of_range = EI_INIT;

/* Preferences: expert items per class, all on by default. */
static sipstatus_bool class_expert_enabled[SIPSTATUS_CLASS_COUNT] = {TRUE, TRUE, TRUE,
                                                                     TRUE, TRUE, TRUE};

/* The SIP dissector's fields we read, resolved by name at handoff.  The
 * phrase and CSeq method are read from the response's own text instead (see
 * sip-text.h): fields present in every SIP message are costly to ask for. */
enum sip_field {
	SIP_STATUS_CODE,
	SIP_REQUEST_FRAME,
	SIP_RESPONSE_TIME,
	SIP_REASON_PROTOCOLS,
	SIP_REASON_CAUSE_Q850,
	SIP_REASON_CAUSE_SIP,
	SIP_REASON_CAUSE_OTHER,
	SIP_REASON_TEXT,
	SIP_WARNING,
	SIP_FIELD_COUNT
};

static const char *const sip_field_names[SIP_FIELD_COUNT] = {
        [SIP_STATUS_CODE] = "sip.Status-Code",
        [SIP_REQUEST_FRAME] = "sip.response-request",
        [SIP_RESPONSE_TIME] = "sip.response-time",
        [SIP_REASON_PROTOCOLS] = "sip.reason_protocols",
        [SIP_REASON_CAUSE_Q850] = "sip.reason_cause_q850",
        [SIP_REASON_CAUSE_SIP] = "sip.reason_cause_sip",
        [SIP_REASON_CAUSE_OTHER] = "sip.reason_cause_other",
        [SIP_REASON_TEXT] = "sip.reason_text",
        [SIP_WARNING] = "sip.Warning",
};

static int sip_field_hf[SIP_FIELD_COUNT];
static int proto_icmp = -1;
static int proto_expert_info = -1;
static int proto_icmpv6 = -1;

static const value_string sipstatus_class_vals[] = {
        {1, "Provisional"},    {2, "Success"},        {3, "Redirection"}, {4, "Client Failure"},
        {5, "Server Failure"}, {6, "Global Failure"}, {0, NULL},
};

/* ---- The user's code table (UAT "SIP response codes") ---- */

#define USER_SEVERITY_INVALID G_MAXUINT

/* Order matches ei_sipstatus_user. */
static const value_string user_severity_vals[] = {
        {0, "Chat"}, {1, "Note"}, {2, "Warning"}, {3, "Error"}, {0, NULL},
};

typedef struct {
	guint code;
	char *phrase;
	char *description;
	guint severity; /* index into user_severity_vals */
} user_code;

static user_code *user_codes;
static guint user_code_count;
/* Position + 1 of the usable row for each code - SIPSTATUS_CODE_MIN (0: none);
 * the last row for a code wins.  Positions, not pointers: the UAT dialog
 * may move the rows while the user edits them. */
static guint user_code_row[SIPSTATUS_CODE_SLOTS];

UAT_DEC_CB_DEF(user_codes, code, user_code)
UAT_CSTRING_CB_DEF(user_codes, phrase, user_code)
UAT_CSTRING_CB_DEF(user_codes, description, user_code)
UAT_VS_DEF(user_codes, severity, user_code, guint, USER_SEVERITY_INVALID, "")

/* Field checks: the UAT dialog shows their message as the user types, and
 * a profile's file or tshark's -o reports it with the line.  A refused row
 * is kept but marked invalid, and the other rows still load. */
static gboolean user_code_in_range(guint32 code)
{
	return code >= SIPSTATUS_CODE_MIN && code <= SIPSTATUS_CODE_MAX;
}

static sipstatus_bool user_code_check_code(void *record _U_, const char *text, unsigned length,
                                           const void *u1 _U_, const void *u2 _U_, char **error)
{
	char *copy = g_strndup(text, length);
	guint32 code = 0;
	gboolean ok = ws_strtou32(copy, NULL, &code) && user_code_in_range(code);

	*error = ok ? NULL
	            : g_strdup_printf("Code \"%s\" is not a SIP response code (%d-%d)", copy,
	                              SIPSTATUS_CODE_MIN, SIPSTATUS_CODE_MAX);
	g_free(copy);
	return ok;
}

static sipstatus_bool user_code_check_phrase(void *record _U_, const char *text _U_,
                                             unsigned length, const void *u1 _U_,
                                             const void *u2 _U_, char **error)
{
	*error = length ? NULL : g_strdup("The phrase is empty");
	return length != 0;
}

static sipstatus_bool user_code_check_severity(void *record _U_, const char *text, unsigned length,
                                               const void *u1 _U_, const void *u2 _U_, char **error)
{
	char *copy = g_strndup(text, length);
	gboolean ok = str_to_val_idx(copy, user_severity_vals) >= 0;

	*error = ok ? NULL
	            : g_strdup_printf("Severity \"%s\" is not Chat, Note, Warning or Error", copy);
	g_free(copy);
	return ok;
}

/* Refused rows are still in the table; this skips them. */
static gboolean user_code_usable(const user_code *row)
{
	return user_code_in_range(row->code) && row->phrase && row->phrase[0] &&
	       row->severity < array_length(ei_sipstatus_user);
}

static void *user_code_copy(void *dest, const void *source, size_t length _U_)
{
	user_code *to = (user_code *)dest;
	const user_code *from = (const user_code *)source;

	to->code = from->code;
	to->phrase = g_strdup(from->phrase);
	to->description = g_strdup(from->description);
	to->severity = from->severity;
	return to;
}

static void user_code_free(void *record)
{
	user_code *row = (user_code *)record;

	g_free(row->phrase);
	g_free(row->description);
}

/* Called after every change of the table and before every dissection (in
 * 4.0 a file with a refused row skips the post-update callback). */
static void user_codes_index(void)
{
	memset(user_code_row, 0, sizeof(user_code_row));
	for (guint i = 0; i < user_code_count; i++)
		if (user_code_usable(&user_codes[i]))
			user_code_row[user_codes[i].code - SIPSTATUS_CODE_MIN] = i + 1;
}

static const user_code *user_code_lookup(guint32 code)
{
	guint row = user_code_in_range(code) ? user_code_row[code - SIPSTATUS_CODE_MIN] : 0;

	return row && row <= user_code_count ? &user_codes[row - 1] : NULL;
}

/* ---- What a code means, after the user's table ---- */

typedef struct {
	const char *phrase;      /* NULL: neither table knows the code */
	const char *description; /* NULL when phrase is */
	const char *reference;   /* NULL when no document defines it */
	gboolean registered;
	expert_field *expert;
} code_meaning;

static const char user_table_reference[] = "User table (sipstatus_codes)";

static void resolve_code(guint32 code, code_meaning *meaning)
{
	const sipstatus_code_info *info = sipstatus_code_lookup(code);
	const user_code *user = user_code_lookup(code);
	unsigned response_class = sipstatus_code_class(code);

	meaning->registered = info && info->registered;
	if (user) {
		meaning->phrase = user->phrase;
		meaning->description = user->description ? user->description : "";
		meaning->reference = user_table_reference;
		meaning->expert = &ei_sipstatus_user[user->severity];
	} else if (info) {
		meaning->phrase = info->phrase;
		meaning->description = info->description;
		meaning->reference = info->reference;
		meaning->expert = &ei_sipstatus_code[code - SIPSTATUS_CODE_MIN];
	} else {
		meaning->phrase = meaning->description = meaning->reference = NULL;
		meaning->expert = response_class ? &ei_sipstatus_unregistered[response_class - 1]
		                                 : &ei_sipstatus_out_of_range;
	}
}

/* "486 Busy Here", "499 (unregistered)" */
static void append_code_label(sipstatus_text *text, guint32 code, const code_meaning *meaning)
{
	sipstatus_text_append_uint(text, code);
	sipstatus_text_append(text, " ");
	sipstatus_text_append(text, meaning->phrase ? meaning->phrase : "(unregistered)");
}

void sipstatus_code_label(char *label, size_t size, uint32_t code)
{
	code_meaning meaning;
	sipstatus_text text;

	resolve_code(code, &meaning);
	sipstatus_text_init(&text, label, size);
	append_code_label(&text, code, &meaning);
}

static void format_code(gchar *label, guint32 code)
{
	sipstatus_code_label(label, ITEM_LABEL_LENGTH, code);
}

/* The PI_* level of a sipstatus severity; a constant expression, for the
 * static expert-item array. */
#define EXPERT_LEVEL(severity)                                                                     \
	((severity) == SIPSTATUS_SEVERITY_CHAT   ? PI_CHAT                                         \
	 : (severity) == SIPSTATUS_SEVERITY_NOTE ? PI_NOTE                                         \
	 : (severity) == SIPSTATUS_SEVERITY_WARN ? PI_WARN                                         \
	                                         : PI_ERROR)
#define CLASS_LEVEL(response_class) EXPERT_LEVEL(SIPSTATUS_CLASS_SEVERITY(response_class))

/* ---- First pass: read the primed SIP fields ---- */

/* SIP quoted inside an ICMP error is a copy of what a peer sent earlier, not
 * a response on the wire; Wireshark's own SIP tap skips it too. */
static gboolean sip_quoted_in_icmp_error(packet_info *pinfo)
{
	for (wmem_list_frame_t *layer = wmem_list_head(pinfo->layers); layer;
	     layer = wmem_list_frame_next(layer)) {
		int protocol = GPOINTER_TO_INT(wmem_list_frame_data(layer));

		if (protocol == proto_icmp || protocol == proto_icmpv6)
			return TRUE;
	}
	return FALSE;
}

/* The SIP fields of one frame, each in the order the SIP dissector added
 * them; looked up on first use, as most responses have no Reason or Warning. */
typedef struct {
	proto_tree *tree;
	GPtrArray *found[SIP_FIELD_COUNT];
	gboolean looked_up[SIP_FIELD_COUNT];
} frame_fields;

static GPtrArray *fields_of(frame_fields *fields, enum sip_field field)
{
	if (!fields->looked_up[field]) {
		fields->looked_up[field] = TRUE;
		if (sip_field_hf[field] > 0)
			fields->found[field] =
			        proto_get_finfo_ptr_array(fields->tree, sip_field_hf[field]);
	}
	return fields->found[field];
}

/* One response's text: its data source, and the range from its status line
 * to the end of its headers, where its fields lie. */
typedef struct {
	tvbuff_t *source;
	gint start;
	gint end;
} message_span;

/* Field starts are absolute within their data source.  The first occurrence
 * of a field within the span, or NULL. */
static const field_info *field_in(GPtrArray *found, const message_span *span)
{
	for (guint i = 0; found && i < found->len; i++) {
		const field_info *finfo = (const field_info *)g_ptr_array_index(found, i);

		if (finfo->ds_tvb == span->source && finfo->start >= span->start &&
		    finfo->start < span->end)
			return finfo;
	}
	return NULL;
}

static char *string_in(GPtrArray *found, const message_span *span)
{
	const field_info *finfo = field_in(found, span);
	const char *value = finfo ? sipstatus_finfo_string(finfo) : NULL;

	return value ? wmem_strdup(wmem_file_scope(), value) : NULL;
}

/* A copy of length bytes of the source at offset, as the SIP dissector shows
 * strings: plain ASCII as it is, anything else through Wireshark's UTF-8
 * conversion (invalid sequences replaced). */
static const char *copy_text(tvbuff_t *source, const char *bytes, gint offset, size_t length)
{
	for (size_t i = 0; i < length; i++)
		if ((unsigned char)bytes[i] < 0x20 || (unsigned char)bytes[i] >= 0x7f)
			return (const char *)tvb_get_string_enc(wmem_file_scope(), source, offset,
			                                        (gint)length, ENC_UTF_8 | ENC_NA);
	return wmem_strndup(wmem_file_scope(), bytes, length);
}

/* The SIP methods a CSeq usually names; one static copy each instead of one
 * per response. */
/* clang-format off */
#define COMMON_METHOD(name) {name, sizeof(name) - 1}
static const struct {
	const char *name;
	size_t length;
} common_methods[] = {
	COMMON_METHOD("INVITE"), COMMON_METHOD("ACK"), COMMON_METHOD("BYE"),
	COMMON_METHOD("CANCEL"), COMMON_METHOD("REGISTER"), COMMON_METHOD("OPTIONS"),
	COMMON_METHOD("PRACK"), COMMON_METHOD("UPDATE"), COMMON_METHOD("SUBSCRIBE"),
	COMMON_METHOD("NOTIFY"), COMMON_METHOD("PUBLISH"), COMMON_METHOD("MESSAGE"),
	COMMON_METHOD("INFO"), COMMON_METHOD("REFER"),
};
#undef COMMON_METHOD
/* clang-format on */

static gboolean same_text(const char *known, size_t known_length, const char *bytes, size_t length)
{
	return known_length == length && memcmp(known, bytes, length) == 0;
}

static const char *method_text(tvbuff_t *source, const char *bytes, gint offset, size_t length)
{
	for (size_t i = 0; i < array_length(common_methods); i++)
		if (same_text(common_methods[i].name, common_methods[i].length, bytes, length))
			return common_methods[i].name;
	return copy_text(source, bytes, offset, length);
}

/* The registered phrase is what peers send almost always: keep the table's
 * copy then. */
static const char *phrase_text(tvbuff_t *source, guint32 code, const char *bytes, gint offset,
                               size_t length)
{
	const sipstatus_code_info *info = sipstatus_code_lookup(code);

	if (info && same_text(info->phrase, strlen(info->phrase), bytes, length))
		return info->phrase;
	return copy_text(source, bytes, offset, length);
}

/* How far back from a status code its status line may start ("SIP/2.0 "). */
#define STATUS_LINE_LOOKBACK 32

/* Reads the phrase and CSeq method from the response's own bytes, which the
 * SIP dissector's status-code item locates, and finds its span. */
static message_span read_response_text(const field_info *status_code, sipstatus_response *response,
                                       sipstatus_response_text *text)
{
	tvbuff_t *source = status_code->ds_tvb;
	gint code_start = status_code->start;
	gint before = MIN(code_start, STATUS_LINE_LOOKBACK);
	gint available = source ? tvb_captured_length_remaining(source, code_start - before) : 0;
	message_span span = {source, code_start, code_start};
	const char *bytes;

	memset(text, 0, sizeof(*text));
	if (available <= before)
		return span;
	bytes = (const char *)tvb_get_ptr(source, code_start - before, available);
	sipstatus_read_response(bytes + before, (size_t)(available - before), text);
	span.start = code_start - before + (gint)sipstatus_line_start(bytes, (size_t)before);
	span.end = code_start + (gint)text->header_end;
	response->phrase_sent =
	        phrase_text(source, response->code, bytes + before + text->phrase_offset,
	                    code_start + (gint)text->phrase_offset, text->phrase_length);
	if (text->method_length)
		response->method =
		        method_text(source, bytes + before + text->method_offset,
		                    code_start + (gint)text->method_offset, text->method_length);
	return span;
}

static void read_reason(frame_fields *fields, const message_span *span,
                        sipstatus_response_details *details)
{
	static const enum sip_field causes[] = {SIP_REASON_CAUSE_Q850, SIP_REASON_CAUSE_SIP,
	                                        SIP_REASON_CAUSE_OTHER};
	char *protocol = string_in(fields_of(fields, SIP_REASON_PROTOCOLS), span);

	/* Protocol tokens are case-insensitive (RFC 3326); show them as the
	 * RFCs write them. */
	for (char *c = protocol; c && *c; c++)
		*c = g_ascii_toupper(*c);
	details->reason_protocol = protocol;
	details->reason_text = string_in(fields_of(fields, SIP_REASON_TEXT), span);
	for (size_t i = 0; i < array_length(causes); i++) {
		const field_info *cause = field_in(fields_of(fields, causes[i]), span);

		if (cause) {
			details->reason_cause = sipstatus_finfo_uint(cause);
			details->has_reason_cause = 1;
			break;
		}
	}
}

static void read_warning(frame_fields *fields, const message_span *span,
                         sipstatus_response_details *details)
{
	const field_info *finfo = field_in(fields_of(fields, SIP_WARNING), span);
	const char *value = finfo ? sipstatus_finfo_string(finfo) : NULL;
	sipstatus_warning_value warning;

	if (!value || !sipstatus_parse_warning(value, &warning))
		return;
	details->warning_code = (uint16_t)warning.code;
	details->warning_agent = wmem_strndup(wmem_file_scope(), warning.agent, warning.agent_len);
	details->warning_text = wmem_strndup(wmem_file_scope(), warning.text, warning.text_len);
}

/* Fills a zeroed response. */
static void read_response(frame_fields *fields, const field_info *status_code,
                          sipstatus_response *response)
{
	guint32 code = sipstatus_finfo_uint(status_code);
	sipstatus_response_text text;
	const field_info *finfo;
	message_span span;

	/* Three digits in every Wireshark version; anything wider is out of
	 * range either way. */
	response->code = (uint16_t)MIN(code, G_MAXUINT16);
	span = read_response_text(status_code, response, &text);
	if ((finfo = field_in(fields_of(fields, SIP_REQUEST_FRAME), &span)))
		response->request_frame = sipstatus_finfo_uint(finfo);
	if ((finfo = field_in(fields_of(fields, SIP_RESPONSE_TIME), &span))) {
		response->response_time_ms = sipstatus_finfo_uint(finfo);
		response->has_response_time = 1;
	}
	if (text.has_reason || text.has_warning) {
		sipstatus_response_details *details =
		        wmem_new0(wmem_file_scope(), sipstatus_response_details);

		if (text.has_reason)
			read_reason(fields, &span, details);
		if (text.has_warning)
			read_warning(fields, &span, details);
		response->details = details;
	}
}

static sipstatus_frame remember_responses(packet_info *pinfo, proto_tree *tree)
{
	frame_fields fields = {tree, {NULL}, {FALSE}};
	GPtrArray *codes = fields_of(&fields, SIP_STATUS_CODE);
	sipstatus_frame frame = {0, NULL};
	sipstatus_response *responses;

	if (!codes || codes->len == 0 || sip_quoted_in_icmp_error(pinfo))
		return frame;

	responses = sipstatus_store_add(responses_seen, pinfo->num, codes->len);
	/* Wireshark's first pass goes in frame order, so the store takes every
	 * frame; were one ever out of order, it gets its items this pass only. */
	if (!responses)
		responses = wmem_alloc0_array(pinfo->pool, sipstatus_response, codes->len);
	for (guint i = 0; i < codes->len; i++)
		read_response(&fields, (const field_info *)g_ptr_array_index(codes, i),
		              &responses[i]);
	frame.count = codes->len;
	frame.responses = responses;
	return frame;
}

/* ---- Every pass: items from the store ---- */

/* What a Reason cause means: Q.850 names as the SIP dissector's own field
 * knows them, SIP causes through the code table. */
static const char *reason_meaning(const sipstatus_response_details *details)
{
	if (!details->has_reason_cause || !details->reason_protocol)
		return NULL;
	if (g_ascii_strcasecmp(details->reason_protocol, "SIP") == 0) {
		code_meaning meaning;

		resolve_code(details->reason_cause, &meaning);
		return meaning.phrase;
	}
	if (g_ascii_strcasecmp(details->reason_protocol, "Q.850") == 0 &&
	    sip_field_hf[SIP_REASON_CAUSE_Q850] > 0) {
		header_field_info *hfinfo =
		        proto_registrar_get_nth(sip_field_hf[SIP_REASON_CAUSE_Q850]);

		if (!hfinfo->strings)
			return NULL;
		if (hfinfo->display & BASE_EXT_STRING)
			return try_val_to_str_ext(details->reason_cause,
			                          (value_string_ext *)hfinfo->strings);
		if (!(hfinfo->display & (BASE_RANGE_STRING | BASE_CUSTOM)))
			return try_val_to_str(details->reason_cause,
			                      (const value_string *)hfinfo->strings);
	}
	return NULL;
}

static const char *warning_meaning(const sipstatus_response_details *details)
{
	const sipstatus_warn_code_info *info = sipstatus_warn_code_lookup(details->warning_code);

	return info ? info->meaning : NULL;
}

static proto_item *add_generated_string(proto_tree *tree, int hf, tvbuff_t *tvb, const char *value)
{
	proto_item *item = proto_tree_add_string(tree, hf, tvb, 0, 0, value);

	proto_item_set_generated(item);
	return item;
}

static proto_item *add_generated_uint(proto_tree *tree, int hf, tvbuff_t *tvb, guint32 value)
{
	proto_item *item = proto_tree_add_uint(tree, hf, tvb, 0, 0, value);

	proto_item_set_generated(item);
	return item;
}

static void add_reason_items(proto_tree *tree, tvbuff_t *tvb,
                             const sipstatus_response_details *details, const char *meaning)
{
	proto_item *top = proto_tree_add_string_format(tree, hf_sipstatus_reason_protocol, tvb, 0,
	                                               0, details->reason_protocol, "Reason: %s",
	                                               details->reason_protocol);
	proto_tree *subtree = proto_item_add_subtree(top, ett_sipstatus_reason);

	proto_item_set_generated(top);
	if (details->has_reason_cause) {
		proto_item_append_text(top, " cause %u", details->reason_cause);
		add_generated_uint(subtree, hf_sipstatus_reason_cause, tvb, details->reason_cause);
	}
	if (meaning) {
		proto_item_append_text(top, ", %s", meaning);
		add_generated_string(subtree, hf_sipstatus_reason_meaning, tvb, meaning);
	}
	if (details->reason_text)
		add_generated_string(subtree, hf_sipstatus_reason_text, tvb, details->reason_text);
}

static void add_warning_items(proto_tree *tree, tvbuff_t *tvb,
                              const sipstatus_response_details *details, const char *meaning)
{
	proto_item *top =
	        add_generated_uint(tree, hf_sipstatus_warning_code, tvb, details->warning_code);
	proto_tree *subtree = proto_item_add_subtree(top, ett_sipstatus_warning);

	if (meaning) {
		proto_item_append_text(top, " %s", meaning);
		add_generated_string(subtree, hf_sipstatus_warning_meaning, tvb, meaning);
	}
	add_generated_string(subtree, hf_sipstatus_warning_agent, tvb, details->warning_agent);
	add_generated_string(subtree, hf_sipstatus_warning_text, tvb, details->warning_text);
}

#define WARNING_TEXT_IN_MESSAGE 60

/* Wireshark shows an expert message only in the item's Expert Info subtree
 * (built when the tree is visible or an expert field is asked for) and to
 * the expert tap's listeners (the Expert Information dialog, -z expert). */
static gboolean expert_message_read(proto_tree *tree, proto_item *item, const expert_field *expert)
{
	return have_tap_listener(expert_tap) ||
	       (item && (proto_field_is_referenced(tree, proto_expert_info) ||
	                 proto_field_is_referenced(tree, expert->hf)));
}

/* "486 Busy Here (INVITE): Callee is busy. [Reason: Q.850 cause 17, User busy]" */
static void add_expert_item(packet_info *pinfo, proto_tree *tree, proto_item *item,
                            const sipstatus_response *response,
                            const sipstatus_response_details *details, const code_meaning *meaning,
                            const char *reason, const char *warning)
{
	guint32 code = response->code;
	unsigned response_class = sipstatus_code_class(code);
	char buffer[ITEM_LABEL_LENGTH];
	sipstatus_text message;

	if (response_class && !class_expert_enabled[response_class - 1])
		return;
	/* Unread (tshark -r, -Y): the item's registered summary sets the same
	 * severity and Expert column without putting a message together. */
	if (!expert_message_read(tree, item, meaning->expert)) {
		expert_add_info(pinfo, item, meaning->expert);
		return;
	}

	sipstatus_text_init(&message, buffer, sizeof(buffer));
	sipstatus_text_append_uint(&message, code);
	if (meaning->phrase) {
		sipstatus_text_append(&message, " ");
		sipstatus_text_append(&message, meaning->phrase);
	}
	if (response->method) {
		sipstatus_text_append(&message, " (");
		sipstatus_text_append(&message, response->method);
		sipstatus_text_append(&message, ")");
	}
	sipstatus_text_append(&message, ": ");
	if (meaning->phrase) {
		sipstatus_text_append(&message, meaning->description);
	} else if (response_class) {
		unsigned treated_as = sipstatus_code_treated_as(code);

		sipstatus_text_append(&message, "unregistered code; RFC 3261 \xc2\xa7"
		                                "8.1.3.2 treats it as ");
		sipstatus_text_append_uint(&message, treated_as);
		sipstatus_text_append(&message, " ");
		sipstatus_text_append(&message, sipstatus_code_lookup(treated_as)->phrase);
		sipstatus_text_append(&message, ".");
	} else {
		sipstatus_text_append(&message, "SIP status code outside 100-699.");
	}
	if (details->reason_protocol) {
		sipstatus_text_append(&message, " [Reason: ");
		sipstatus_text_append(&message, details->reason_protocol);
		if (details->has_reason_cause) {
			sipstatus_text_append(&message, " cause ");
			sipstatus_text_append_uint(&message, details->reason_cause);
		}
		if (reason) {
			sipstatus_text_append(&message, ", ");
			sipstatus_text_append(&message, reason);
		} else if (details->reason_text) {
			sipstatus_text_append(&message, ", \"");
			sipstatus_text_append(&message, details->reason_text);
			sipstatus_text_append(&message, "\"");
		}
		sipstatus_text_append(&message, "]");
	}
	/* A registered warn-code speaks for itself; free text is quoted but
	 * kept short, the subtree has all of it. */
	if (details->warning_code) {
		sipstatus_text_append(&message, " [Warning: ");
		sipstatus_text_append_uint(&message, details->warning_code);
		if (warning) {
			sipstatus_text_append(&message, " ");
			sipstatus_text_append(&message, warning);
		} else {
			sipstatus_text_append(&message, " \"");
			sipstatus_text_append_n(
			        &message, details->warning_text,
			        strnlen(details->warning_text, WARNING_TEXT_IN_MESSAGE));
			if (strlen(details->warning_text) > WARNING_TEXT_IN_MESSAGE)
				sipstatus_text_append(&message, "...");
			sipstatus_text_append(&message, "\"");
		}
		sipstatus_text_append(&message, "]");
	}

	/* Never a format: phrases and headers come from the packet. */
	expert_add_info_format(pinfo, item, meaning->expert, "%s", buffer);
}

static void add_response_items(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                               const sipstatus_response *response)
{
	static const sipstatus_response_details no_details;
	const sipstatus_response_details *details =
	        response->details ? response->details : &no_details;
	guint32 code = response->code;
	unsigned response_class = sipstatus_code_class(code);
	const char *reason = reason_meaning(details);
	const char *warning = warning_meaning(details);
	code_meaning meaning;
	proto_item *top, *item;
	proto_tree *subtree;

	resolve_code(code, &meaning);
	/* Items only where someone looks: a visible tree, or a filter, column or
	 * field that names a sipstatus field; tshark's hidden tree would fake
	 * them all.  The expert item always goes in (the expert tap and the
	 * Expert column see it), anchored in the tree only when a _ws.expert
	 * field is asked for, since Wireshark then builds it an item. */
	if (!proto_field_is_referenced(tree, proto_sipstatus)) {
		add_expert_item(pinfo, tree,
		                proto_field_is_referenced(tree, proto_expert_info) ? tree : NULL,
		                response, details, &meaning, reason, warning);
		return;
	}
	top = proto_tree_add_item(tree, proto_sipstatus, tvb, 0, 0, ENC_NA);
	/* tshark's hidden tree fakes the item: then nobody reads its label. */
	if (top && PITEM_FINFO(top)) {
		char buffer[ITEM_LABEL_LENGTH];
		sipstatus_text label;

		sipstatus_text_init(&label, buffer, sizeof(buffer));
		append_code_label(&label, code, &meaning);
		if (response->method) {
			sipstatus_text_append(&label, " (");
			sipstatus_text_append(&label, response->method);
			sipstatus_text_append(&label, ")");
		}
		proto_item_append_text(top, ": %s", buffer);
	}
	subtree = proto_item_add_subtree(top, ett_sipstatus);

	add_generated_uint(subtree, hf_sipstatus_code, tvb, code);
	if (response_class)
		add_generated_uint(subtree, hf_sipstatus_class, tvb, response_class);
	if (meaning.phrase) {
		add_generated_string(subtree, hf_sipstatus_phrase, tvb, meaning.phrase);
		add_generated_string(subtree, hf_sipstatus_description, tvb, meaning.description);
	}
	if (meaning.reference)
		add_generated_string(subtree, hf_sipstatus_reference, tvb, meaning.reference);
	item = proto_tree_add_boolean(subtree, hf_sipstatus_registered, tvb, 0, 0,
	                              meaning.registered);
	proto_item_set_generated(item);
	if (response->method)
		add_generated_string(subtree, hf_sipstatus_method, tvb, response->method);
	if (response->request_frame)
		add_generated_uint(subtree, hf_sipstatus_request_frame, tvb,
		                   response->request_frame);
	if (response->has_response_time)
		add_generated_uint(subtree, hf_sipstatus_response_time, tvb,
		                   response->response_time_ms);
	if (response->phrase_sent) {
		add_generated_string(subtree, hf_sipstatus_phrase_sent, tvb, response->phrase_sent);
		/* Only when true, so the bare filter "sipstatus.phrase_differs"
		 * selects exactly the odd phrases.  A phrase stored as the
		 * table's own copy is the registered one (phrase_text). */
		if (meaning.phrase && response->phrase_sent != meaning.phrase &&
		    sipstatus_phrase_differs(meaning.phrase, response->phrase_sent)) {
			item = proto_tree_add_boolean(subtree, hf_sipstatus_phrase_differs, tvb, 0,
			                              0, TRUE);
			proto_item_set_generated(item);
		}
	}
	if (details->reason_protocol)
		add_reason_items(subtree, tvb, details, reason);
	if (details->warning_code)
		add_warning_items(subtree, tvb, details, warning);

	/* Added whether or not there is a tree: the Expert Information dialog
	 * re-dissects without one. */
	add_expert_item(pinfo, tree, top, response, details, &meaning, reason, warning);
}

static int dissect_sipstatus(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
	sipstatus_frame frame = PINFO_FD_VISITED(pinfo)
	                                ? sipstatus_store_find(responses_seen, pinfo->num)
	                                : remember_responses(pinfo, tree);

	if (frame.count == 0)
		return 0;

	for (unsigned i = 0; i < frame.count; i++)
		add_response_items(tvb, pinfo, tree, &frame.responses[i]);
	/* Tap listeners run after the whole frame is dissected. */
	if (have_tap_listener(sipstatus_tap)) {
		sipstatus_frame *tapped = wmem_new(pinfo->pool, sipstatus_frame);
		*tapped = frame;
		tap_queue_packet(sipstatus_tap, pinfo, tapped);
	}
	return tvb_captured_length(tvb);
}

/* ---- Registration ---- */

/* Asking for SIP fields makes tshark build a tree for every packet, so ask
 * only while the protocol is enabled. */
static void update_wanted_fields(void)
{
	GArray *wanted = NULL;

	if (proto_is_protocol_enabled(find_protocol_by_id(proto_sipstatus))) {
		wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));
		for (int field = 0; field < SIP_FIELD_COUNT; field++)
			if (sip_field_hf[field] > 0)
				g_array_append_val(wanted, sip_field_hf[field]);
	}
	set_postdissector_wanted_hfids(sipstatus_handle, wanted);
}

/* Runs before each (re)dissection, when preferences, enabled protocols and
 * the user's table are settled. */
static void sipstatus_init(void)
{
	responses_seen = sipstatus_store_new();
	user_codes_index();
	/* Wireshark registers its expert protocol after plugin handoffs. */
	proto_expert_info = proto_get_id_by_filter_name("_ws.expert");
	expert_tap = find_tap_id("expert");
	proto_icmp = proto_get_id_by_filter_name("icmp");
	proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
	update_wanted_fields();
}

static void sipstatus_cleanup(void)
{
	sipstatus_store_free(responses_seen);
	responses_seen = NULL;
}

/* One expert item per table code (so Preferences > Expert can change the
 * severity of a single code), one per class for unregistered codes, one per
 * severity for the user's codes and one for codes outside 100-699.  All
 * static: names and summaries are put together at compile time from
 * status-codes.def.  A code's summary is its code and phrase: Wireshark
 * copies it for every response whose message nobody reads (add_expert_item),
 * and the message says the rest. */
static void register_expert_items(void)
{
	/* clang-format off */
#define SIPSTATUS_CODE(code, phrase, reference, description, source, registered) \
	{&ei_sipstatus_code[(code) - SIPSTATUS_CODE_MIN], \
	 {"sipstatus.code." #code, PI_RESPONSE_CODE, CLASS_LEVEL((code) / 100), \
	  #code " " phrase, EXPFILL}},
#define UNREGISTERED(c) \
	{&ei_sipstatus_unregistered[(c) - 1], \
	 {"sipstatus.unregistered." #c "xx", PI_RESPONSE_CODE, CLASS_LEVEL(c), \
	  "Unregistered " #c "xx SIP response code", EXPFILL}}
#define USER(index, name, level, title) \
	{&ei_sipstatus_user[index], \
	 {"sipstatus.user." name, PI_RESPONSE_CODE, level, \
	  "SIP response code from the user's table (" title ")", EXPFILL}}
	static ei_register_info items[] = {
#include "status-codes.def"
		UNREGISTERED(1), UNREGISTERED(2), UNREGISTERED(3),
		UNREGISTERED(4), UNREGISTERED(5), UNREGISTERED(6),
		USER(0, "chat", PI_CHAT, "Chat"),
		USER(1, "note", PI_NOTE, "Note"),
		USER(2, "warning", PI_WARN, "Warning"),
		USER(3, "error", PI_ERROR, "Error"),
		{&ei_sipstatus_out_of_range,
		 {"sipstatus.out_of_range", PI_MALFORMED, PI_ERROR,
		  "SIP status code outside 100-699", EXPFILL}},
	};
#undef SIPSTATUS_CODE
#undef UNREGISTERED
#undef USER
	/* clang-format on */
	expert_module_t *module = expert_register_protocol(proto_sipstatus);

	expert_register_field_array(module, items, array_length(items));
}

static const struct {
	const char *name, *title, *description;
} class_preferences[SIPSTATUS_CLASS_COUNT] = {
        {"expert_1xx", "Expert items for 1xx (Provisional)",
         "Add an expert item for every 1xx (Provisional) response"},
        {"expert_2xx", "Expert items for 2xx (Success)",
         "Add an expert item for every 2xx (Success) response"},
        {"expert_3xx", "Expert items for 3xx (Redirection)",
         "Add an expert item for every 3xx (Redirection) response"},
        {"expert_4xx", "Expert items for 4xx (Client Failure)",
         "Add an expert item for every 4xx (Client Failure) response"},
        {"expert_5xx", "Expert items for 5xx (Server Failure)",
         "Add an expert item for every 5xx (Server Failure) response"},
        {"expert_6xx", "Expert items for 6xx (Global Failure)",
         "Add an expert item for every 6xx (Global Failure) response"},
};

static void register_preferences(void)
{
/* Like UAT_FLD_CSTRING and UAT_FLD_VS, with our own check callback. */
#define USER_CODE_FIELD(name, title, mode, check, data, desc)                                      \
	{                                                                                          \
#name, title, mode,                                                                \
		        {check, user_codes_##name##_set_cb, user_codes_##name##_tostr_cb },        \
		         {data, data, data }, data, desc, FLDFILL                                  \
	}
	static uat_field_t user_code_fields[] = {
	        USER_CODE_FIELD(code, "Code", PT_TXTMOD_STRING, user_code_check_code, NULL,
	                        "SIP response code, 100-699"),
	        USER_CODE_FIELD(phrase, "Phrase", PT_TXTMOD_STRING, user_code_check_phrase, NULL,
	                        "Reason phrase to show"),
	        UAT_FLD_CSTRING(user_codes, description, "Description", "What the code means"),
	        USER_CODE_FIELD(severity, "Severity", PT_TXTMOD_ENUM, user_code_check_severity,
	                        &user_severity_vals,
	                        "Expert severity: Chat, Note, Warning or Error"),
	        UAT_END_FIELDS};
	module_t *module = prefs_register_protocol(proto_sipstatus, NULL);
	uat_t *uat;

	for (unsigned i = 0; i < SIPSTATUS_CLASS_COUNT; i++)
		prefs_register_bool_preference(
		        module, class_preferences[i].name, class_preferences[i].title,
		        class_preferences[i].description, &class_expert_enabled[i]);

	uat = uat_new("SIP response codes", sizeof(user_code), "sipstatus_codes", TRUE, &user_codes,
	              &user_code_count, UAT_AFFECTS_DISSECTION, NULL, user_code_copy, NULL,
	              user_code_free, user_codes_index, NULL, user_code_fields);
	prefs_register_uat_preference(
	        module, "codes", "SIP response codes",
	        "Your own codes, or your own wording and severity for known ones. A row wins "
	        "over the built-in table; its expert item is sipstatus.user.<severity>.",
	        uat);
}

void proto_register_sipstatus(void)
{
	static hf_register_info hf[] = {
	        {&hf_sipstatus_code,
	         {"Code", "sipstatus.code", FT_UINT16, BASE_CUSTOM, CF_FUNC(format_code), 0x0,
	          "SIP response status code", HFILL}},
	        {&hf_sipstatus_class,
	         {"Class", "sipstatus.class", FT_UINT8, BASE_DEC, VALS(sipstatus_class_vals), 0x0,
	          "Response class (first digit of the code)", HFILL}},
	        {&hf_sipstatus_phrase,
	         {"Registered phrase", "sipstatus.phrase", FT_STRING, BASE_NONE, NULL, 0x0,
	          "Reason phrase registered with IANA for this code (or from your table)", HFILL}},
	        {&hf_sipstatus_description,
	         {"Description", "sipstatus.description", FT_STRING, BASE_NONE, NULL, 0x0,
	          "What the code means", HFILL}},
	        {&hf_sipstatus_reference,
	         {"Reference", "sipstatus.reference", FT_STRING, BASE_NONE, NULL, 0x0,
	          "Document that defines the code", HFILL}},
	        {&hf_sipstatus_registered,
	         {"Registered", "sipstatus.registered", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
	          "Whether the code is in the IANA SIP response-code registry", HFILL}},
	        {&hf_sipstatus_method,
	         {"Method", "sipstatus.method", FT_STRING, BASE_NONE, NULL, 0x0,
	          "Method of the request this response answers (CSeq)", HFILL}},
	        {&hf_sipstatus_request_frame,
	         {"Request frame", "sipstatus.request_frame", FT_FRAMENUM, BASE_NONE,
	          FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, "Frame of the request answered", HFILL}},
	        {&hf_sipstatus_response_time,
	         {"Response time (ms)", "sipstatus.response_time", FT_UINT32, BASE_DEC, NULL, 0x0,
	          "Time from the request to this response, in milliseconds", HFILL}},
	        {&hf_sipstatus_phrase_sent,
	         {"Phrase sent", "sipstatus.phrase_sent", FT_STRING, BASE_NONE, NULL, 0x0,
	          "Reason phrase as the peer sent it", HFILL}},
	        {&hf_sipstatus_phrase_differs,
	         {"Phrase differs", "sipstatus.phrase_differs", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
	          "The phrase sent differs, ignoring case, from the registered one", HFILL}},
	        {&hf_sipstatus_reason_protocol,
	         {"Reason protocol", "sipstatus.reason.protocol", FT_STRING, BASE_NONE, NULL, 0x0,
	          "Protocol of the Reason header's cause (Q.850, SIP, ...)", HFILL}},
	        {&hf_sipstatus_reason_cause,
	         {"Cause", "sipstatus.reason.cause", FT_UINT32, BASE_DEC, NULL, 0x0,
	          "Cause value of the Reason header", HFILL}},
	        {&hf_sipstatus_reason_meaning,
	         {"Cause meaning", "sipstatus.reason.meaning", FT_STRING, BASE_NONE, NULL, 0x0,
	          "Name of the cause (Q.850 cause name or SIP phrase)", HFILL}},
	        {&hf_sipstatus_reason_text,
	         {"Text", "sipstatus.reason.text", FT_STRING, BASE_NONE, NULL, 0x0,
	          "Text of the Reason header", HFILL}},
	        {&hf_sipstatus_warning_code,
	         {"Warning", "sipstatus.warning.code", FT_UINT16, BASE_DEC, NULL, 0x0,
	          "warn-code of the Warning header", HFILL}},
	        {&hf_sipstatus_warning_meaning,
	         {"Meaning", "sipstatus.warning.meaning", FT_STRING, BASE_NONE, NULL, 0x0,
	          "Meaning of a registered warn-code", HFILL}},
	        {&hf_sipstatus_warning_agent,
	         {"Agent", "sipstatus.warning.agent", FT_STRING, BASE_NONE, NULL, 0x0,
	          "Host that added the Warning header", HFILL}},
	        {&hf_sipstatus_warning_text,
	         {"Text", "sipstatus.warning.text", FT_STRING, BASE_NONE, NULL, 0x0,
	          "Text of the Warning header", HFILL}},
	};
	static gint *ett[] = {&ett_sipstatus, &ett_sipstatus_reason, &ett_sipstatus_warning};

	proto_sipstatus =
	        proto_register_protocol("SIP Response Status", "SIP Response Status", "sipstatus");
	proto_register_field_array(proto_sipstatus, hf, array_length(hf));
	proto_register_subtree_array(ett, array_length(ett));
	register_expert_items();
	register_preferences();

	sipstatus_tap = register_tap("sipstatus");
	register_init_routine(sipstatus_init);
	register_cleanup_routine(sipstatus_cleanup);
}

void proto_reg_handoff_sipstatus(void)
{
	sipstatus_handle = create_dissector_handle(dissect_sipstatus, proto_sipstatus);
	register_postdissector(sipstatus_handle);
	for (int field = 0; field < SIP_FIELD_COUNT; field++)
		sip_field_hf[field] = proto_registrar_get_id_byname(sip_field_names[field]);
}
