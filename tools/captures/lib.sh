# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# Shared by the capture scripts that run real SIP stacks on loopback
# (make-sipp-captures, make-kamailio-captures, make-transaction-captures,
# make-kamailio-fork-capture, make-tls-capture): a work folder, background
# processes, kamailio, dumpcap on lo, and the tshark check of what was
# captured.  Sourcing it sets `work` and an EXIT trap that ends what it
# started and removes `work`.

prog=${0##*/}
die() { echo "$prog: $*" >&2; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"
# Background processes started here and not yet waited for.
background_pids=()
# A server that runs until the script stops it (kamailio).
service_pid=
capture_pid=
capture_file=
# A prefix for the commands that capture and look at ports (ip netns exec
# NAME), empty on the host's own network.
in_netns=()

cleanup() {
	local pid
	for pid in "${background_pids[@]}" $service_pid $capture_pid; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT

# require_tools TOOL...: each is on PATH.
require_tools() {
	local tool
	for tool in "$@"; do
		command -v "$tool" >/dev/null || die "$tool not found (see the header of this script)"
	done
}

# require_free_ports PORT...: nothing listens on any of them (UDP or TCP).
require_free_ports() {
	local port
	for port in "$@"; do
		if ss -Hlnut "sport = :$port" | grep -q .; then
			die "port $port is in use"
		fi
	done
}

# show_logs: the end of every non-empty log of the work folder, on stderr.
show_logs() {
	local f
	for f in "$work"/*.log; do
		[ -s "$f" ] || continue
		echo "--- ${f##*/}" >&2
		tail -n 40 "$f" >&2
	done
}

# wait_listening u|t PORT: wait until something listens on UDP (u) or TCP
# (t) PORT on loopback.
wait_listening() {
	for _ in $(seq 100); do
		"${in_netns[@]}" ss -Hln "-$1" "sport = :$2" | grep -q . && return 0
		sleep 0.05
	done
	return 1
}

# start_background LOG COMMAND...: run COMMAND in $work, output to
# $work/LOG, and remember it (waited for by wait_background or cleanup).
start_background() {
	local log=$1
	shift
	(cd "$work" && exec "$@" >"$work/$log" 2>&1 </dev/null) &
	background_pids+=("$!")
}

# wait_background WHAT: wait for every process of start_background; die
# naming WHAT when one failed.
wait_background() {
	local pid rc=0
	for pid in "${background_pids[@]}"; do
		wait "$pid" || rc=$?
	done
	background_pids=()
	[ "$rc" -eq 0 ] || { show_logs; die "$1 failed (exit $rc)"; }
}

# run_foreground LOG WHAT COMMAND...: run COMMAND in $work, output to
# $work/LOG; die naming WHAT when it fails.
run_foreground() {
	local log=$1 what=$2 rc=0
	shift 2
	(cd "$work" && exec "$@" >"$work/$log" 2>&1 </dev/null) || rc=$?
	[ "$rc" -eq 0 ] || { show_logs; die "$what failed (exit $rc)"; }
}

# count_lines FILE: the data lines of a SIPp injection file (its first line
# is SEQUENTIAL).
count_lines() { tail -n +2 "$1" | grep -c .; }

# start_kamailio CONFIG PORT: kamailio in the foreground of a background
# job (-DD -E) with its pid file and runtime folder in $work, not the
# packaged service; wait until it listens on UDP PORT.
start_kamailio() {
	mkdir -p "$work/run"
	kamailio -f "$1" -DD -E -P "$work/kamailio.pid" -Y "$work/run" -w "$work" \
		>"$work/kamailio.log" 2>&1 </dev/null &
	service_pid=$!
	wait_listening u "$2" || { show_logs; die "kamailio did not start"; }
}

# stop_kamailio: end it; die when it logged an error.
stop_kamailio() {
	kill -TERM "$service_pid"
	wait "$service_pid" || true
	service_pid=
	if grep -q "ERROR" "$work/kamailio.log"; then
		show_logs
		die "kamailio logged errors"
	fi
	echo "($(kamailio -v | sed -n 's/^version: \(.*[^ ]\) *$/\1/p'))"
}

# start_capture NAME FILTER: dumpcap on lo into $work/NAME.pcapng.
start_capture() {
	capture_file=$work/$1.pcapng
	"${in_netns[@]}" dumpcap -q -i lo -f "$2" -w "$capture_file" 2>"$work/dumpcap-$1.log" &
	capture_pid=$!
	for _ in $(seq 100); do
		grep -qs "^Capturing on" "$work/dumpcap-$1.log" && break
		kill -0 "$capture_pid" 2>/dev/null || { show_logs; die "dumpcap failed"; }
		sleep 0.05
	done
	grep -q "^Capturing on" "$work/dumpcap-$1.log" || die "dumpcap did not start"
	sleep 0.5
}

# stop_capture OUTPUT: stop dumpcap, move the capture to OUTPUT.
stop_capture() {
	sleep 0.5
	kill -INT "$capture_pid"
	wait "$capture_pid" || { show_logs; die "dumpcap failed"; }
	capture_pid=
	mv -f "$capture_file" "$1"
	chmod 0644 "$1"
	echo "wrote $1 ($(stat -c %s "$1") bytes)"
}

# sip_messages FILE [TSHARK OPTIONS...]: one line per frame with SIP, as
# "SPORT>DPORT MESSAGE CSEQ-METHOD" (MESSAGE: the method of a request, the
# code of a response); a frame with several messages lists them with
# commas.
sip_messages() {
	local file=$1
	shift
	tshark -n -r "$file" "$@" -Y sip -T fields -E occurrence=a \
		-e udp.srcport -e tcp.srcport -e udp.dstport -e tcp.dstport \
		-e sip.Method -e sip.Status-Code -e sip.CSeq.method 2>"$work/tshark.log" |
		awk -F '\t' '{ print $1 $2 ">" $3 $4, $5 $6, $7 }' ||
		{ cat "$work/tshark.log" >&2; die "tshark failed on $file"; }
}

# check_sip_messages FILE WANT [TSHARK OPTIONS...]: the sip_messages of
# FILE are the lines of the file WANT.
check_sip_messages() {
	local file=$1 want=$2
	shift 2
	if ! command -v tshark >/dev/null; then
		echo "tshark not found: $file not checked" >&2
		return 0
	fi
	sip_messages "$file" "$@" >"$work/found"
	diff -u "$want" "$work/found" >&2 ||
		die "$file: SIP messages differ from the plan (- wanted, + found)"
	echo "checked $file: $(wc -l <"$work/found") SIP messages as planned"
}
