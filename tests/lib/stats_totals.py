#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks the sipstatus,tree stats tree against the plugin's own fields.

usage: stats_totals.py TREE.txt PLUGIN.pdml

The tree is fed by the "sipstatus" tap, the fields by the post-dissector:
this catches a tap queued too often, too rarely or with the wrong frame,
and averages that are not those of the responses' sipstatus.response_time.
Under "SIP responses", each class > code node counts the original responses
that have a response time, "Retransmissions" > code the copies, "Without a
response time" > code the rest (no time, or one over 2^31 - 1 ms); the code
nodes' Average, Min and Max are those of sipstatus.response_time.  Prints what differs; exit 1 if anything.
"""
import collections
import sys

import check_transactions

COPIES = "Retransmissions"
UNTIMED = "Without a response time"
ROOT = "SIP responses"
# The tree's averages are of ints: longer response times are apart.
INT_MAX = 2**31 - 1


def tree_nodes(path):
    """{(subtree, code): (count, average, min, max)} and the root's count."""
    nodes, total, columns, subtree, in_root = {}, None, None, None, False
    for line in open(path):
        if line.startswith("Topic / Item"):
            columns = {name: line.index(name) for name in ("Count", "Average", "Min Val",
                                                             "Max Val", "Rate (ms)")}
            continue
        if columns is None or not line.strip() or line.startswith(("-", "=")):
            continue
        depth = len(line) - len(line.lstrip(" "))
        name = line[:columns["Count"]].strip()

        def column(title, end):
            return line[columns[title]:columns[end]].strip()
        if depth == 0:
            in_root = name == ROOT
            if in_root:
                total = int(column("Count", "Average"))
            continue
        if not in_root:
            continue
        if depth == 1:
            subtree = name if name in (COPIES, UNTIMED) else "classes"
        elif depth == 2:
            code = int(name.split()[0])
            nodes[(subtree, code)] = (int(column("Count", "Average")),
                                      column("Average", "Min Val"),
                                      column("Min Val", "Max Val"),
                                      column("Max Val", "Rate (ms)"))
    return nodes, total


def field_nodes(path):
    times = collections.defaultdict(list)
    total = 0
    for responses in check_transactions.plugin_responses(path).values():
        for response in responses:
            total += 1
            code = int(response.fields["sipstatus.code"])
            time = response.fields.get("sipstatus.response_time")
            if "sipstatus.original_frame" in response.fields:
                times[(COPIES, code)].append(None)
            elif time is None or int(time) > INT_MAX:
                times[(UNTIMED, code)].append(None)
            else:
                times[("classes", code)].append(int(time))
    nodes = {}
    for key, values in times.items():
        if key[0] == "classes":
            nodes[key] = (len(values), "%.2f" % (sum(values) / len(values)),
                          str(min(values)), str(max(values)))
        else:
            nodes[key] = (len(values), "", "", "")
    return nodes, total


def main(argv):
    tree, tree_total = tree_nodes(argv[1])
    fields, field_total = field_nodes(argv[2])
    failed = tree_total != field_total
    if failed:
        print("  total: tree %s, fields %s" % (tree_total, field_total))
    for key in sorted(set(tree) | set(fields)):
        if tree.get(key) != fields.get(key):
            print("  %s %s: tree %s, fields %s" % (key[0], key[1], tree.get(key), fields.get(key)))
            failed = True
    copies = sum(v[0] for k, v in fields.items() if k[0] == COPIES)
    print("%d responses, %d codes, %d copies" % (field_total, len(fields), copies))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
