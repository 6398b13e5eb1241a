/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIPSTATUS_STATS_SIPSTATUS_H
#define SIPSTATUS_STATS_SIPSTATUS_H

/* Registers the "sipstatus,tree" stats tree; called by the tap plugin. */
void register_tap_listener_sipstatus(void);

/* Registers the "sipstatus,metrics" tables (stats-metrics.c). */
void register_metrics_sipstatus(void);

#endif
