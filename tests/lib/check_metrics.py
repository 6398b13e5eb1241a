#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compares the plugin's RFC 6076 metrics tables (tshark -q -z
sipstatus,metrics[,FILTER]) with the independent computation of
metrics.py, table by table and row by row.

usage:
  check_metrics.py filters PLAIN
      the filters to try on a capture, best first: ip.addr== (ipv6.addr==)
      its most frequent responding peer when it has several peers, then
      frame.number <= the frame of the first copy of the middle
      transaction's request
  check_metrics.py sip-frames PLAIN
      the numbers of the frames with a SIP message, one a line
  check_metrics.py partial PLAIN FRAMES
      exit 0 when the frames FRAMES lists keep some of the capture's
      transactions and drop others, 1 otherwise
  check_metrics.py compare NAME PLAIN FILTER FRAMES OUTPUT... -- [NAME ...]
      each group: a capture's name, the tshark -T pdml output of the
      capture with the plugin disabled, the statistics filter ("" for
      none) and the file of the frame numbers it passes ("-" for none),
      then the plugin's output of one or more runs (a name ending in .2
      for -2, else single-pass).
      Prints every disagreement and a summary per capture; exits 1 on a
      disagreement, or when the groups together have nothing of a kind
      the check compares (the bundled captures have every kind).
"""
import functools
import sys
from dataclasses import dataclass
from itertools import zip_longest

import check_transactions
import metrics
import transactions

SUMMARY_PARTS = 5  # a capture's summary describes at most that many groups
SHORT_FILTER = 80  # characters of a filter shown (random subsets are long)

# The kinds of value the captures together must have at least once, or the
# check compared none of them: (label, test on an "All peers" Table).
KINDS = (
    ("defined SER", lambda t: t.invites - t.invites_3xx > 0),
    ("SRD (success) value", lambda t: t.srd_success),
    ("SRD (failure) value", lambda t: t.srd_failure),
    ("RRD value", lambda t: t.rrd),
    ("SDD value", lambda t: t.sdd),
    ("SDT value", lambda t: t.sdt),
    ("retransmitted request", lambda t: t.retransmitted_requests),
    ("retransmitted response", lambda t: t.retransmitted_responses),
)


def parse(lines):
    """(header lines, [(title, rows)], trailer lines) of a tap's output:
    the header ends at the column names, a row has columns (" |"), any
    other line before the closing rule is a table's title."""
    header, tables, trailer = [], [], []
    rest = iter(lines)
    for line in rest:
        header.append(line)
        if line == metrics.COLUMNS:
            break
    for line in rest:
        if line == metrics.RULE:
            trailer.append(line)
            break
        if " |" in line and tables:
            tables[-1][1].append(line)
        else:
            tables.append((line, []))
    trailer += list(rest)
    return header, tables, trailer


def row_name(row):
    """The metric's name: the cell after its number."""
    cells = row.split(" |")
    return cells[1].strip() if len(cells) > 1 and cells[1].strip() else "(no name)"


def row_text(row):
    """A row without its number, name and padding, as it reads."""
    if row is None:
        return "-"
    return " | ".join(cell.strip() for cell in row.split(" |")[2:-1]) or repr(row)


def compare_rows(title, theirs, ours):
    for plugin, mine in zip_longest(theirs, ours):
        if plugin != mine:
            name = row_name(mine if mine is not None else plugin)
            theirs_read, ours_read = row_text(plugin), row_text(mine)
            if theirs_read == ours_read:  # only the padding differs
                theirs_read, ours_read = repr(plugin), repr(mine)
            yield f"{title}: {name}", theirs_read, ours_read


def disagreements(plugin_lines, expected_lines):
    """(where, plugin text, expected text) for every difference."""
    their_header, their_tables, their_trailer = parse(plugin_lines)
    our_header, our_tables, our_trailer = parse(expected_lines)
    for index, (plugin, mine) in enumerate(zip_longest(their_header, our_header), 1):
        if plugin != mine:
            yield f"header line {index}", repr(plugin), repr(mine)
    their_titles, our_titles = [t for t, _ in their_tables], [t for t, _ in our_tables]
    if their_titles != our_titles:
        yield "tables", " / ".join(their_titles) or "-", " / ".join(our_titles)
    theirs = dict(their_tables)
    for title, rows in our_tables:
        if title in theirs:
            yield from compare_rows(title, theirs[title], rows)
    if their_trailer != our_trailer:
        yield "after the tables", repr(their_trailer), repr(our_trailer)


def read_lines(path):
    with open(path, encoding="utf-8", errors="surrogateescape") as text:
        return text.read().split("\n")[:-1]


def counted_transactions(messages, frames):
    return metrics.compute(messages, frames)[0].transactions


def request_first_copy_frames(messages):
    return [step.message.frame for step in transactions.walk(messages)
            if step.transaction is not None and step.message.is_request
            and not step.retransmission]


def candidate_filters(messages):
    tables = metrics.compute(messages)
    peers = tables[1:]
    candidates = []
    # With one peer, its address is on nearly every frame: it keeps all.
    if len(peers) > 1:
        # The answered transactions of a peer's table are those it answered.
        busiest = max(peers, key=lambda t: t.transactions - t.unanswered)
        address = busiest.title[len("Peer "):]
        candidates.append(("ipv6.addr==" if ":" in address else "ip.addr==") + address)
    first_copies = request_first_copy_frames(messages)
    if first_copies:
        middle = first_copies[(len(first_copies) + 1) // 2 - 1]
        candidates.append(f"frame.number <= {middle}")
    return candidates or ["frame.number <= 1"]


def keeps_some(messages, frames):
    total = counted_transactions(messages, None)
    return 0 < counted_transactions(messages, frames) < total


def describe(tables):
    """A capture's counts, for its summary."""
    everything = tables[0]
    values = [f"{len(getattr(everything, name))} {label}" for name, label in (
        ("srd_success", "SRD success"), ("srd_failure", "SRD failure"), ("rrd", "RRD"),
        ("sdd", "SDD"), ("sdt", "SDT"))]
    retransmissions = everything.retransmitted_requests + everything.retransmitted_responses
    return (f"{everything.transactions} transactions ({everything.invites} INVITEs, "
            f"{everything.registers} REGISTERs, {everything.byes} BYEs), "
            f"{len(tables) - 1} peers, {', '.join(values)}, {retransmissions} retransmissions")


def shortened(filter_text):
    if len(filter_text) <= SHORT_FILTER:
        return filter_text
    return filter_text[:SHORT_FILTER - 3] + "..."


# A capture's PDML is read once for all its groups.
read_messages = functools.lru_cache(maxsize=None)(transactions.read_messages)


def check_group(name, plain, filter_text, frames_path, outputs):
    """Compares each run with the computation: (disagreement count, tables)."""
    frames = None if frames_path == "-" else metrics.read_frames(frames_path)
    tables = metrics.compute(read_messages(plain), frames)
    expected = metrics.render(tables, filter_text)
    label = f"{name}, filter {shortened(filter_text)}" if filter_text else name
    found = 0
    for output in outputs:
        run = "pass 2" if output.endswith(".2") else "pass 1"
        for where, theirs, ours in disagreements(read_lines(output), expected):
            print(f"  {label} ({run}): {where}: plugin {theirs}, expected {ours}")
            found += 1
    if found and label.endswith("..."):
        print(f"  {name}: the whole filter: {filter_text}")
    return found, tables


@dataclass
class GroupCheck:
    filter_text: str
    disagreements: int
    runs: int
    tables: list


def compare(args):
    by_capture = {}  # name -> [GroupCheck, ...]
    for name, plain, filter_text, frames, outputs in check_transactions.groups(
            args, 4, "NAME PLAIN FILTER FRAMES OUTPUT..."):
        found, tables = check_group(name, plain, filter_text, frames, outputs)
        by_capture.setdefault(name, []).append(GroupCheck(filter_text, found, len(outputs), tables))
    failed = False
    for name, checks in by_capture.items():
        found = sum(c.disagreements for c in checks)
        parts = [(f"filter {shortened(c.filter_text)}: " if c.filter_text else "") +
                 describe(c.tables) for c in checks]
        if len(parts) > SUMMARY_PARTS:
            parts[SUMMARY_PARTS - 1:] = [f"{len(parts) - SUMMARY_PARTS + 1} more filters"]
        verdict = f"FAIL ({found} disagreements)" if found else "ok"
        print(f"{verdict}: {name}: {sum(c.runs for c in checks)} runs; " + "; ".join(parts))
        failed = failed or bool(found)
    all_peers = [c.tables[0] for checks in by_capture.values() for c in checks]
    for label in check_transactions.kinds_missing(KINDS, all_peers):
        print(f"FAIL: no capture has a {label}: the check compared none")
        failed = True
    print(f"{'FAIL' if failed else 'ok'}: {len(by_capture)} captures")
    return 1 if failed else 0


def main(argv):
    command, args = (argv[1], argv[2:]) if len(argv) > 1 else (None, [])
    if command == "filters" and len(args) == 1:
        print("\n".join(candidate_filters(transactions.read_messages(args[0]))))
        return 0
    if command == "partial" and len(args) == 2:
        frames = metrics.read_frames(args[1])
        return 0 if keeps_some(transactions.read_messages(args[0]), frames) else 1
    if command == "sip-frames" and len(args) == 1:
        frames = dict.fromkeys(m.frame for m in transactions.read_messages(args[0]))
        print("\n".join(map(str, frames)))
        return 0
    if command == "compare" and args:
        return compare(args)
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
