/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Requests are found by the SIP dissector's sip.Method item and responses by
 * its sip.Status-Code item; everything else a transaction needs (top Via,
 * CSeq, tags, Call-ID) and the phrase are read from the message's own text
 * (sip-text.h), Reason and Warning too, because asking for a field makes
 * the SIP dissector build it as a string wherever it is (BENCHMARKS.md).
 */
#include "ws-compat.h"

#include <epan/packet.h>

#include "first-pass.h"
#include "sip-methods.h"
#include "sip-text.h"
#include "status-codes.h"

enum sip_field { SIP_STATUS_CODE, SIP_METHOD, SIP_FIELD_COUNT };

static const char *const sip_field_names[SIP_FIELD_COUNT] = {
        [SIP_STATUS_CODE] = "sip.Status-Code",
        [SIP_METHOD] = "sip.Method",
};

static int sip_field_hf[SIP_FIELD_COUNT];
/* Not asked for: only its names of Q.850 causes are used. */
static int hf_sip_q850_cause = -1;
static int proto_icmp = -1;
static int proto_icmpv6 = -1;

void sipstatus_first_pass_handoff(void)
{
	for (int field = 0; field < SIP_FIELD_COUNT; field++)
		sip_field_hf[field] = proto_registrar_get_id_byname(sip_field_names[field]);
	hf_sip_q850_cause = proto_registrar_get_id_byname("sip.reason_cause_q850");
}

void sipstatus_first_pass_init(void)
{
	proto_icmp = proto_get_id_by_filter_name("icmp");
	proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
}

GArray *sipstatus_first_pass_wanted_fields(void)
{
	GArray *wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));

	for (int field = 0; field < SIP_FIELD_COUNT; field++)
		if (sip_field_hf[field] > 0)
			g_array_append_val(wanted, sip_field_hf[field]);
	return wanted;
}

int sipstatus_q850_cause_field(void)
{
	return hf_sip_q850_cause > 0 ? hf_sip_q850_cause : -1;
}

/* SIP quoted inside an ICMP error is a copy of what a peer sent earlier, not
 * a message on the wire; Wireshark's own SIP tap skips it too. */
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

/* What the whole frame shares. */
typedef struct {
	packet_info *pinfo;
	tvbuff_t *bytes; /* the frame's own */
	sipstatus_transactions *transactions;
	int64_t time_ns;
} frame_state;

static GPtrArray *fields_of(proto_tree *tree, enum sip_field field)
{
	return sip_field_hf[field] > 0 ? proto_get_finfo_ptr_array(tree, sip_field_hf[field])
	                               : NULL;
}

static guint field_count(GPtrArray *found)
{
	return found ? found->len : 0;
}

static const field_info *field_at(GPtrArray *found, guint i)
{
	return (const field_info *)g_ptr_array_index(found, i);
}

/* Times on the capture's clock in nanoseconds.  Seconds are held within
 * about 146 years of 1970 either way, so that the difference of two times
 * always fits (a capture file can hold any 64-bit timestamp). */
#define TIME_SECONDS_LIMIT G_GINT64_CONSTANT(4600000000)

static int64_t frame_time_ns(const packet_info *pinfo)
{
	int64_t seconds = (int64_t)pinfo->abs_ts.secs;

	if (seconds > TIME_SECONDS_LIMIT)
		seconds = TIME_SECONDS_LIMIT;
	else if (seconds < -TIME_SECONDS_LIMIT)
		seconds = -TIME_SECONDS_LIMIT;
	return seconds * 1000000000 + pinfo->abs_ts.nsecs;
}

static sipstatus_address address_of(const address *where)
{
	sipstatus_address bytes = {where->data, where->len > 0 ? (size_t)where->len : 0};

	return bytes;
}

static sipstatus_response_details *details_of(sipstatus_response *response)
{
	if (!response->details)
		response->details = wmem_new0(wmem_file_scope(), sipstatus_response_details);
	/* Only this pass writes it; later passes read. */
	return (sipstatus_response_details *)response->details;
}

/* A message's text from its status code on, where its parts' offsets
 * count from, and that text's offset in its data source. */
typedef struct {
	tvbuff_t *source;
	const char *text;
	gint offset;
	gboolean in_frame; /* the source is the frame's own bytes */
} message_text;

/* A copy of part of the text, kept for the file, as the SIP dissector shows
 * strings: plain ASCII as it is, anything else through Wireshark's UTF-8
 * conversion (invalid sequences replaced). */
static char *copy_part(const message_text *message, size_t offset, size_t length)
{
	const char *bytes = message->text + offset;
	char *copy;

	for (size_t i = 0; i < length; i++)
		if ((unsigned char)bytes[i] < 0x20 || (unsigned char)bytes[i] >= 0x7f)
			return (char *)tvb_get_string_enc(wmem_file_scope(), message->source,
			                                  message->offset + (gint)offset,
			                                  (gint)length, ENC_UTF_8 | ENC_NA);
	copy = (char *)wmem_alloc(wmem_file_scope(), length + 1);
	memcpy(copy, bytes, length);
	copy[length] = '\0';
	return copy;
}

/* Part of the text kept for later passes: a place in the frame's bytes when
 * it is there, which costs no copy and lets the GUI show the bytes. */
static sipstatus_kept_text keep_text(const message_text *message, size_t offset, size_t length)
{
	sipstatus_kept_text kept = {NULL, (uint32_t)(message->offset + (gint)offset),
	                            (uint32_t)length, 1};

	if (!message->in_frame)
		kept.copy = copy_part(message, offset, length);
	return kept;
}

/* Protocol tokens are case-insensitive (RFC 3326): shown as the RFCs write
 * them, the two with named causes without a copy. */
static const char *reason_protocol(const message_text *message, size_t offset, size_t length)
{
	static const char *const named[] = {"Q.850", "SIP"};
	char *protocol;

	for (size_t i = 0; i < G_N_ELEMENTS(named); i++)
		if (strlen(named[i]) == length &&
		    g_ascii_strncasecmp(message->text + offset, named[i], length) == 0)
			return named[i];
	protocol = copy_part(message, offset, length);
	for (char *c = protocol; *c; c++)
		*c = g_ascii_toupper(*c);
	return protocol;
}

static void read_reason(const message_text *message, const sipstatus_text_span *value,
                        sipstatus_response *response)
{
	sipstatus_response_details *details;
	sipstatus_reason_value reason;

	if (!value->present ||
	    !sipstatus_parse_reason(message->text + value->offset, value->length, &reason))
		return;
	details = details_of(response);
	details->reason_protocol = reason_protocol(message, value->offset + reason.protocol.offset,
	                                           reason.protocol.length);
	details->reason_cause = reason.cause;
	if (reason.text.present)
		details->reason_text =
		        keep_text(message, value->offset + reason.text.offset, reason.text.length);
}

static void read_warning(const message_text *message, const sipstatus_text_span *value,
                         sipstatus_response *response)
{
	const char *string = message->text + value->offset;
	sipstatus_response_details *details;
	sipstatus_warning_value warning;

	if (!value->present || !sipstatus_parse_warning(string, value->length, &warning))
		return;
	details = details_of(response);
	details->warning_code = (uint16_t)warning.code;
	details->warning_agent = keep_text(
	        message, value->offset + (size_t)(warning.agent - string), warning.agent_len);
	details->warning_text = keep_text(message, value->offset + (size_t)(warning.text - string),
	                                  warning.text_len);
}

/* The registered phrase is what peers send almost always: nothing to keep
 * then. */
static void keep_phrase(sipstatus_response *response, const message_text *message,
                        const sipstatus_text_span *phrase)
{
	const sipstatus_code_info *info = sipstatus_code_lookup(response->code);

	response->has_phrase = 1;
	if (info && strlen(info->phrase) == phrase->length &&
	    memcmp(info->phrase, message->text + phrase->offset, phrase->length) == 0)
		return;
	details_of(response)->phrase_sent = copy_part(message, phrase->offset, phrase->length);
}

static void keep_method(sipstatus_response *response, const message_text *message,
                        const sipstatus_text_span *method)
{
	response->method =
	        (uint8_t)sipstatus_method_lookup(message->text + method->offset, method->length);
	if (response->method == SIPSTATUS_METHOD_UNREGISTERED)
		details_of(response)->method = copy_part(message, method->offset, method->length);
}

static void place_response(frame_state *frame, const char *text,
                           const sipstatus_message_text *parsed, sipstatus_response *response)
{
	packet_info *pinfo = frame->pinfo;
	uint64_t seed = sipstatus_transactions_seed(frame->transactions);
	sipstatus_key_parts parts = {text,
	                             parsed,
	                             text + parsed->cseq_method.offset,
	                             parsed->cseq_method.present ? parsed->cseq_method.length : 0,
	                             address_of(&pinfo->net_dst),
	                             address_of(&pinfo->net_src)};
	sipstatus_response_event event = {pinfo->num,
	                                  frame->time_ns,
	                                  response->code,
	                                  0,
	                                  parsed->rseq,
	                                  parsed->has_rseq,
	                                  response->method == SIPSTATUS_METHOD_INVITE};
	sipstatus_response_result result;
	sipstatus_text_span to_tag;
	sipstatus_key key;

	if (!sipstatus_transaction_key(&parts, seed, &key))
		return;
	to_tag = sipstatus_tag_of(text, &parsed->to);
	event.to_tag = sipstatus_tag_hash(text, &to_tag, seed);
	sipstatus_transactions_response(frame->transactions, &key, &event, &result);
	response->transaction = result.transaction;
	response->request_frame = result.request_frame;
	response->response_time_ns = result.response_time_ns;
	response->has_response_time = result.request_frame != 0;
	response->original_frame = result.original_frame;
	response->outcome = (uint8_t)result.outcome;
	response->srd_ns = result.srd_ns;
	response->has_srd = result.has_srd != 0;
}

/* Fills a zeroed response from its status code's item and its own text. */
static void read_response(frame_state *frame, const field_info *status_code,
                          sipstatus_response *response)
{
	tvbuff_t *source = status_code->ds_tvb;
	gint available = source ? tvb_captured_length_remaining(source, status_code->start) : 0;
	guint32 code = sipstatus_finfo_uint(status_code);
	sipstatus_message_text parsed;
	message_text message;

	/* Three digits in every Wireshark version; anything wider is out of
	 * range either way. */
	response->code = (uint16_t)MIN(code, G_MAXUINT16);
	if (available <= 0)
		return;
	message.source = source;
	message.text = (const char *)tvb_get_ptr(source, status_code->start, available);
	message.offset = status_code->start;
	message.in_frame = source == frame->bytes;
	sipstatus_read_response(message.text, (size_t)available, &parsed);

	keep_phrase(response, &message, &parsed.phrase);
	if (parsed.cseq_method.present)
		keep_method(response, &message, &parsed.cseq_method);
	read_reason(&message, &parsed.reason, response);
	read_warning(&message, &parsed.warning, response);
	place_response(frame, message.text, &parsed, response);
}

/* A request (but ACK, which has no transaction of its own) from its method's
 * item on; FALSE for an ACK or a request too short to read. */
static gboolean read_request(frame_state *frame, const field_info *method_item,
                             sipstatus_request *stored)
{
	packet_info *pinfo = frame->pinfo;
	tvbuff_t *source = method_item->ds_tvb;
	gint available = source ? tvb_captured_length_remaining(source, method_item->start) : 0;
	sipstatus_message_text parsed;
	sipstatus_request_result result;
	sipstatus_key key;
	sipstatus_method method;
	const char *text;
	size_t method_length;

	if (available <= 0 || method_item->length <= 0)
		return FALSE;
	text = (const char *)tvb_get_ptr(source, method_item->start, available);
	method_length = (size_t)MIN(method_item->length, available);
	method = sipstatus_method_lookup(text, method_length);
	if (method == SIPSTATUS_METHOD_ACK)
		return FALSE;
	sipstatus_read_request(text, (size_t)available, &parsed);
	stored->method = (uint8_t)method;

	uint64_t seed = sipstatus_transactions_seed(frame->transactions);
	sipstatus_key_parts parts = {text,
	                             &parsed,
	                             text,
	                             method_length,
	                             address_of(&pinfo->net_src),
	                             address_of(&pinfo->net_dst)};
	sipstatus_request_event event = {pinfo->num, frame->time_ns, method, 0, {0, 0}};

	/* Only an INVITE may start a session, only these relate to a call or
	 * registration attempt (and only a BYE by its To tag too). */
	if (method == SIPSTATUS_METHOD_INVITE)
		event.has_to_tag = sipstatus_tag_of(text, &parsed.to).present;
	if (method == SIPSTATUS_METHOD_INVITE || method == SIPSTATUS_METHOD_REGISTER ||
	    method == SIPSTATUS_METHOD_BYE)
		event.call =
		        sipstatus_call_keys_of(text, &parsed, method == SIPSTATUS_METHOD_BYE, seed);

	if (sipstatus_transaction_key(&parts, seed, &key)) {
		sipstatus_transactions_request(frame->transactions, &key, &event, &result);
		stored->transaction = result.transaction;
		stored->original_frame = result.original_frame;
		stored->related = result.related;
		stored->starts_session = result.starts_session != 0;
	}
	return TRUE;
}

/* Where a data source is in the frame's list: the frame's own bytes first,
 * then reassembled ones as they were made. */
static guint source_rank(packet_info *pinfo, tvbuff_t *source)
{
	guint rank = 0;

	for (GSList *item = pinfo->data_src; item; item = item->next, rank++)
		if (get_data_source_tvb((const struct data_source *)item->data) == source)
			return rank;
	return rank;
}

/* Whether the first item comes before the second in the frame. */
static gboolean comes_before(packet_info *pinfo, const field_info *first, const field_info *second)
{
	if (first->ds_tvb == second->ds_tvb)
		return first->start < second->start;
	return source_rank(pinfo, first->ds_tvb) < source_rank(pinfo, second->ds_tvb);
}

/* Room for count records of the frame in store; on the first pass, in
 * frame order, the store takes every frame; were one ever out of order, it
 * gets its items this pass only. */
static void *records_for(packet_info *pinfo, sipstatus_store *store, unsigned count,
                         size_t record_size)
{
	void *records = count ? sipstatus_store_add(store, pinfo->num, count) : NULL;

	return records || !count ? records : wmem_alloc0(pinfo->pool, count * record_size);
}

/* The earlier of the requests' item at method and the responses' at
 * response, or NULL when both arrays are done. */
static const field_info *first_of(packet_info *pinfo, GPtrArray *methods, guint method,
                                  GPtrArray *codes, guint response)
{
	const field_info *request =
	        method < field_count(methods) ? field_at(methods, method) : NULL;
	const field_info *reply = response < field_count(codes) ? field_at(codes, response) : NULL;

	if (!request || !reply)
		return request ? request : reply;
	return comes_before(pinfo, request, reply) ? request : reply;
}

sipstatus_frame sipstatus_first_pass(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                                     const sipstatus_stores *stores,
                                     sipstatus_transactions *transactions)
{
	frame_state frame = {pinfo, tvb, transactions, 0};
	sipstatus_frame result = {0, NULL, 0, NULL};
	GPtrArray *methods, *codes;
	guint method_count, response_count;
	sipstatus_response *responses;
	sipstatus_request few_requests[4], *requests;
	guint method = 0, response = 0, request_count = 0;

	/* Most frames have no field anybody asked for: then no SIP message. */
	if (sipstatus_interesting_fields(tree) == 0)
		return result;
	methods = fields_of(tree, SIP_METHOD);
	codes = fields_of(tree, SIP_STATUS_CODE);
	method_count = field_count(methods);
	response_count = field_count(codes);
	if ((method_count == 0 && response_count == 0) || sip_quoted_in_icmp_error(pinfo))
		return result;
	frame.time_ns = frame_time_ns(pinfo);
	responses = records_for(pinfo, stores->responses, response_count, sizeof(*responses));
	/* Requests are known only once read (ACKs are not kept): read them
	 * first, keep them after; a frame holds few. */
	requests = method_count <= G_N_ELEMENTS(few_requests)
	                   ? few_requests
	                   : wmem_alloc_array(pinfo->pool, sipstatus_request, method_count);
	/* In the order the messages travelled, for the transaction table. */
	for (const field_info *item = first_of(pinfo, methods, method, codes, response); item;) {
		gboolean is_request = method < method_count && item == field_at(methods, method);
		const field_info *next;

		if (is_request)
			method++;
		else
			response++;
		next = first_of(pinfo, methods, method, codes, response);
		if (!is_request) {
			read_response(&frame, item, &responses[response - 1]);
		} else {
			memset(&requests[request_count], 0, sizeof(*requests));
			if (read_request(&frame, item, &requests[request_count]))
				request_count++;
		}
		item = next;
	}
	result.response_count = response_count;
	result.responses = responses;
	if (request_count) {
		sipstatus_request *kept =
		        records_for(pinfo, stores->requests, request_count, sizeof(*kept));

		for (guint i = 0; i < request_count; i++) {
			requests[i].frame = pinfo->num;
			kept[i] = requests[i];
		}
		result.request_count = request_count;
		result.requests = kept;
	}
	return result;
}
