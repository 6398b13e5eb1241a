/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Post-dissector that explains every SIP response code.
 *
 * Wireshark primes the SIP fields we ask for only on the first pass, so the
 * responses are read then and kept per frame; every pass (GUI clicks, the
 * Expert Information dialog, tshark -2) adds the items from that store, with
 * or without a tree.  plugins/epan/transum follows the same lifecycle.
 */
#include "ws-compat.h"

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto_data.h>
#include <epan/tap.h>

#include "packet-sipstatus.h"
#include "status-codes.h"

#define SIPSTATUS_CODE_SLOTS  (SIPSTATUS_CODE_MAX - SIPSTATUS_CODE_MIN + 1)
#define SIPSTATUS_CLASS_COUNT 6

static int proto_sipstatus = -1;
static int sipstatus_tap = -1;
static dissector_handle_t sipstatus_handle;

static int hf_sipstatus_code = -1;
static int hf_sipstatus_class = -1;
static int hf_sipstatus_phrase = -1;
static int hf_sipstatus_description = -1;
static int hf_sipstatus_reference = -1;
static int hf_sipstatus_registered = -1;

static gint ett_sipstatus = -1;

/* Indexed by code - SIPSTATUS_CODE_MIN; only table codes are registered. */
static expert_field ei_sipstatus_code[SIPSTATUS_CODE_SLOTS];
/* Indexed by class - 1. */
static expert_field ei_sipstatus_unregistered[SIPSTATUS_CLASS_COUNT];
static expert_field ei_sipstatus_out_of_range = EI_INIT;

/* The SIP dissector's field, resolved at handoff. */
static int hf_sip_status_code = -1;

static const value_string sipstatus_class_vals[] = {
        {1, "Provisional"},    {2, "Success"},        {3, "Redirection"}, {4, "Client Failure"},
        {5, "Server Failure"}, {6, "Global Failure"}, {0, NULL},
};

static int expert_severity(sipstatus_severity severity)
{
	switch (severity) {
	case SIPSTATUS_SEVERITY_CHAT:
		return PI_CHAT;
	case SIPSTATUS_SEVERITY_NOTE:
		return PI_NOTE;
	case SIPSTATUS_SEVERITY_WARN:
		return PI_WARN;
	case SIPSTATUS_SEVERITY_ERROR:
		break;
	}
	return PI_ERROR;
}

/* Label of sipstatus.code: the number and its registered phrase. */
static void format_code(gchar *label, guint32 code)
{
	const sipstatus_code_info *info = sipstatus_code_lookup(code);

	if (info)
		snprintf(label, ITEM_LABEL_LENGTH, "%u %s", code, info->phrase);
	else
		snprintf(label, ITEM_LABEL_LENGTH, "%u (unregistered)", code);
}

/* SIP quoted inside an ICMP error is a copy of what a peer sent earlier, not
 * a response on the wire; Wireshark's own SIP tap skips it too. */
static gboolean sip_quoted_in_icmp_error(packet_info *pinfo)
{
	return proto_is_frame_protocol(pinfo->layers, "icmp") ||
	       proto_is_frame_protocol(pinfo->layers, "icmpv6");
}

/* First pass only: read the primed SIP fields and keep what we need. */
static sipstatus_frame *remember_responses(packet_info *pinfo, proto_tree *tree)
{
	GPtrArray *codes = proto_get_finfo_ptr_array(tree, hf_sip_status_code);

	if (!codes || codes->len == 0 || sip_quoted_in_icmp_error(pinfo))
		return NULL;

	sipstatus_frame *frame = (sipstatus_frame *)wmem_alloc(
	        wmem_file_scope(), sizeof(*frame) + codes->len * sizeof(frame->responses[0]));
	frame->count = codes->len;
	for (guint i = 0; i < codes->len; i++)
		frame->responses[i].code =
		        sipstatus_finfo_uint((const field_info *)g_ptr_array_index(codes, i));
	p_add_proto_data(wmem_file_scope(), pinfo, proto_sipstatus, 0, frame);
	return frame;
}

static void add_expert_item(packet_info *pinfo, proto_item *item, guint32 code)
{
	unsigned response_class = sipstatus_code_class(code);

	if (response_class == 0) {
		expert_add_info_format(pinfo, item, &ei_sipstatus_out_of_range,
		                       "SIP status code %u is outside 100-699", code);
	} else if (sipstatus_code_lookup(code)) {
		expert_add_info(pinfo, item, &ei_sipstatus_code[code - SIPSTATUS_CODE_MIN]);
	} else {
		expert_add_info_format(pinfo, item, &ei_sipstatus_unregistered[response_class - 1],
		                       "%u is not a registered SIP response code; RFC 3261 \xc2\xa7"
		                       "8.1.3.2 treats it as %u (%s)",
		                       code, response_class * 100,
		                       sipstatus_class_name(response_class));
	}
}

static void add_response_items(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                               const sipstatus_response *response)
{
	guint32 code = response->code;
	const sipstatus_code_info *info = sipstatus_code_lookup(code);
	unsigned response_class = sipstatus_code_class(code);
	proto_item *top, *item;
	proto_tree *subtree;

	top = proto_tree_add_item(tree, proto_sipstatus, tvb, 0, 0, ENC_NA);
	if (info)
		proto_item_append_text(top, ": %u %s", code, info->phrase);
	else
		proto_item_append_text(top, ": %u (unregistered)", code);
	subtree = proto_item_add_subtree(top, ett_sipstatus);

	item = proto_tree_add_uint(subtree, hf_sipstatus_code, tvb, 0, 0, code);
	proto_item_set_generated(item);
	if (response_class) {
		item = proto_tree_add_uint(subtree, hf_sipstatus_class, tvb, 0, 0, response_class);
		proto_item_set_generated(item);
	}
	if (info) {
		item = proto_tree_add_string(subtree, hf_sipstatus_phrase, tvb, 0, 0, info->phrase);
		proto_item_set_generated(item);
		item = proto_tree_add_string(subtree, hf_sipstatus_description, tvb, 0, 0,
		                             info->description);
		proto_item_set_generated(item);
		item = proto_tree_add_string(subtree, hf_sipstatus_reference, tvb, 0, 0,
		                             info->reference);
		proto_item_set_generated(item);
	}
	item = proto_tree_add_boolean(subtree, hf_sipstatus_registered, tvb, 0, 0,
	                              info && info->registered);
	proto_item_set_generated(item);

	/* Added whether or not there is a tree: the Expert Information dialog
	 * re-dissects without one. */
	add_expert_item(pinfo, top, code);
}

static int dissect_sipstatus(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
	sipstatus_frame *frame;

	if (!PINFO_FD_VISITED(pinfo))
		frame = remember_responses(pinfo, tree);
	else
		frame = (sipstatus_frame *)p_get_proto_data(wmem_file_scope(), pinfo,
		                                            proto_sipstatus, 0);
	if (!frame)
		return 0;

	for (unsigned i = 0; i < frame->count; i++)
		add_response_items(tvb, pinfo, tree, &frame->responses[i]);
	tap_queue_packet(sipstatus_tap, pinfo, frame);
	return tvb_captured_length(tvb);
}

/* Asking for SIP fields makes tshark build a tree for every packet, so ask
 * only while the protocol is enabled.  Runs before each (re)dissection. */
static void update_wanted_fields(void)
{
	GArray *wanted = NULL;

	if (proto_is_protocol_enabled(find_protocol_by_id(proto_sipstatus)) &&
	    hf_sip_status_code > 0) {
		wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));
		g_array_append_val(wanted, hf_sip_status_code);
	}
	set_postdissector_wanted_hfids(sipstatus_handle, wanted);
}

static ei_register_info expert_item(expert_field *id, char *name, int group, int severity,
                                    char *summary)
{
	ei_register_info item = {id, {name, group, severity, summary, EXPFILL}};

	return item;
}

/* One expert item per table code (so Preferences > Expert can change the
 * severity of a single code), one per class for unregistered codes and one
 * for codes outside 100-699.  Built from the table once, kept for the
 * program's lifetime as Wireshark requires of registration data. */
static void register_expert_items(void)
{
	size_t table_size = sipstatus_code_count();
	size_t count = table_size + SIPSTATUS_CLASS_COUNT + 1;
	ei_register_info *items = g_new(ei_register_info, count);
	size_t n = 0;

	for (size_t i = 0; i < table_size; i++) {
		const sipstatus_code_info *info = sipstatus_code_at(i);
		int severity =
		        expert_severity(sipstatus_class_severity(sipstatus_code_class(info->code)));

		items[n++] = expert_item(
		        &ei_sipstatus_code[info->code - SIPSTATUS_CODE_MIN],
		        g_strdup_printf("sipstatus.code.%u", info->code), PI_RESPONSE_CODE,
		        severity,
		        g_strdup_printf("%u %s: %s", info->code, info->phrase, info->description));
	}
	for (unsigned response_class = 1; response_class <= SIPSTATUS_CLASS_COUNT;
	     response_class++) {
		items[n++] = expert_item(
		        &ei_sipstatus_unregistered[response_class - 1],
		        g_strdup_printf("sipstatus.unregistered.%ux", response_class),
		        PI_RESPONSE_CODE, expert_severity(sipstatus_class_severity(response_class)),
		        g_strdup_printf("Unregistered %uxx SIP response code", response_class));
	}
	items[n++] =
	        expert_item(&ei_sipstatus_out_of_range, g_strdup("sipstatus.out_of_range"),
	                    PI_MALFORMED, PI_ERROR, g_strdup("SIP status code outside 100-699"));

	expert_module_t *module = expert_register_protocol(proto_sipstatus);
	expert_register_field_array(module, items, (int)n);
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
	          "Reason phrase registered with IANA for this code", HFILL}},
	        {&hf_sipstatus_description,
	         {"Description", "sipstatus.description", FT_STRING, BASE_NONE, NULL, 0x0,
	          "What the code means", HFILL}},
	        {&hf_sipstatus_reference,
	         {"Reference", "sipstatus.reference", FT_STRING, BASE_NONE, NULL, 0x0,
	          "Document that defines the code", HFILL}},
	        {&hf_sipstatus_registered,
	         {"Registered", "sipstatus.registered", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
	          "Whether the code is in the IANA SIP response-code registry", HFILL}},
	};
	static gint *ett[] = {&ett_sipstatus};

	proto_sipstatus =
	        proto_register_protocol("SIP Response Status", "SIP Response Status", "sipstatus");
	proto_register_field_array(proto_sipstatus, hf, array_length(hf));
	proto_register_subtree_array(ett, array_length(ett));
	register_expert_items();

	sipstatus_tap = register_tap("sipstatus");
	register_init_routine(update_wanted_fields);
}

void proto_reg_handoff_sipstatus(void)
{
	sipstatus_handle = create_dissector_handle(dissect_sipstatus, proto_sipstatus);
	register_postdissector(sipstatus_handle);
	hf_sip_status_code = proto_registrar_get_id_byname("sip.Status-Code");
}
