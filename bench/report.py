#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Markdown tables from bench/run's results.

usage: report.py RESULTS.tsv RUN(long|quick|rss|short)

RESULTS.tsv lines: metric, input, configuration, mode, value, and the packet
count (instructions, instructions_whole, rss_kib) or the standard deviation
(seconds).
"""
import collections
import math
import sys

CONFIGS = ["none", "floor", "sipstatus", "lua", "disabled"]
MODES = [("plain", "`-r`"), ("sip", "`-Y sip`"), ("expert", "`-q -z expert`"), ("V", "`-V`")]
# Most the plugin may cost over the floor, per input and mode (issue 15).
PLUGIN_TARGET = {
    "mix": {"plain": 1.02, "sip": 1.02, "expert": 1.02, "V": 1.02},
    "sip": {"plain": 1.05, "sip": 1.05, "expert": 1.06, "V": 1.06},
    "unique": {"expert": 1.06},
}
DISABLED_TARGET = 1.005
RSS_TARGET = 1.03
# bench/run --short (the test suite's version): the most sipstatus may cost
# over the floor with tshark -r: the targets.
SHORT_BUDGET = {"mix": PLUGIN_TARGET["mix"]["plain"], "sip": PLUGIN_TARGET["sip"]["plain"]}


def target(input_, mode):
    return PLUGIN_TARGET[input_.split("-")[0]][mode]


def mark(ok):
    return "✅" if ok else "❌"


def ratio(value, reference, target):
    r = value / reference
    return "%.4f %s" % (r, mark(r <= target))


def lua_factor(lua, plugin, floor):
    """How many times the plugin's cost above the floor a Lua post-dissector
    doing the older, smaller job costs: a comparison, not a target."""
    plugin_cost = plugin - floor
    if plugin_cost <= 0:
        return "∞"
    return "%.1f×" % ((lua - floor) / plugin_cost)


def load(path):
    data = collections.defaultdict(dict)
    for line in open(path):
        metric, input_, config, mode, value, extra = line.rstrip("\n").split("\t")
        data[metric][(input_, config, mode)] = (float(value), float(extra))
    return data


def table(header, rows):
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()


def per_packet(data, key, metric="instructions"):
    total, packets = data[metric][key]
    return total / packets


def packet_count_of(data, input_, mode):
    return int(data["instructions"][(input_, "floor", mode)][1])


def packet_count(data, input_):
    return packet_count_of(data, input_, "plain")


def instructions(data):
    inputs = sorted({k[0] for k in data["instructions"]
                     if k[0].endswith("-10k") and not k[0].startswith("unique")})
    for input_ in inputs:
        packets = packet_count(data, input_)
        print("**Instructions per packet inside dissection** (callgrind), %s: %d packets\n"
              % (input_, packets))
        rows = []
        for mode, label in MODES:
            v = {c: per_packet(data, (input_, c, mode)) for c in CONFIGS}
            rows.append([label] + ["%.0f" % v[c] for c in CONFIGS] + [
                ratio(v["sipstatus"], v["floor"], target(input_, mode)),
                ratio(v["disabled"], v["none"], DISABLED_TARGET),
                lua_factor(v["lua"], v["sipstatus"], v["floor"])])
        targets = PLUGIN_TARGET[input_.split("-")[0]]
        table(["mode"] + CONFIGS + [
            "sipstatus ÷ floor (≤ %s)" % "/".join(
                "%s" % t for t in sorted(set(targets.values()))),
            "disabled ÷ none (≤ %s)" % DISABLED_TARGET,
            "Lua ÷ sipstatus, cost above floor"], rows)


# Variants of the floor (bench/floor/floor.c): what each adds to the floor,
# and what sipstatus costs above it.
FLOOR_VARIANTS = [
    ("pairing", "The SIP dissector's request matching",
     "the floor that also asks for sip.response-request and sip.response-time"),
    ("methods", "Finding requests by their sip.Method item",
     "the floor that also asks for sip.Method"),
    ("siptap", "The SIP dissector's tap",
     "the floor that also listens to the \"sip\" tap (sip_info_value_t)"),
    ("expert", "One expert item per response",
     "the floor that also adds one fixed expert item per response"),
    ("inputs", "What sipstatus reads, and one expert item per response",
     "the expert floor that also asks for sip.Method, as sipstatus does"),
]


def floor_variants(data):
    for variant, title, what in FLOOR_VARIANTS:
        inputs = sorted({k[0] for k in data["instructions"]
                         if k[1] == variant and not k[0].startswith("unique")})
        for input_ in inputs:
            print("**%s** (callgrind, instructions per packet; %s: %s), %s\n"
                  % (title, variant, what, input_))
            rows = []
            configs = ("floor", variant, "sipstatus")
            for mode, label in MODES:
                v = {c: per_packet(data, (input_, c, mode)) for c in configs}
                rows.append([label] + ["%.0f" % v[c] for c in configs] + [
                    "%.0f" % (v[variant] - v["floor"]), "%.4f" % (v[variant] / v["floor"]),
                    "%.4f" % (v["sipstatus"] / v[variant])])
            table(["mode", "floor", variant, "sipstatus", "%s − floor" % variant,
                   "%s ÷ floor" % variant, "sipstatus ÷ %s" % variant], rows)


def flatness(data):
    rows = []
    plain = {k[0] for k in data["instructions"] if k[1:] == ("floor", "plain")}
    for input_ in sorted(plain, key=lambda name: (name.split("-")[0], packet_count(data, name))):
        floor = per_packet(data, (input_, "floor", "plain"))
        plugin = per_packet(data, (input_, "sipstatus", "plain"))
        packets = packet_count(data, input_)
        rows.append([input_, "%d" % packets, "%.0f" % floor, "%.0f" % plugin,
                     "%.0f" % (plugin - floor), "%.4f" % (plugin / floor)])
    print("**Instructions per packet by file size** (callgrind, `tshark -r`)\n")
    table(["input", "packets", "floor", "sipstatus", "sipstatus − floor", "ratio"], rows)


def unique_text(data):
    """-q -z expert on responses whose Reason, Warning and method texts are
    all different: the cost per packet must not grow with the file (tshark's
    expert tally compares each message with every distinct one)."""
    inputs = sorted({k[0] for k in data["instructions"] if k[0].startswith("unique")},
                    key=lambda name: packet_count_of(data, name, "expert"))
    if not inputs:
        return
    rows = []
    for input_ in inputs:
        floor = per_packet(data, (input_, "floor", "expert"))
        inputs_floor = per_packet(data, (input_, "inputs", "expert"))
        plugin = per_packet(data, (input_, "sipstatus", "expert"))
        rows.append([input_, "%d" % packet_count_of(data, input_, "expert"), "%.0f" % floor,
                     "%.0f" % inputs_floor, "%.0f" % plugin, "%.0f" % (plugin - floor),
                     "%.0f" % (plugin - inputs_floor),
                     ratio(plugin, floor, target(input_, "expert")),
                     "%.4f" % (plugin / inputs_floor)])
    print("**Unique Reason, Warning and method texts** (callgrind, `tshark -q -z expert`, "
          "instructions per packet; inputs: the floor that asks for every field sipstatus "
          "asks for and adds one fixed expert item per response)\n")
    table(["input", "packets", "floor", "inputs", "sipstatus", "sipstatus − floor",
           "sipstatus − inputs", "÷ floor (≤ %s)" % PLUGIN_TARGET["unique"]["expert"],
           "÷ inputs"], rows)


def whole_run(data):
    """The plugin's cost over the whole tshark run against its cost inside
    dissection: the difference is what tshark does for it per packet outside
    epan_dissect_run (priming every wanted field, freeing the tree), plus
    start-up and exit spread over the packets."""
    rows = []
    for input_ in sorted({k[0] for k in data["instructions_whole"]}):
        whole = {c: per_packet(data, (input_, c, "plain"), "instructions_whole")
                 for c in ("floor", "sipstatus")}
        inside = (per_packet(data, (input_, "sipstatus", "plain"))
                  - per_packet(data, (input_, "floor", "plain")))
        cost = whole["sipstatus"] - whole["floor"]
        rows.append([input_, "%.0f" % whole["floor"], "%.0f" % whole["sipstatus"],
                     "%.0f" % cost, "%.0f" % inside, "%.0f" % (cost - inside),
                     "%.4f" % (whole["sipstatus"] / whole["floor"])])
    print("**Whole tshark run** (callgrind without toggles, `tshark -r`, instructions "
          "per packet)\n")
    table(["input", "floor", "sipstatus", "sipstatus − floor", "of it inside dissection",
           "outside dissection", "ratio"], rows)


def noisy_ratio(value, reference, target):
    """Ratio of two hyperfine means with its standard deviation, judged only
    when the noise allows: ✅ under target by 2σ, ❌ over it by 2σ.  Both
    commands do at least the reference's work, so a ratio under 1 by 2σ means
    the machine's load changed between them: noise too."""
    r = value[0] / reference[0]
    sigma = r * math.hypot(value[1] / value[0], reference[1] / reference[0])
    if r + 2 * sigma < 1 or r - 2 * sigma <= target < r + 2 * sigma:
        verdict = "(noise)"
    else:
        verdict = mark(r <= target)
    return "%.3f ± %.3f %s" % (r, sigma, verdict)


def wall_clock(data):
    inputs = sorted({k[0] for k in data["seconds"]})
    for input_ in inputs:
        print("**Wall clock** (hyperfine, mean ± σ in seconds, whole tshark run), %s\n"
              % input_)
        rows = []
        for mode, label in MODES:
            v = {c: data["seconds"][(input_, c, mode)] for c in CONFIGS}
            rows.append([label] + ["%.3f ± %.3f" % v[c] for c in CONFIGS] + [
                noisy_ratio(v["sipstatus"], v["floor"], target(input_, mode)),
                noisy_ratio(v["disabled"], v["none"], DISABLED_TARGET)])
        table(["mode"] + CONFIGS + ["sipstatus ÷ floor", "disabled ÷ none"], rows)


def rss(data):
    rows = []
    for input_ in sorted({k[0] for k in data["rss_kib"]}):
        v = {c: data["rss_kib"][(input_, c, "plain")][0] for c in CONFIGS}
        rows.append([input_] + ["%.0f" % v[c] for c in CONFIGS] + [
            ratio(v["sipstatus"], v["floor"], RSS_TARGET),
            ratio(v["disabled"], v["none"], RSS_TARGET)])
    print("**Peak RSS** (KiB, `/usr/bin/time -f %M`, `tshark -r`)\n")
    table(["input"] + CONFIGS + ["sipstatus ÷ floor (≤ 1.03)", "disabled ÷ none"], rows)


def short(data):
    """Budget check for bench/run --short; returns whether it passed."""
    rows, passed = [], True
    configs = ("none", "floor", "sipstatus", "disabled")
    for input_ in sorted({k[0] for k in data["instructions"]}):
        v = {c: per_packet(data, (input_, c, "plain")) for c in configs}
        budget = SHORT_BUDGET[input_.split("-")[0]]
        plugin_ok = v["sipstatus"] / v["floor"] <= budget
        disabled_ok = v["disabled"] / v["none"] <= DISABLED_TARGET
        passed = passed and plugin_ok and disabled_ok
        rows.append([input_] + ["%.0f" % v[c] for c in configs]
                    + [ratio(v["sipstatus"], v["floor"], budget) + " (≤ %s)" % budget,
                       ratio(v["disabled"], v["none"], DISABLED_TARGET)])
    print("**Instructions per packet inside dissection** (callgrind, `tshark -r`)\n")
    table(["input"] + list(configs) + ["sipstatus ÷ floor",
           "disabled ÷ none (≤ %s)" % DISABLED_TARGET], rows)
    return passed


def main(argv):
    data = load(argv[1])
    if argv[2] == "short":
        return 0 if short(data) else 1
    if argv[2] == "unique":
        unique_text(data)
        return 0
    if data["instructions"]:  # not with --rss
        instructions(data)
        floor_variants(data)
        flatness(data)
        unique_text(data)
        if data["instructions_whole"]:
            whole_run(data)
    if data["seconds"]:
        wall_clock(data)
    if data["rss_kib"]:
        rss(data)
    elif argv[2] == "quick":
        print("(Peak RSS at 1M packets: long run only.)\n")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv))
