/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every libFuzzer harness shares: the entry point's prototype (the
 * build warns about functions without one) and a check that stops the run
 * the way a sanitizer report does, so libFuzzer keeps the input.
 */
#ifndef SIPSTATUS_FUZZ_HARNESS_H
#define SIPSTATUS_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort with the condition and where it is; never returns when it fails. */
#define CHECK(condition)                                                                           \
	do {                                                                                       \
		if (!(condition)) {                                                                \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,           \
			        #condition);                                                       \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* For a harness's own loops (models, checks of every record): coverage
 * traces each of their comparisons, which slows a run many times over and
 * says nothing of the plugin.  noinline, or the attribute is lost in the
 * caller. */
#define UNTRACED __attribute__((no_sanitize("coverage"), noinline))

#endif
