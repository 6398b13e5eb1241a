#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compares `tshark -T json` output with and without the plugin.

usage: strip-plugin.py WITH.json WITHOUT.json

Removes the plugin's own additions from WITH (every "sipstatus" layer or
subtree, and every "_ws.expert" entry whose keys other than _ws.expert.*
start with "sipstatus."), then requires the rest to equal WITHOUT, with
duplicate keys and their order kept.  Prints the first difference and exits
1 when they differ.
"""
import json
import sys

PREFIX = "sipstatus."


def pairs(items):
    return ("object", items)


def is_plugin_expert(key, value):
    if key != "_ws.expert" or not isinstance(value, tuple):
        return False
    own = [k for k, _ in value[1] if not k.startswith("_ws.expert")]
    return bool(own) and all(k.startswith(PREFIX) for k in own)


def strip(node):
    if isinstance(node, tuple):
        return ("object", [(k, strip(v)) for k, v in node[1]
                           if k != "sipstatus" and not k.startswith(PREFIX)
                           and not is_plugin_expert(k, v)])
    if isinstance(node, list):
        return [strip(item) for item in node]
    return node


def first_difference(a, b, path="$"):
    if isinstance(a, tuple) and isinstance(b, tuple):
        for i, ((ka, va), (kb, vb)) in enumerate(zip(a[1], b[1])):
            if ka != kb:
                return "%s: key #%d is %r with the plugin, %r without" % (path, i, ka, kb)
            found = first_difference(va, vb, "%s.%s" % (path, ka))
            if found:
                return found
        if len(a[1]) != len(b[1]):
            return "%s: %d keys with the plugin, %d without" % (path, len(a[1]), len(b[1]))
        return None
    if isinstance(a, list) and isinstance(b, list):
        for i, (va, vb) in enumerate(zip(a, b)):
            found = first_difference(va, vb, "%s[%d]" % (path, i))
            if found:
                return found
        if len(a) != len(b):
            return "%s: %d items with the plugin, %d without" % (path, len(a), len(b))
        return None
    if a != b:
        return "%s: %r with the plugin, %r without" % (path, a, b)
    return None


def load(path):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        return json.load(f, object_pairs_hook=pairs)


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    difference = first_difference(strip(load(argv[1])), load(argv[2]))
    if difference:
        print(difference)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
