/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Statistics › SIP Response Status › Response Codes (tshark -z
 * sipstatus,tree): the responses the post-dissector queues on the
 * "sipstatus" tap, counted by class › code › CSeq method under one total
 * node, with their response times; retransmitted copies and responses
 * without a response time in nodes of their own.  A second root gives the
 * response time per method.
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
static const char st_str_copies[] = "Retransmissions";
static const char st_str_untimed[] = "Without a response time";
static const char st_str_methods[] = "Response time by method";
static int st_node_total = -1;
static int st_node_methods = -1;

static void sipstatus_stats_init(stats_tree *st)
{
	st_node_total = stats_tree_create_node(st, st_str_total, 0, STAT_DT_INT, TRUE);
	st_node_methods = stats_tree_create_node(st, st_str_methods, 0, STAT_DT_INT, TRUE);
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

/* Whole milliseconds, as sipstatus.response_time, in the nodes' average
 * columns; none for a response stamped before its request, nor for one
 * longer than the tree's integers hold (24 days). */
static gboolean response_time_ms(const sipstatus_response *response, gint *ms)
{
	int64_t whole_ms = response->response_time_ns / 1000000;

	if (!response->has_response_time || response->response_time_ns < 0 || whole_ms > G_MAXINT)
		return FALSE;
	*ms = (gint)whole_ms;
	return TRUE;
}

/* class > code > method, each with the response time's average, least and
 * greatest. */
static void count_timed(stats_tree *st, const sipstatus_response *response, const char *method,
                        gint ms)
{
	char class_name[NODE_NAME_SIZE];
	char code_name[NODE_NAME_SIZE];
	int class_node, code_node;

	class_node_name(class_name, response->code);
	sipstatus_code_label(code_name, sizeof(code_name), response->code);
	class_node = avg_stat_node_add_value_int(st, class_name, st_node_total, TRUE, ms);
	code_node = avg_stat_node_add_value_int(st, code_name, class_node, TRUE, ms);
	avg_stat_node_add_value_int(st, method, code_node, FALSE, ms);
	tick_stat_node(st, st_str_methods, 0, TRUE);
	avg_stat_node_add_value_int(st, method, st_node_methods, FALSE, ms);
}

/* Copies, and responses without a time, apart: each code then counts
 * responses, not copies, and every average is over responses that have a
 * time. */
static void count_apart(stats_tree *st, const char *node, const sipstatus_response *response,
                        const char *method)
{
	char code_name[NODE_NAME_SIZE];
	int parent, code_node;

	sipstatus_code_label(code_name, sizeof(code_name), response->code);
	parent = tick_stat_node(st, node, st_node_total, TRUE);
	code_node = tick_stat_node(st, code_name, parent, TRUE);
	tick_stat_node(st, method, code_node, FALSE);
}

static tap_packet_status sipstatus_stats_packet(stats_tree *st, packet_info *pinfo _U_,
                                                epan_dissect_t *edt _U_, const void *data,
                                                tap_flags_t flags _U_)
{
	const sipstatus_frame *frame = (const sipstatus_frame *)data;

	/* A frame can carry several responses (SIP over TCP): count each. */
	for (unsigned i = 0; i < frame->response_count; i++) {
		const sipstatus_response *response = &frame->responses[i];
		const char *method = sipstatus_response_method(response);
		gint ms;

		if (!method)
			method = "unknown";
		tick_stat_node(st, st_str_total, 0, TRUE);
		if (response->original_frame)
			count_apart(st, st_str_copies, response, method);
		else if (response_time_ms(response, &ms))
			count_timed(st, response, method, ms);
		else
			count_apart(st, st_str_untimed, response, method);
	}
	return frame->response_count ? TAP_PACKET_REDRAW : TAP_PACKET_DONT_REDRAW;
}

void register_tap_listener_sipstatus(void)
{
	/* Sorted by name, so classes and codes read in numeric order. */
	stats_tree_register_plugin("sipstatus", "sipstatus", "SIP Response Status/Response Codes",
	                           ST_SORT_COL_NAME << ST_FLG_SRTCOL_SHIFT, sipstatus_stats_packet,
	                           sipstatus_stats_init, NULL);
}
