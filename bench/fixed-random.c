/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Preloaded into tshark by bench/run so that instruction counts repeat
 * exactly.  wmem seeds its hash maps with g_random_int() at start-up, which
 * moves callgrind's totals by about 0.5% from run to run: more than some of
 * the differences being measured.  Here GLib's global random numbers come
 * from a fixed xorshift sequence instead.
 */
#include <glib.h>

guint32 g_random_int(void);
gint32 g_random_int_range(gint32 begin, gint32 end);
gdouble g_random_double(void);

static guint64 state = G_GUINT64_CONSTANT(0x9E3779B97F4A7C15);

static guint32 next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (guint32)(state >> 16);
}

guint32 g_random_int(void)
{
	return next();
}

gint32 g_random_int_range(gint32 begin, gint32 end)
{
	return begin + (gint32)(next() % (guint32)(end - begin));
}

gdouble g_random_double(void)
{
	return next() / 4294967296.0;
}
