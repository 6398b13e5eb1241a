/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Statistics › SIP Response Status › Metrics (tshark -z sipstatus,metrics):
 * the RFC 6076 metrics of metrics.c as a table per responding peer, after
 * one for the whole capture, fed by the plugin's "sipstatus" tap.
 *
 * Wireshark draws these tables itself (tshark at the end, the GUI as it
 * goes), so every packet updates the rows of the buckets it changed.
 */
#include "ws-compat.h"

#include <epan/address_types.h>
#include <epan/packet.h>
#include <epan/stat_tap_ui.h>
#include <epan/to_str.h>

#include "metrics.h"
#include "packet-sipstatus.h"
#include "stats-sipstatus.h"

enum { COLUMN_NUMBER, COLUMN_METRIC, COLUMN_VALUE, COLUMN_POPULATION, COLUMN_COUNT };

/* Wireshark's dialog sorts the rows by the first column: the metric's
 * number keeps them in the order tshark prints, SER first. */
static stat_tap_table_item metric_columns[COLUMN_COUNT] = {
        {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "#", "%2u"},
        {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Metric", "%-15s"},
        {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Value", "%-38s"},
        {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Population", "%s"},
};

static const char whole_capture_title[] = "All peers";

/* One engine for the statistic, as Wireshark keeps one set of tables for
 * it: two -z sipstatus,metrics in one run share them (README). */
static sipstatus_metrics *metrics;
/* The frame fed last: a second listener's copy of it is not fed again. */
static guint32 last_frame_fed;
/* The table of each bucket, found by title after a reset; NULL until it
 * is needed. */
static GPtrArray *bucket_tables;

/* The engine is needed only while packets are tapped: the tables hold the
 * text. Freed as the capture file closes, since the plugin may be unloaded
 * before Wireshark frees its tables; a retap starts it again. */
static void stop_metrics(void)
{
	sipstatus_metrics_free(metrics);
	metrics = NULL;
	if (bucket_tables)
		g_ptr_array_free(bucket_tables, TRUE);
	bucket_tables = NULL;
}

static void start_metrics(void)
{
	unsigned char isa[SIPSTATUS_ISA_CODES];

	stop_metrics();
	sipstatus_isa_codes(isa);
	metrics = sipstatus_metrics_new(isa);
	last_frame_fed = 0;
	bucket_tables = g_ptr_array_new();
}

static stat_tap_table *new_table(stat_tap_table_ui *ui, const char *title)
{
	stat_tap_table *table = stat_tap_init_table(title, COLUMN_COUNT, 0, NULL);
	stat_tap_table_item_type row[COLUMN_COUNT];

	memset(row, 0, sizeof(row));
	for (int column = 0; column < COLUMN_COUNT; column++)
		row[column].type = metric_columns[column].type;
	for (guint line = 0; line < SIPSTATUS_METRIC_LINES; line++) {
		row[COLUMN_NUMBER].value.uint_value = line + 1;
		stat_tap_init_table_row(table, line, COLUMN_COUNT, row);
	}
	stat_tap_add_table(ui, table);
	return table;
}

/* "Peer 192.0.2.2"; kept as long as its table, whose title it is. */
static char *peer_title(size_t bucket)
{
	sipstatus_peer_address peer = sipstatus_metrics_bucket_peer(metrics, bucket);
	address where;
	char *text, *title;

	set_address(&where, peer.type, (int)peer.length, peer.data);
	text = address_to_str(NULL, &where);
	title = g_strdup_printf("Peer %s", text);
	wmem_free(NULL, text);
	return title;
}

static stat_tap_table *table_of(stat_tap_table_ui *ui, size_t bucket)
{
	stat_tap_table *table;
	char *title;

	if (bucket < bucket_tables->len && g_ptr_array_index(bucket_tables, bucket))
		return g_ptr_array_index(bucket_tables, bucket);
	if (bucket == 0) {
		table = stat_tap_find_table(ui, whole_capture_title);
		if (!table)
			table = new_table(ui, whole_capture_title);
	} else {
		title = peer_title(bucket);
		table = stat_tap_find_table(ui, title);
		if (table)
			g_free(title);
		else
			table = new_table(ui, title); /* freed with the table */
	}
	if (bucket >= bucket_tables->len)
		g_ptr_array_set_size(bucket_tables, (guint)bucket + 1);
	g_ptr_array_index(bucket_tables, bucket) = table;
	return table;
}

static void set_text(stat_tap_table *table, guint line, guint column, const char *text)
{
	stat_tap_table_item_type *item = stat_tap_get_field_data(table, line, column);

	if (g_strcmp0(item->value.string_value, text) == 0)
		return;
	g_free((char *)item->value.string_value);
	item->value.string_value = g_strdup(text);
	stat_tap_set_field_data(table, line, column, item);
}

static void show_bucket(stat_tap_table_ui *ui, size_t bucket)
{
	stat_tap_table *table = table_of(ui, bucket);
	sipstatus_metric_line lines[SIPSTATUS_METRIC_LINES];

	sipstatus_metrics_describe(metrics, bucket, lines);
	for (guint line = 0; line < SIPSTATUS_METRIC_LINES; line++) {
		set_text(table, line, COLUMN_METRIC, lines[line].name);
		set_text(table, line, COLUMN_VALUE, lines[line].value);
		set_text(table, line, COLUMN_POPULATION, lines[line].population);
	}
}

static sipstatus_peer_address peer_of(const address *where)
{
	sipstatus_peer_address peer = {where->type, where->data,
	                               where->len > 0 ? (size_t)where->len : 0};

	return peer;
}

static int64_t time_ns(const packet_info *pinfo)
{
	return (int64_t)pinfo->abs_ts.secs * 1000000000 + pinfo->abs_ts.nsecs;
}

static tap_packet_status metrics_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_,
                                        const void *data, tap_flags_t flags _U_)
{
	stat_tap_table_ui *ui = ((stat_data_t *)tapdata)->stat_tap_data;
	const sipstatus_frame *frame = (const sipstatus_frame *)data;
	sipstatus_peer_address destination = peer_of(&pinfo->net_dst);
	sipstatus_peer_address source = peer_of(&pinfo->net_src);
	const size_t *changed;
	size_t count;

	if (!metrics || pinfo->num == last_frame_fed)
		return TAP_PACKET_DONT_REDRAW;
	last_frame_fed = pinfo->num;
	for (unsigned i = 0; i < frame->request_count; i++)
		sipstatus_metrics_request(metrics, &frame->requests[i], time_ns(pinfo),
		                          &destination);
	for (unsigned i = 0; i < frame->response_count; i++)
		sipstatus_metrics_response(metrics, &frame->responses[i], time_ns(pinfo), &source);
	count = sipstatus_metrics_take_changes(metrics, &changed);
	/* Tables are made as their buckets first change: in bucket order. */
	for (size_t bucket = 0, i; bucket < sipstatus_metrics_bucket_count(metrics); bucket++)
		for (i = 0; i < count; i++)
			if (changed[i] == bucket)
				show_bucket(ui, bucket);
	return count ? TAP_PACKET_REDRAW : TAP_PACKET_DONT_REDRAW;
}

/* Each new run of the statistic starts from no tables. */
static void metrics_init(stat_tap_table_ui *ui)
{
	if (ui->tables)
		free_stat_tables(ui);
	start_metrics();
	show_bucket(ui, 0);
}

/* A retap: the same tables, blanked, and a fresh engine. */
static void metrics_reset(stat_tap_table *table)
{
	for (guint line = 0; line < table->num_elements; line++)
		for (guint column = COLUMN_METRIC; column < table->num_fields; column++)
			set_text(table, line, column, "");
	if (strcmp(table->title, whole_capture_title) == 0)
		start_metrics();
}

static void metrics_free_item(stat_tap_table *table, guint line, guint column,
                              stat_tap_table_item_type *item)
{
	if (item->type == TABLE_ITEM_STRING) {
		g_free((char *)item->value.string_value);
		item->value.string_value = NULL;
	}
	/* Each table's title is its own but the first's. */
	if (line == 0 && column == COLUMN_NUMBER && strcmp(table->title, whole_capture_title) != 0)
		g_free((char *)table->title);
}

void register_metrics_sipstatus(void)
{
	static tap_param params[] = {{PARAM_FILTER, "filter", "Filter", NULL, TRUE}};
	static stat_tap_table_ui ui = {REGISTER_STAT_GROUP_GENERIC,
	                               "SIP Response Status/Metrics (RFC 6076)",
	                               "sipstatus",
	                               "sipstatus,metrics",
	                               metrics_init,
	                               metrics_packet,
	                               metrics_reset,
	                               metrics_free_item,
	                               NULL,
	                               G_N_ELEMENTS(metric_columns),
	                               metric_columns,
	                               G_N_ELEMENTS(params),
	                               params,
	                               NULL,
	                               0};

	register_stat_tap_table_ui(&ui);
	register_cleanup_routine(stop_metrics);
}
