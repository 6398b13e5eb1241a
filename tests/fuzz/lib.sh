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

# sandbox_has_protocol FILTER_NAME: whether tshark in the current sandbox
# registers that protocol.  -G protocols rather than -G plugins: the latter
# also runs every extcap, and androiddump hangs with ASan preloaded.
sandbox_has_protocol() {
	sandbox_tshark -G protocols | awk -F'\t' -v name="$1" '$3 == name { found = 1 } END { exit !found }'
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
