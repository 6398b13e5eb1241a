/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Post-dissector that explains every SIP response: what the code means, how
 * serious it is, which request it answered, whether it is a retransmission,
 * how the call ended and what the far end said about the cause (Reason and
 * Warning headers).
 *
 * Wireshark primes the SIP fields we ask for only on the first pass, so the
 * messages are read then (first-pass.c), placed in their transactions
 * (transactions.c) and the responses kept per frame (response-store.c);
 * every pass (GUI clicks, the Expert Information dialog, tshark -2) adds the
 * items from that store, with or without a tree.  plugins/epan/transum
 * follows the same lifecycle.  Only raw values are stored: descriptions,
 * preferences and the user's code table are applied when items are added,
 * so changing them needs no first pass.
 */
#include "ws-compat.h"

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/tap.h>

#include "first-pass.h"
#include "packet-sipstatus.h"
#include "sip-methods.h"
#include "sip-text.h"
#include "status-codes.h"
#include "text-buffer.h"
#include "transactions.h"
#include "user-codes.h"
#include "warn-codes.h"

#define SIPSTATUS_CODE_SLOTS  (SIPSTATUS_CODE_MAX - SIPSTATUS_CODE_MIN + 1)
#define SIPSTATUS_CLASS_COUNT 6

static int proto_sipstatus = -1;
static int sipstatus_tap = -1;
static int expert_tap = -1;
static int proto_expert_info = -1;
static dissector_handle_t sipstatus_handle;
/* The capture file being read, made anew for each file. */
static sipstatus_stores messages_seen;
static sipstatus_transactions *transactions_seen;

static int hf_sipstatus_code = -1;
static int hf_sipstatus_class = -1;
static int hf_sipstatus_phrase = -1;
static int hf_sipstatus_description = -1;
static int hf_sipstatus_reference = -1;
static int hf_sipstatus_registered = -1;
static int hf_sipstatus_method = -1;
static int hf_sipstatus_request_frame = -1;
static int hf_sipstatus_response_time = -1;
static int hf_sipstatus_original_frame = -1;
static int hf_sipstatus_call_outcome = -1;
static int hf_sipstatus_call_srd = -1;
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
/* Codes from the user's table, one item per severity: expert items can't be
 * registered at run time. */
static expert_field ei_sipstatus_user[SIPSTATUS_USER_SEVERITY_COUNT];
static expert_field ei_sipstatus_out_of_range = EI_INIT;
static expert_field ei_sipstatus_retransmission = EI_INIT;
static expert_field ei_sipstatus_negative_time = EI_INIT;

/* Preferences: expert items per class, all on by default; the codes of an
 * Ineffective Session Attempt. */
static sipstatus_bool class_expert_enabled[SIPSTATUS_CLASS_COUNT] = {TRUE, TRUE, TRUE,
                                                                     TRUE, TRUE, TRUE};
static range_t *isa_codes;

void sipstatus_isa_codes(unsigned char flags[SIPSTATUS_ISA_CODES])
{
	for (guint32 code = 0; code < SIPSTATUS_ISA_CODES; code++)
		flags[code] = isa_codes && value_is_in_range(isa_codes, code);
}

static const value_string sipstatus_class_vals[] = {
        {1, "Provisional"},    {2, "Success"},        {3, "Redirection"}, {4, "Client Failure"},
        {5, "Server Failure"}, {6, "Global Failure"}, {0, NULL},
};

static const value_string sipstatus_outcome_vals[] = {
#define SIPSTATUS_OUTCOME_VALUE(name, value, title) {value, title},
        SIPSTATUS_OUTCOMES(SIPSTATUS_OUTCOME_VALUE)
#undef SIPSTATUS_OUTCOME_VALUE
                {0, NULL},
};

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
	const sipstatus_user_code *user = sipstatus_user_code_lookup(code);
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

/* ---- Every pass: items from the store ---- */

/* Protocols whose causes have names; the others are told apart only in the
 * subtree. */
typedef enum { REASON_NONE, REASON_OTHER, REASON_SIP, REASON_Q850 } reason_kind;

static reason_kind reason_kind_of(const sipstatus_response_details *details)
{
	if (!details->reason_protocol)
		return REASON_NONE;
	if (strcmp(details->reason_protocol, "SIP") == 0)
		return REASON_SIP;
	return strcmp(details->reason_protocol, "Q.850") == 0 ? REASON_Q850 : REASON_OTHER;
}

static gboolean reason_cause_in_range(reason_kind kind, guint32 cause)
{
	return kind == REASON_SIP ? cause >= SIPSTATUS_CODE_MIN && cause <= SIPSTATUS_CODE_MAX
	                          : cause <= 127;
}

/* A Reason cause's name: Q.850 names as the SIP dissector's own field knows
 * them, SIP causes through the code table. */
static const char *reason_meaning(const sipstatus_response_details *details)
{
	int q850 = sipstatus_q850_cause_field();
	reason_kind kind = reason_kind_of(details);

	if (kind == REASON_SIP) {
		code_meaning meaning;

		resolve_code(details->reason_cause, &meaning);
		return meaning.phrase;
	}
	if (kind == REASON_Q850 && q850 > 0) {
		header_field_info *hfinfo = proto_registrar_get_nth(q850);

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

/* Whole milliseconds, as the SIP dissector's own sip.response-time. */
static void add_generated_ms(proto_tree *tree, int hf, tvbuff_t *tvb, int64_t nanoseconds)
{
	proto_item *item =
	        proto_tree_add_uint64(tree, hf, tvb, 0, 0, (guint64)(nanoseconds / 1000000));

	proto_item_set_generated(item);
}

/* A kept text's item: over its bytes when it is in the frame's, as the SIP
 * dissector shows strings. */
static void add_kept_text(proto_tree *tree, int hf, tvbuff_t *tvb, const sipstatus_kept_text *text)
{
	if (!text->present)
		return;
	if (text->copy)
		add_generated_string(tree, hf, tvb, text->copy);
	else if ((guint64)text->offset + text->length <= tvb_captured_length(tvb))
		proto_tree_add_item(tree, hf, tvb, (gint)text->offset, (gint)text->length,
		                    ENC_UTF_8 | ENC_NA);
}

static void add_reason_items(proto_tree *tree, tvbuff_t *tvb,
                             const sipstatus_response_details *details, const char *meaning)
{
	proto_item *top = proto_tree_add_string_format(tree, hf_sipstatus_reason_protocol, tvb, 0,
	                                               0, details->reason_protocol, "Reason: %s",
	                                               details->reason_protocol);
	proto_tree *subtree = proto_item_add_subtree(top, ett_sipstatus_reason);

	proto_item_set_generated(top);
	proto_item_append_text(top, " cause %u", details->reason_cause);
	add_generated_uint(subtree, hf_sipstatus_reason_cause, tvb, details->reason_cause);
	if (meaning) {
		proto_item_append_text(top, ", %s", meaning);
		add_generated_string(subtree, hf_sipstatus_reason_meaning, tvb, meaning);
	}
	add_kept_text(subtree, hf_sipstatus_reason_text, tvb, &details->reason_text);
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
	add_kept_text(subtree, hf_sipstatus_warning_agent, tvb, &details->warning_agent);
	add_kept_text(subtree, hf_sipstatus_warning_text, tvb, &details->warning_text);
}

/* Wireshark shows an expert message only in the item's Expert Info subtree
 * (built when the tree is visible or an expert field is asked for) and to
 * the expert tap's listeners (the Expert Information dialog, -z expert). */
static gboolean expert_message_read(proto_tree *tree, proto_item *item, const expert_field *expert)
{
	return have_tap_listener(expert_tap) ||
	       (item && (proto_field_is_referenced(tree, proto_expert_info) ||
	                 proto_field_is_referenced(tree, expert->hf)));
}

/* "486 Busy Here (INVITE)": the method only when it is a registered one,
 * so that the wording stays within a fixed set (tshark's expert tally
 * compares each message with every distinct one). */
static void append_response_name(sipstatus_text *message, guint32 code, const code_meaning *meaning,
                                 const sipstatus_response *response)
{
	const char *method = sipstatus_method_name((sipstatus_method)response->method);

	sipstatus_text_append_uint(message, code);
	if (meaning->phrase) {
		sipstatus_text_append(message, " ");
		sipstatus_text_append(message, meaning->phrase);
	}
	if (method || sipstatus_response_method(response)) {
		sipstatus_text_append(message, " (");
		sipstatus_text_append(message, method ? method : "unregistered method");
		sipstatus_text_append(message, ")");
	}
}

/* The Reason part from tables only: the protocols whose causes have names,
 * a cause within the protocol's range, its name.  Texts and other protocols
 * are in the subtree. */
static void append_reason(sipstatus_text *message, const sipstatus_response_details *details,
                          reason_kind kind)
{
	guint32 cause = details->reason_cause;

	sipstatus_text_append(message, " [Reason: ");
	if (kind == REASON_OTHER) {
		sipstatus_text_append(message, "other protocol]");
		return;
	}
	sipstatus_text_append(message, details->reason_protocol);
	if (reason_cause_in_range(kind, cause)) {
		const char *meaning = reason_meaning(details);

		sipstatus_text_append(message, " cause ");
		sipstatus_text_append_uint(message, cause);
		if (meaning) {
			sipstatus_text_append(message, ", ");
			sipstatus_text_append(message, meaning);
		}
	} else {
		sipstatus_text_append(message, " cause out of range");
	}
	sipstatus_text_append(message, "]");
}

/* Everything a message's wording depends on, in one number: the code (its
 * meaning is fixed while a file is read), the method's name, whether it
 * is a retransmission, the Reason's protocol kind and cause when in range,
 * the warn-code.  Bits: code 0-15, method 16-23, a method outside the
 * registry 24, retransmission 25, Reason kind 26-27, cause 28-38,
 * warn-code 39-54. */
static guint64 expert_message_key(const sipstatus_response *response,
                                  const sipstatus_response_details *details)
{
	reason_kind kind = reason_kind_of(details);
	guint64 key = (guint64)response->code | (guint64)response->method << 16 |
	              (guint64)(sipstatus_response_method(response) != NULL) << 24;

	if (response->original_frame)
		return key | G_GUINT64_CONSTANT(1) << 25;
	key |= (guint64)kind << 26;
	/* 1024: out of range; causes in range are below 700. */
	if (kind == REASON_SIP || kind == REASON_Q850)
		key |= (guint64)(reason_cause_in_range(kind, details->reason_cause)
		                         ? details->reason_cause
		                         : 1024)
		       << 28;
	return key | (guint64)details->warning_code << 39;
}

/* "486 Busy Here (INVITE): Callee is busy. [Reason: Q.850 cause 17, User busy]" */
static void build_expert_message(sipstatus_text *message, const sipstatus_response *response,
                                 const sipstatus_response_details *details,
                                 const code_meaning *meaning)
{
	guint32 code = response->code;
	unsigned response_class = sipstatus_code_class(code);
	reason_kind kind = reason_kind_of(details);

	if (response->original_frame) {
		sipstatus_text_append(message, "Retransmission of ");
		append_response_name(message, code, meaning, response);
		return;
	}
	append_response_name(message, code, meaning, response);
	sipstatus_text_append(message, ": ");
	if (meaning->phrase) {
		sipstatus_text_append(message, meaning->description);
	} else if (response_class) {
		unsigned treated_as = sipstatus_code_treated_as(code);

		sipstatus_text_append(message, "unregistered code; RFC 3261 \xc2\xa7"
		                               "8.1.3.2 treats it as ");
		sipstatus_text_append_uint(message, treated_as);
		sipstatus_text_append(message, " ");
		sipstatus_text_append(message, sipstatus_code_lookup(treated_as)->phrase);
		sipstatus_text_append(message, ".");
	} else {
		sipstatus_text_append(message, "SIP status code outside 100-699.");
	}
	if (kind != REASON_NONE)
		append_reason(message, details, kind);
	/* The warn-code has three digits; its text is in the subtree. */
	if (details->warning_code) {
		const char *warning = warning_meaning(details);

		sipstatus_text_append(message, " [Warning: ");
		sipstatus_text_append_uint(message, details->warning_code);
		if (warning) {
			sipstatus_text_append(message, " ");
			sipstatus_text_append(message, warning);
		}
		sipstatus_text_append(message, "]");
	}
}

/* A message put together once for the file, found by its key. */
typedef struct {
	guint64 key;
	char text[];
} expert_message;

/* The messages of the file so far.  Their number is bounded by the wording
 * (expert_message_key), and a cap keeps even an odd capture's few. */
static wmem_map_t *expert_messages;
#define EXPERT_MESSAGES_MAX 4096

/* The response's message, from the file's messages when it was put together
 * before: building one costs more than finding it. */
static const char *expert_message_of(const sipstatus_response *response,
                                     const sipstatus_response_details *details,
                                     const code_meaning *meaning, char *buffer, size_t size)
{
	guint64 key = expert_message_key(response, details);
	const expert_message *known =
	        (const expert_message *)wmem_map_lookup(expert_messages, &key);
	expert_message *kept;
	sipstatus_text message;

	if (known)
		return known->text;
	sipstatus_text_init(&message, buffer, size);
	build_expert_message(&message, response, details, meaning);
	if (wmem_map_size(expert_messages) >= EXPERT_MESSAGES_MAX)
		return buffer;
	kept = (expert_message *)wmem_alloc(wmem_file_scope(), sizeof(*kept) + message.length + 1);
	kept->key = key;
	memcpy(kept->text, buffer, message.length + 1);
	wmem_map_insert(expert_messages, &kept->key, kept);
	return kept->text;
}

static void add_expert_items(packet_info *pinfo, proto_tree *tree, proto_item *item,
                             const sipstatus_response *response,
                             const sipstatus_response_details *details, const code_meaning *meaning)
{
	unsigned response_class = sipstatus_code_class(response->code);
	/* A retransmission is counted once, as TCP's are: under its own item. */
	expert_field *expert =
	        response->original_frame ? &ei_sipstatus_retransmission : meaning->expert;
	char buffer[ITEM_LABEL_LENGTH];

	if (response->has_response_time && response->response_time_ns < 0)
		expert_add_info(pinfo, item, &ei_sipstatus_negative_time);
	if (response_class && !class_expert_enabled[response_class - 1])
		return;
	/* Unread (tshark -r, -Y): the item's registered summary sets the same
	 * severity and Expert column without putting a message together. */
	if (!expert_message_read(tree, item, expert)) {
		expert_add_info(pinfo, item, expert);
		return;
	}
	/* Never a format: the user's table may hold any text. */
	expert_add_info_format(
	        pinfo, item, expert, "%s",
	        expert_message_of(response, details, meaning, buffer, sizeof(buffer)));
}

/* What the transaction table said of the response. */
static void add_transaction_items(proto_tree *subtree, tvbuff_t *tvb,
                                  const sipstatus_response *response)
{
	if (response->request_frame)
		add_generated_uint(subtree, hf_sipstatus_request_frame, tvb,
		                   response->request_frame);
	/* A response stamped before its request (clocks of merged captures):
	 * no number rather than a wrong one, and an expert item says why. */
	if (response->has_response_time && response->response_time_ns >= 0)
		add_generated_ms(subtree, hf_sipstatus_response_time, tvb,
		                 response->response_time_ns);
	if (response->original_frame)
		add_generated_uint(subtree, hf_sipstatus_original_frame, tvb,
		                   response->original_frame);
	if (response->outcome)
		add_generated_uint(subtree, hf_sipstatus_call_outcome, tvb, response->outcome);
	if (response->has_srd)
		add_generated_ms(subtree, hf_sipstatus_call_srd, tvb, response->srd_ns);
}

static void add_response_items(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                               const sipstatus_response *response)
{
	static const sipstatus_response_details no_details;
	const sipstatus_response_details *details =
	        response->details ? response->details : &no_details;
	const char *method, *phrase_sent;
	guint32 code = response->code;
	unsigned response_class = sipstatus_code_class(code);
	code_meaning meaning;
	proto_item *top, *item;
	proto_tree *subtree;

	resolve_code(code, &meaning);
	/* Items only where someone looks: a visible tree, or a filter, column or
	 * field that names a sipstatus field; tshark's hidden tree would fake
	 * them all.  The expert items always go in (the expert tap and the
	 * Expert column see them), anchored in the tree only when a _ws.expert
	 * field is asked for, since Wireshark then builds them an item. */
	if (!proto_field_is_referenced(tree, proto_sipstatus)) {
		add_expert_items(pinfo, tree,
		                 proto_field_is_referenced(tree, proto_expert_info) ? tree : NULL,
		                 response, details, &meaning);
		return;
	}
	method = sipstatus_response_method(response);
	phrase_sent = sipstatus_response_phrase_sent(response);
	top = proto_tree_add_item(tree, proto_sipstatus, tvb, 0, 0, ENC_NA);
	/* tshark's hidden tree fakes the item: then nobody reads its label. */
	if (top && PITEM_FINFO(top)) {
		char buffer[ITEM_LABEL_LENGTH];
		sipstatus_text label;

		sipstatus_text_init(&label, buffer, sizeof(buffer));
		append_code_label(&label, code, &meaning);
		if (method) {
			sipstatus_text_append(&label, " (");
			sipstatus_text_append(&label, method);
			sipstatus_text_append(&label, ")");
		}
		if (response->original_frame)
			sipstatus_text_append(&label, ", retransmission");
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
	if (method)
		add_generated_string(subtree, hf_sipstatus_method, tvb, method);
	add_transaction_items(subtree, tvb, response);
	if (phrase_sent) {
		add_generated_string(subtree, hf_sipstatus_phrase_sent, tvb, phrase_sent);
		/* Only when true, so the bare filter "sipstatus.phrase_differs"
		 * selects exactly the odd phrases.  The table's own phrase, sent
		 * as registered, is not compared again. */
		if (meaning.phrase && phrase_sent != meaning.phrase &&
		    sipstatus_phrase_differs(meaning.phrase, phrase_sent)) {
			item = proto_tree_add_boolean(subtree, hf_sipstatus_phrase_differs, tvb, 0,
			                              0, TRUE);
			proto_item_set_generated(item);
		}
	}
	if (details->reason_protocol)
		add_reason_items(subtree, tvb, details, reason_meaning(details));
	if (details->warning_code)
		add_warning_items(subtree, tvb, details, warning_meaning(details));

	/* Added whether or not there is a tree: the Expert Information dialog
	 * re-dissects without one. */
	add_expert_items(pinfo, tree, top, response, details, &meaning);
}

/* What the first pass kept of the frame. */
static sipstatus_frame stored_frame(packet_info *pinfo)
{
	sipstatus_stored responses = sipstatus_store_find(messages_seen.responses, pinfo->num);
	sipstatus_stored requests = sipstatus_store_find(messages_seen.requests, pinfo->num);
	sipstatus_frame frame = {responses.count, (const sipstatus_response *)responses.records,
	                         requests.count, (const sipstatus_request *)requests.records};

	return frame;
}

static int dissect_sipstatus(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
	sipstatus_frame frame =
	        PINFO_FD_VISITED(pinfo)
	                ? stored_frame(pinfo)
	                : sipstatus_first_pass(tvb, pinfo, tree, &messages_seen, transactions_seen);

	if (frame.response_count == 0 && frame.request_count == 0)
		return 0;

	for (unsigned i = 0; i < frame.response_count; i++)
		add_response_items(tvb, pinfo, tree, &frame.responses[i]);
	/* Tap listeners run after the whole frame is dissected. */
	if (have_tap_listener(sipstatus_tap)) {
		sipstatus_frame *tapped = wmem_new(pinfo->pool, sipstatus_frame);
		*tapped = frame;
		tap_queue_packet(sipstatus_tap, pinfo, tapped);
	}
	return frame.response_count ? tvb_captured_length(tvb) : 0;
}

/* ---- Registration ---- */

/* Asking for SIP fields makes tshark build a tree for every packet, so ask
 * only while the protocol is enabled. */
static void update_wanted_fields(void)
{
	gboolean enabled = proto_is_protocol_enabled(find_protocol_by_id(proto_sipstatus));

	set_postdissector_wanted_hfids(sipstatus_handle,
	                               enabled ? sipstatus_first_pass_wanted_fields() : NULL);
}

/* Runs before each (re)dissection, when preferences, enabled protocols and
 * the user's table are settled. */
static void sipstatus_init(void)
{
	messages_seen.responses = sipstatus_store_new(sizeof(sipstatus_response));
	messages_seen.requests = sipstatus_store_new(sizeof(sipstatus_request));
	/* A fresh seed per file: no capture can be made to collide keys. */
	transactions_seen =
	        sipstatus_transactions_new(((uint64_t)g_random_int() << 32) | g_random_int());
	sipstatus_user_codes_index();
	sipstatus_first_pass_init();
	/* Wireshark registers its expert protocol after plugin handoffs. */
	proto_expert_info = proto_get_id_by_filter_name("_ws.expert");
	expert_tap = find_tap_id("expert");
	update_wanted_fields();
}

static void sipstatus_cleanup(void)
{
	sipstatus_store_free(messages_seen.responses);
	sipstatus_store_free(messages_seen.requests);
	messages_seen.responses = messages_seen.requests = NULL;
	sipstatus_transactions_free(transactions_seen);
	transactions_seen = NULL;
}

/* One expert item per table code (so Preferences > Expert can change the
 * severity of a single code), one per class for unregistered codes, one per
 * severity for the user's codes, one for codes outside 100-699, and the
 * retransmission and negative response time.  All static: names and
 * summaries are put together at compile time from status-codes.def.  A
 * code's summary is its code and phrase: Wireshark copies it for every
 * response whose message nobody reads (add_expert_items), and the message
 * says the rest. */
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
		USER(SIPSTATUS_USER_CHAT, "chat", PI_CHAT, "Chat"),
		USER(SIPSTATUS_USER_NOTE, "note", PI_NOTE, "Note"),
		USER(SIPSTATUS_USER_WARNING, "warning", PI_WARN, "Warning"),
		USER(SIPSTATUS_USER_ERROR, "error", PI_ERROR, "Error"),
		{&ei_sipstatus_out_of_range,
		 {"sipstatus.out_of_range", PI_MALFORMED, PI_ERROR,
		  "SIP status code outside 100-699", EXPFILL}},
		{&ei_sipstatus_retransmission,
		 {"sipstatus.retransmission", PI_SEQUENCE, PI_NOTE,
		  "Retransmission of a SIP response", EXPFILL}},
		{&ei_sipstatus_negative_time,
		 {"sipstatus.response_time.negative", PI_SEQUENCE, PI_NOTE,
		  "Response time not shown: the response's timestamp is before its request's",
		  EXPFILL}},
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
	module_t *module = prefs_register_protocol(proto_sipstatus, NULL);

	for (unsigned i = 0; i < SIPSTATUS_CLASS_COUNT; i++)
		prefs_register_bool_preference(
		        module, class_preferences[i].name, class_preferences[i].title,
		        class_preferences[i].description, &class_expert_enabled[i]);
	range_convert_str(wmem_epan_scope(), &isa_codes, SIPSTATUS_ISA_DEFAULT,
	                  SIPSTATUS_ISA_CODES - 1);
	prefs_register_range_preference(
	        module, "isa_codes", "ISA response codes",
	        "Final responses to a session-starting INVITE that count as an Ineffective Session "
	        "Attempt in Statistics > SIP Response Status > Metrics (RFC 6076 section 4.8)",
	        &isa_codes, SIPSTATUS_ISA_CODES - 1);
	sipstatus_user_codes_register(module);
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
	          FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0,
	          "First copy of the request this response answers (RFC 3261 transaction)", HFILL}},
	        {&hf_sipstatus_response_time,
	         {"Response time (ms)", "sipstatus.response_time", FT_UINT64, BASE_DEC, NULL, 0x0,
	          "Time from the request's first copy to this response, in whole milliseconds",
	          HFILL}},
	        {&hf_sipstatus_original_frame,
	         {"Retransmission of frame", "sipstatus.original_frame", FT_FRAMENUM, BASE_NONE,
	          FRAMENUM_TYPE(FT_FRAMENUM_RETRANS_PREV), 0x0,
	          "First copy of this response (same transaction, code, To tag and RSeq)", HFILL}},
	        {&hf_sipstatus_call_outcome,
	         {"Call outcome", "sipstatus.call.outcome", FT_UINT8, BASE_DEC,
	          VALS(sipstatus_outcome_vals), 0x0,
	          "How the call this final response answers ended", HFILL}},
	        {&hf_sipstatus_call_srd,
	         {"Session request delay (ms)", "sipstatus.call.srd", FT_UINT64, BASE_DEC, NULL,
	          0x0,
	          "RFC 6076 SRD: from the INVITE's first copy to the first non-100 provisional or "
	          "2xx, or to the failure response, in whole milliseconds",
	          HFILL}},
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
	expert_messages = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_int64_hash,
	                                         g_int64_equal);
	register_init_routine(sipstatus_init);
	register_cleanup_routine(sipstatus_cleanup);
}

void proto_reg_handoff_sipstatus(void)
{
	sipstatus_handle = create_dissector_handle(dissect_sipstatus, proto_sipstatus);
	register_postdissector(sipstatus_handle);
	sipstatus_first_pass_handoff();
}
