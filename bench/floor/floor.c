/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The floor for bench/run: a post-dissector that asks for sip.Status-Code and
 * does nothing else.  Asking for a field makes tshark build a tree for every
 * packet, which any plugin reading that field must pay; what sipstatus costs
 * above this is what its own work costs.
 *
 * Variants, built from this file with macros, tell what each source of
 * information costs by itself:
 *   floor-pairing (SIPSTATUS_FLOOR_PAIRING): also asks for sip.response-request
 *     and sip.response-time, the SIP dissector's own request matching (what
 *     sipstatus asked for before it matched transactions itself);
 *   floor-methods (SIPSTATUS_FLOOR_METHODS): also asks for sip.Method, which
 *     is how sipstatus finds the requests it reads;
 *   floor-siptap (SIPSTATUS_FLOOR_SIPTAP): also listens to the SIP
 *     dissector's "sip" tap, whose per-message sip_info_value_t is the other
 *     source a plugin could read requests from (without Via branch or tags);
 *   floor-expert (SIPSTATUS_FLOOR_EXPERT): adds for each response one fixed
 *     expert item, under an item of its own where a tree shows it (in
 *     tshark -V, Wireshark then builds each an Expert Info subtree);
 *   floor-inputs (SIPSTATUS_FLOOR_INPUTS): floor-expert that also asks for
 *     every other field sipstatus asks for (sip.Method): what any plugin
 *     pays that reads what sipstatus reads and marks each response, before
 *     any work of its own.
 */
#include "ws-compat.h"

#ifdef SIPSTATUS_FLOOR_INPUTS
#define SIPSTATUS_FLOOR_METHODS
#define SIPSTATUS_FLOOR_EXPERT
#endif

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/tap.h>
#ifdef SIPSTATUS_FLOOR_SIPTAP
#include <epan/dissectors/packet-sip.h>
#endif

WS_DLL_PUBLIC_DEF const char plugin_version[] = "0.0.0";
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);
#ifdef SIPSTATUS_HAVE_PLUGIN_DESCRIBE
WS_DLL_PUBLIC uint32_t plugin_describe(void);

uint32_t plugin_describe(void)
{
	return WS_PLUGIN_DESC_DISSECTOR;
}
#endif

static int proto_floor = -1;

static const char *const wanted_fields[] = {
        "sip.Status-Code",
#ifdef SIPSTATUS_FLOOR_PAIRING
        "sip.response-request", /* the request a response answers */
        "sip.response-time",
#endif
#ifdef SIPSTATUS_FLOOR_METHODS
        "sip.Method",
#endif
};

#ifdef SIPSTATUS_FLOOR_SIPTAP
/* What a plugin would keep of each request: its method and Call-ID. */
static guint requests_seen;

static tap_packet_status floor_sip_packet(void *context _U_, packet_info *pinfo _U_,
                                          epan_dissect_t *edt _U_, const void *data,
                                          tap_flags_t flags _U_)
{
	const sip_info_value_t *message = (const sip_info_value_t *)data;

	if (message->request_method && message->tap_call_id)
		requests_seen++;
	return TAP_PACKET_DONT_REDRAW;
}

/* A dissector helper: a listener of its own would make tshark dissect
 * where it did not (tshark -r in -w out). */
static void listen_to_sip(void)
{
	GString *error = register_tap_listener("sip", &requests_seen, NULL, TL_IS_DISSECTOR_HELPER,
	                                       NULL, floor_sip_packet, NULL, NULL);

	if (error)
		g_string_free(error, TRUE);
}
#endif

#ifdef SIPSTATUS_FLOOR_EXPERT
static int hf_status_code = -1;
static expert_field ei_floor_response = EI_INIT;

static int dissect_floor(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
	GPtrArray *codes = proto_get_finfo_ptr_array(tree, hf_status_code);

	/* The item only where it is seen (a visible tree or a filter on it),
	 * as sipstatus does; tshark's hidden tree would fake it anyway. */
	gboolean seen = proto_field_is_referenced(tree, proto_floor);

	for (guint i = 0; codes && i < codes->len; i++)
		expert_add_info(pinfo,
		                seen ? proto_tree_add_item(tree, proto_floor, tvb, 0, 0, ENC_NA)
		                     : NULL,
		                &ei_floor_response);
	return 0;
}
#else
static int dissect_floor(tvbuff_t *tvb _U_, packet_info *pinfo _U_, proto_tree *tree _U_,
                         void *data _U_)
{
	return 0;
}
#endif

static void register_floor(void)
{
	proto_floor = proto_register_protocol("sipstatus benchmark floor", "sipstatus-floor",
	                                      "sipstatus_floor");
#ifdef SIPSTATUS_FLOOR_EXPERT
	static ei_register_info items[] = {
	        {&ei_floor_response,
	         {"sipstatus_floor.response", PI_RESPONSE_CODE, PI_NOTE, "SIP response", EXPFILL}},
	};

	expert_register_field_array(expert_register_protocol(proto_floor), items,
	                            array_length(items));
#endif
}

static void handoff_floor(void)
{
	dissector_handle_t handle = create_dissector_handle(dissect_floor, proto_floor);
	GArray *wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));

	register_postdissector(handle);
	for (size_t i = 0; i < array_length(wanted_fields); i++) {
		int hf = proto_registrar_get_id_byname(wanted_fields[i]);

		g_array_append_val(wanted, hf);
	}
#ifdef SIPSTATUS_FLOOR_EXPERT
	hf_status_code = g_array_index(wanted, int, 0);
#endif
	set_postdissector_wanted_hfids(handle, wanted);
#ifdef SIPSTATUS_FLOOR_SIPTAP
	listen_to_sip();
#endif
}

void plugin_register(void)
{
	static proto_plugin plugin;

	plugin.register_protoinfo = register_floor;
	plugin.register_handoff = handoff_floor;
	proto_register_plugin(&plugin);
}
