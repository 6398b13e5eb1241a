# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# Shared by tests/fuzz/* and bench/run, on top of tests/lib/sandbox.sh (source
# that first): several sandboxes in one script, a wrapper that carries
# variables through sandbox_tshark's `env -i`, and the list of test captures.

SANDBOXES=()

# sandbox_new [PLUGIN|none]: a fresh sandbox (sets SANDBOX) with PLUGIN in
# place of the built sipstatus.so, or no plugin at all; every sandbox made
# here is removed on exit (sandbox_create's own trap keeps only the last).
sandbox_new() {
	local epan
	sandbox_create
	SANDBOXES+=("$SANDBOX")
	trap sandbox_remove_all EXIT
	epan="$SANDBOX/plugins/$SIPSTATUS_WS_VERSION/epan"
	case "${1:-}" in
	'') ;;
	none) rm "$epan/sipstatus.so" ;;
	*)
		rm "$epan/sipstatus.so"
		cp "$1" "$epan/"
		chmod a+r "$epan/$(basename "$1")"
		;;
	esac
	# Tools run as nobody write their results here.
	mkdir -p "$SANDBOX/out"
	chmod 777 "$SANDBOX/out"
}

sandbox_remove_all() {
	local dir
	for dir in "${SANDBOXES[@]}"; do
		SANDBOX=$dir sandbox_remove
	done
}

# sandbox_wrapper FILE [NAME=VALUE...] -- COMMAND...: write FILE, a script
# that exports the variables and runs COMMAND followed by its own arguments.
# Point SIPSTATUS_TSHARK at it to run tshark under a tool or with variables
# that `env -i` would drop.
sandbox_wrapper() {
	local file=$1
	shift
	{
		echo '#!/bin/bash'
		while [ "$1" != -- ]; do
			printf 'export %q\n' "$1"
			shift
		done
		shift
		printf 'exec'
		printf ' %q' "$@"
		printf ' "$@"\n'
	} >"$file"
	chmod 755 "$file"
}

# Wireshark major.minor, for SIPSTATUS_WS_VERSION when ctest did not set it.
wireshark_major_minor() {
	pkg-config --modversion wireshark | cut -d. -f1,2
}

# fuzz_captures: every test capture, one path a line: the bundled ones and the
# shared real-world ones when that folder exists.
fuzz_captures() {
	local here captures shared file
	here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	captures=${SIPSTATUS_CAPTURES:-$here/captures}
	shared=${SIPSTATUS_SHARED_CAPTURES:-$here/../../shared/captures}
	for file in "$captures"/*.pcap "$captures"/*.pcapng "$shared"/*.pcap; do
		[ -f "$file" ] && printf '%s\n' "$file"
	done
	return 0
}

# for_each_parallel JOBS COUNT FUNCTION [UNTIL [LIMIT]]: run FUNCTION 0, 1
# ... COUNT-1 in JOBS background workers.  With UNTIL (a time in seconds
# since the epoch), a time budget with a floor of COUNT: each worker goes on
# with the next indexes, below LIMIT if given, as long as it starts them
# before then.  Their standard output, in index order.
for_each_parallel() {
	local jobs=$1 count=$2 function=$3 until=${4:-0} limit=${5:-0} outputs worker index
	outputs=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-parallel.XXXXXX")
	for ((worker = 0; worker < jobs; worker++)); do
		(
			for ((index = worker; index < count ||
				(EPOCHSECONDS < until && (limit == 0 || index < limit)); index += jobs)); do
				"$function" "$index" >"$outputs/$index"
			done
		) &
	done
	wait
	find "$outputs" -type f -printf '%f\n' | sort -n | while read -r index; do
		cat "$outputs/$index"
	done
	rm -rf "$outputs"
}

# plugin_stats: "-z NAME" for every statistic the plugin registers (a name
# starting with "sipstatus" in tshark -z help), one word a line.
plugin_stats() {
	sandbox_tshark -z help 2>&1 | sed -n 's/^ *\(sipstatus[^ ]*\)$/-z\n\1/p'
}

# read_modes: the ways the robustness checks read each capture, one set of
# tshark options a line: a visible tree; re-dissection with the expert tap
# and the plugin's statistics; and tshark's hidden tree with nobody reading
# expert messages (-n only keeps names unresolved).
read_modes() {
	local stats
	stats=$(plugin_stats | paste -sd' ')
	printf '%s
' "-V" "-2 -q -z expert $stats" "-n"
}
