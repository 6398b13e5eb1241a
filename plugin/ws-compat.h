/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every difference between the Wireshark versions we build against, as named
 * feature macros and small inline helpers.  No other file tests a version.
 */
#ifndef SIPSTATUS_WS_COMPAT_H
#define SIPSTATUS_WS_COMPAT_H

#include <wireshark.h>

#include <epan/proto.h>

#define SIPSTATUS_WS_VERSION_AT_LEAST(major, minor)                                                \
	(WIRESHARK_VERSION_MAJOR > (major) ||                                                      \
	 (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

/* field_info.value became a pointer to an fvalue_t in 4.2. */
#if SIPSTATUS_WS_VERSION_AT_LEAST(4, 2)
#define SIPSTATUS_HAVE_FVALUE_POINTER 1
#endif

/* plugin_describe() tells the loader what kind of plugin this is; 4.4 looks
 * it up (tshark -G plugins shows "unknown" without it), 4.0 has no
 * wsutil/plugins.h. */
#if SIPSTATUS_WS_VERSION_AT_LEAST(4, 4)
#define SIPSTATUS_HAVE_PLUGIN_DESCRIBE 1
#include <wsutil/plugins.h>
#endif

/* Preference variables and UAT callbacks use C's bool from 4.4 on. */
#if SIPSTATUS_WS_VERSION_AT_LEAST(4, 4)
typedef bool sipstatus_bool;
#else
typedef gboolean sipstatus_bool;
#endif

static inline uint32_t sipstatus_finfo_uint(const field_info *finfo)
{
#ifdef SIPSTATUS_HAVE_FVALUE_POINTER
	return fvalue_get_uinteger(finfo->value);
#else
	return fvalue_get_uinteger((fvalue_t *)&finfo->value);
#endif
}

/* How many distinct fields that somebody asked for (a filter, a column, a
 * post-dissector) the frame's tree holds: Wireshark keeps each one's items
 * in the tree's interesting_hfids table, in every version we build for. */
static inline guint sipstatus_interesting_fields(proto_tree *tree)
{
	GHashTable *fields = tree ? PTREE_DATA(tree)->interesting_hfids : NULL;

	return fields ? g_hash_table_size(fields) : 0;
}

#endif
