/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The capture's SIP health as RFC 6076 (SIP End-to-End Performance Metrics)
 * defines it, for the whole capture and per responding peer.  Pure C, no
 * Wireshark headers, so it can be unit-tested alone.
 *
 * Fed the requests and responses the plugin kept (response-store.h) in
 * capture order, each with its time and addresses.  Each transaction counts
 * once, in the bucket of the peer that sent its first final response (the
 * request's destination while it has none); retransmissions never count but
 * as retransmissions.  An INVITE transaction's result is that of its 2xx
 * when it has one (a forked call answered after another fork failed), else
 * of its first final response.  Every event updates the aggregates of two
 * buckets in O(log n), so that a table can show them as they grow.
 */
#ifndef SIPSTATUS_METRICS_H
#define SIPSTATUS_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "response-store.h"

typedef struct sipstatus_metrics sipstatus_metrics;

/* Codes a session-starting INVITE's result counts as an Ineffective
 * Session Attempt (RFC 6076 section 4.8): a flag per code, 0..699. */
#define SIPSTATUS_ISA_CODES   700
#define SIPSTATUS_ISA_DEFAULT "408,500,503,504"

/* NULL when memory runs out. */
sipstatus_metrics *sipstatus_metrics_new(const unsigned char isa_codes[SIPSTATUS_ISA_CODES]);
void sipstatus_metrics_free(sipstatus_metrics *metrics);

/* A peer as the glue knows it: an address type of its own and the address's
 * bytes (at most 16 are kept). */
typedef struct {
	int type;
	const void *data;
	size_t length;
} sipstatus_peer_address;

/* The bucket of each peer: 0 is the whole capture, peers follow in order of
 * their first appearance. */
size_t sipstatus_metrics_bucket_count(const sipstatus_metrics *metrics);
sipstatus_peer_address sipstatus_metrics_bucket_peer(const sipstatus_metrics *metrics,
                                                     size_t bucket);

/* Events, in capture order, each with its frame's time and addresses. */
void sipstatus_metrics_request(sipstatus_metrics *metrics, const sipstatus_request *request,
                               int64_t time_ns, const sipstatus_peer_address *destination);
void sipstatus_metrics_response(sipstatus_metrics *metrics, const sipstatus_response *response,
                                int64_t time_ns, const sipstatus_peer_address *source);

/* The buckets whose report changed since the last call, each once (a
 * transaction moving to another peer changes both, a BYE its call's);
 * count, and the list in buckets, valid until the next event. */
size_t sipstatus_metrics_take_changes(sipstatus_metrics *metrics, const size_t **buckets);

/* One line of the report: "SER", "66.67 %", "2 of 3 INVITEs (1 answered 3xx
 * excluded)". */
#define SIPSTATUS_METRIC_TEXT 96
typedef struct {
	const char *name;
	char value[SIPSTATUS_METRIC_TEXT];
	char population[SIPSTATUS_METRIC_TEXT];
} sipstatus_metric_line;

#define SIPSTATUS_METRIC_LINES 12

/* The report of a bucket, SIPSTATUS_METRIC_LINES lines. */
void sipstatus_metrics_describe(const sipstatus_metrics *metrics, size_t bucket,
                                sipstatus_metric_line lines[SIPSTATUS_METRIC_LINES]);

#endif
