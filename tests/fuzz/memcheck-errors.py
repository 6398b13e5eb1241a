#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Sorts valgrind memcheck XML reports into ours and Wireshark's.

usage: memcheck-errors.py MODULE REPORT.xml...

An error is ours when any frame of any of its stacks (where it happened,
and where the block was allocated or freed) is in MODULE (a file name such
as sipstatus.so).  A leak is ours when the code that asked for the block is:
the first frame of its allocation stack past the allocators (malloc and
friends, GLib, wmem_*) is in MODULE.  A block that Wireshark allocates for
its own structures while serving a call from the plugin (stats_tree nodes,
which tshark -2 never frees for any statistics tree, dns,tree included) is
Wireshark's.  Prints one block per error of ours and a count per kind of the
others; exits 1 when there is an error of ours.
"""
import collections
import sys
import xml.etree.ElementTree as ET


def frames(error):
    for stack in error.iter("stack"):
        for frame in stack.iter("frame"):
            yield frame


def is_allocator(frame):
    obj = frame.findtext("obj") or ""
    fn = frame.findtext("fn") or ""
    return ("/vgpreload_" in obj or "/libglib-2.0.so" in obj or fn.startswith("wmem_")
            or fn in ("malloc", "calloc", "realloc", "free", "strdup", "strndup")
            or fn.startswith("__vasprintf") or fn.startswith("__libc_"))


def requester(error):
    """The first frame of a leak's allocation stack past the allocators."""
    for frame in error.find("stack").iter("frame"):
        if not is_allocator(frame):
            return frame
    return None


def in_module(frame, module):
    return frame is not None and (frame.findtext("obj") or "").endswith("/" + module)


def describe(frame):
    where = frame.findtext("file")
    where = "%s:%s" % (where, frame.findtext("line")) if where else frame.findtext("obj")
    return "%s (%s)" % (frame.findtext("fn") or "??", where)


def main(module, reports):
    ours, theirs = [], collections.Counter()
    for report in reports:
        try:
            root = ET.parse(report).getroot()
        except ET.ParseError as error:
            print("%s: unreadable report: %s" % (report, error))
            return 1
        for error in root.iter("error"):
            kind = error.findtext("kind")
            if kind.startswith("Leak_"):
                mine = in_module(requester(error), module)
            else:
                mine = any(in_module(frame, module) for frame in frames(error))
            if mine:
                what = error.findtext("what") or error.findtext("xwhat/text")
                stack = "\n".join("    " + describe(f) for f in frames(error))
                ours.append("%s: %s: %s\n%s" % (report, kind, what, stack))
            elif any(in_module(frame, module) for frame in frames(error)):
                theirs[kind + " (allocated by Wireshark on a call from %s)" % module] += 1
            else:
                theirs[kind] += 1
    for block in ours:
        print(block)
    print("Errors of %s: %d" % (module, len(ours)))
    print("Others (Wireshark's own, not failing): %s" % (
        ", ".join("%s %d" % item for item in sorted(theirs.items())) or "none"))
    return 1 if ours else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
