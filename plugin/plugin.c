/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Plugin entry points: the symbols Wireshark's plugin loader looks for.
 */
#include "ws-compat.h"

#include <epan/proto.h>
#include <epan/tap.h>

#include "packet-sipstatus.h"
#include "stats-sipstatus.h"

WS_DLL_PUBLIC_DEF const char plugin_version[] = PLUGIN_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

static void register_statistics(void)
{
	register_tap_listener_sipstatus();
	register_metrics_sipstatus();
}
#ifdef SIPSTATUS_HAVE_PLUGIN_DESCRIBE
WS_DLL_PUBLIC uint32_t plugin_describe(void);

uint32_t plugin_describe(void)
{
	return WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER;
}
#endif

void plugin_register(void)
{
	static proto_plugin plugin;

	plugin.register_protoinfo = proto_register_sipstatus;
	plugin.register_handoff = proto_reg_handoff_sipstatus;
	proto_register_plugin(&plugin);

	static tap_plugin stats;

	stats.register_tap_listener = register_statistics;
	tap_register_plugin(&stats);
}
