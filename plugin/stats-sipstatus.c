/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Statistics › SIP Response Status (tshark -z sipstatus,tree): the responses
 * the post-dissector queues on the "sipstatus" tap, counted by class › code ›
 * CSeq method under one total node.
 */
#include "ws-compat.h"

#include <epan/stats_tree.h>

#include "packet-sipstatus.h"
#include "stats-sipstatus.h"
#include "status-codes.h"

/* Long enough for "699 " plus the longest registered phrase; a longer
 * phrase from the user's table is cut. */
#define NODE_NAME_SIZE 96

static const char st_str_total[] = "SIP responses";
static int st_node_total = -1;

static void sipstatus_stats_init(stats_tree *st)
{
	st_node_total = stats_tree_create_node(st, st_str_total, 0, STAT_DT_INT, TRUE);
}

/* "4xx Client Failure"; codes outside 100-699 get a node of their own. */
static void class_node_name(char *name, unsigned code)
{
	unsigned response_class = sipstatus_code_class(code);

	if (response_class)
		snprintf(name, NODE_NAME_SIZE, "%uxx %s", response_class,
		         sipstatus_class_name(response_class));
	else
		snprintf(name, NODE_NAME_SIZE, "Outside 100-699");
}

static tap_packet_status sipstatus_stats_packet(stats_tree *st, packet_info *pinfo _U_,
                                                epan_dissect_t *edt _U_, const void *data,
                                                tap_flags_t flags _U_)
{
	const sipstatus_frame *frame = (const sipstatus_frame *)data;
	char class_name[NODE_NAME_SIZE];
	char code_name[NODE_NAME_SIZE];

	/* A frame can carry several responses (SIP over TCP): count each. */
	for (unsigned i = 0; i < frame->count; i++) {
		const sipstatus_response *response = &frame->responses[i];
		const char *method = sipstatus_response_method(response);
		int class_node, code_node;

		class_node_name(class_name, response->code);
		sipstatus_code_label(code_name, sizeof(code_name), response->code);
		tick_stat_node(st, st_str_total, 0, TRUE);
		class_node = tick_stat_node(st, class_name, st_node_total, TRUE);
		code_node = tick_stat_node(st, code_name, class_node, TRUE);
		tick_stat_node(st, method ? method : "unknown", code_node, FALSE);
	}
	return TAP_PACKET_REDRAW;
}

void register_tap_listener_sipstatus(void)
{
	/* Sorted by name, so classes and codes read in numeric order. */
	stats_tree_register_plugin("sipstatus", "sipstatus", "SIP Response Status",
	                           ST_SORT_COL_NAME << ST_FLG_SRTCOL_SHIFT, sipstatus_stats_packet,
	                           sipstatus_stats_init, NULL);
}
