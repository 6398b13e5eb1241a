#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compares the plugin's per-response transaction results with the
independent derivation of transactions.py, response by response.

usage: check_transactions.py CODES_TSV NAME PLAIN PASS1 [PASS2...] -- [NAME ...]

Each group is a capture's name, the tshark -T pdml output of the capture
with the plugin disabled (the SIP messages the derivation reads), and the
PDML of one or more runs with the plugin (single-pass, -2).  CODES_TSV is
tests/unit/expected-codes.tsv (code and registered phrase of every code in
the table).  Prints every disagreement and a summary per capture and run;
exits 1 on a disagreement, or when the captures together have no response
of a kind the check compares (then it compared nothing of that kind).
"""
import csv
import sys
from collections import Counter

import transactions

PI_NOTE = 0x00400000
PI_SEQUENCE = 0x02000000
RETRANSMISSION = "sipstatus.retransmission"
NEGATIVE_TIME = "sipstatus.response_time.negative"
# The plugin's fields compared, without their "sipstatus." prefix.
FIELDS = ("code", "request_frame", "response_time", "original_frame", "call.outcome", "call.srd",
          "reason.protocol", "reason.cause", "reason.text")
# The kinds of result the captures together must have at least once, or
# the check compared none of them: (label, test on a ResponseResult).
KINDS = (
    ("request frames", lambda r: r.request_frame is not None),
    ("response times", lambda r: r.response_time is not None),
    ("retransmissions", lambda r: r.is_retransmission),
    ("outcomes", lambda r: r.outcome is not None),
    ("SRDs", lambda r: r.srd is not None),
    ("Reasons", lambda r: r.reason is not None),
)


def read_phrases(path):
    with open(path, newline="", encoding="utf-8") as table:
        return {int(row["code"]): row["phrase"] for row in csv.DictReader(table, delimiter="\t")}


def code_expert_item(code, phrases):
    """The name of the code's own expert item (README, Expert items)."""
    if code in phrases:
        return f"sipstatus.code.{code}"
    if 100 <= code <= 699:
        return f"sipstatus.unregistered.{code // 100}xx"
    return "sipstatus.out_of_range"


class PluginResponse:
    """One sipstatus subtree of the plugin's PDML."""

    def __init__(self, proto):
        self.fields = {}
        self.places = {}  # field name -> "pos+size", for fields over the packet's bytes
        self.experts = {}  # expert item name -> (message, severity, group)
        for field in transactions.fields_of(proto):
            name = field.get("name")
            if name == "_ws.expert":
                self.add_expert(field)
            elif name.startswith("sipstatus.") and name not in self.fields:
                self.fields[name] = field.get("show")
                # Generated items lie at 0 with no size; a frame's SIP text
                # never starts at its first byte.
                if field.get("pos") != "0" or field.get("size") != "0":
                    self.places[name] = transactions.bytes_at(field)

    def add_expert(self, expert):
        shown = {f.get("name"): f.get("show") for f in transactions.fields_of(expert)}
        for name in shown:
            if not name.startswith("_ws.expert"):
                self.experts[name] = (shown.get("_ws.expert.message"),
                                      int(shown.get("_ws.expert.severity", "0")),
                                      int(shown.get("_ws.expert.group", "0")))


def plugin_responses(path):
    """frame number -> [PluginResponse, ...] in the order of the PDML."""
    frames = {}
    for packet in transactions.pdml_packets(path):
        responses = [PluginResponse(proto) for proto in packet.iter("proto")
                     if proto.get("name") == "sipstatus"]
        if responses:
            frames[transactions.packet_frame(packet)[0]] = responses
    return frames


def retransmission_message_ok(message, result, phrases):
    """Retransmission of <code> <phrase> (<method>); a code outside the
    table has no registered phrase, so only code and method are checked."""
    head, tail = f"Retransmission of {result.code}", f"({result.method})"
    if result.code in phrases:
        return message == f"{head} {phrases[result.code]} {tail}"
    return message.startswith(head + " ") and message.endswith(" " + tail)


def number(value):
    return None if value is None else str(value)


def plugin_view(response, result, phrases):
    """What the check compares, as the plugin shows it: name -> text or
    None.  Expert items are judged against result where only their form
    can be (their message, severity and group)."""
    code_item = code_expert_item(result.code, phrases)
    view = {name: response.fields.get("sipstatus." + name) for name in FIELDS}
    view["expert " + NEGATIVE_TIME] = "present" if NEGATIVE_TIME in response.experts else None
    view["expert " + code_item] = "present" if code_item in response.experts else None
    retransmission = response.experts.get(RETRANSMISSION)
    if retransmission is None:
        view["expert " + RETRANSMISSION] = None
    else:
        message, severity, group = retransmission
        well_formed = (severity == PI_NOTE and group == PI_SEQUENCE and
                       retransmission_message_ok(message, result, phrases))
        view["expert " + RETRANSMISSION] = (
            "present" if well_formed else f"{message!r} severity {severity:#x} group {group:#x}")
    # A Reason text shown over bytes is over the SIP dissector's (a copy,
    # for a message not in the frame's own bytes, is over none).
    at = response.places.get("sipstatus.reason.text")
    view["reason.text bytes"] = (
        "the dissector's" if at is None or (result.reason and at == result.reason.text_at)
        else at)
    others = sorted(set(response.experts) - {NEGATIVE_TIME, code_item, RETRANSMISSION})
    view["other expert items"] = ", ".join(others) or None
    return view


def expected_view(result, phrases):
    """The same from the derivation."""
    return {
        "code": str(result.code),
        "request_frame": number(result.request_frame),
        "response_time": number(result.response_time),
        "original_frame": number(result.original_frame),
        "call.outcome": number(result.outcome),
        "call.srd": number(result.srd),
        "reason.protocol": result.reason.protocol if result.reason else None,
        "reason.cause": number(result.reason.cause) if result.reason else None,
        "reason.text": result.reason.text if result.reason else None,
        "reason.text bytes": "the dissector's",
        "expert " + NEGATIVE_TIME: "present" if result.negative_time else None,
        "expert " + code_expert_item(result.code, phrases):
            None if result.is_retransmission else "present",
        "expert " + RETRANSMISSION: "present" if result.is_retransmission else None,
        "other expert items": None,
    }


def shown(value):
    return "-" if value is None else value


def disagreements(expected, plugin, phrases):
    """(frame, response label, field, plugin value, expected value) for
    every difference, frames in order."""
    by_frame = {}
    for result in expected:
        by_frame.setdefault(result.frame, []).append(result)
    for frame in sorted(set(by_frame) | set(plugin)):
        want, got = by_frame.get(frame, []), plugin.get(frame, [])
        if len(want) != len(got):
            yield frame, "", "responses in the frame", str(len(got)), str(len(want))
        for index, (result, response) in enumerate(zip(want, got), 1):
            label = f" response {index}/{len(want)}" if len(want) > 1 else ""
            theirs, ours = plugin_view(response, result, phrases), expected_view(result, phrases)
            for name in ours:
                if theirs[name] != ours[name]:
                    yield frame, label, name, shown(theirs[name]), shown(ours[name])


def summary(expected):
    counts = [f"{len(expected)} responses"]
    counts += [f"{sum(map(test, expected))} {label}" for label, test in KINDS]
    counts.append(f"{sum(r.negative_time for r in expected)} negative times")
    outcomes = Counter(transactions.OUTCOME_NAMES[r.outcome]
                       for r in expected if r.outcome is not None)
    if outcomes:
        counts.append("(" + ", ".join(f"{n} {name}" for name, n in sorted(outcomes.items())) + ")")
    return ", ".join(counts)


def check_capture(name, plain, runs, phrases):
    """Compares each run with the derivation; returns (failed, derived,
    the number of Reason texts the runs show over bytes)."""
    expected = transactions.derive(transactions.read_messages(plain))
    failed = False
    over_bytes = 0
    for run, path in enumerate(runs, 1):
        plugin = plugin_responses(path)
        over_bytes += sum("sipstatus.reason.text" in response.places
                          for responses in plugin.values() for response in responses)
        found = list(disagreements(expected, plugin, phrases))
        for frame, label, field, theirs, ours in found:
            print(f"  {name} (pass {run}): frame {frame}{label}: {field}: "
                  f"plugin {theirs}, expected {ours}")
        verdict = f"FAIL ({len(found)} disagreements)" if found else "ok"
        print(f"{verdict}: {name} (pass {run}): {summary(expected)}")
        failed = failed or bool(found)
    return failed, expected, over_bytes


def kinds_missing(kinds, items):
    """The labels of the kinds (label, test) that none of items has."""
    return [label for label, test in kinds if not any(map(test, items))]


def groups(args, leading=2, usage="NAME PLAIN PASS..."):
    """The groups of args separated by "--": each group's first leading
    arguments, then the list of the others (at least one)."""
    group = []
    for arg in args + ["--"]:
        if arg != "--":
            group.append(arg)
        elif group:
            if len(group) <= leading:
                raise SystemExit(f"usage: a group needs {usage}, got {group}")
            yield (*group[:leading], group[leading:])
            group = []


def main(argv):
    if len(argv) < 5:
        sys.stderr.write(__doc__)
        return 2
    phrases = read_phrases(argv[1])
    failed = False
    everything = []
    texts_over_bytes = 0
    for name, plain, runs in groups(argv[2:]):
        capture_failed, expected, over_bytes = check_capture(name, plain, runs, phrases)
        failed = failed or capture_failed
        everything += expected
        texts_over_bytes += over_bytes
    for label in kinds_missing(KINDS, everything):
        print(f"FAIL: the captures have no {label}: the check compared none")
        failed = True
    if not texts_over_bytes:
        print("FAIL: no run shows a Reason text over bytes: the check compared no places")
        failed = True
    print(f"{'FAIL' if failed else 'ok'}: all captures: {summary(everything)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
