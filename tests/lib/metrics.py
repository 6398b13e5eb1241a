#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The independent derivation of sipstatus's RFC 6076 metrics tables.

Written from /work/notes/spec-metrics.md (the contract between the plugin
and this check), not from the plugin's code: from the transactions that
transactions.py derives on the whole capture and the frames that pass the
statistics filter, it computes the tables `tshark -q -z
sipstatus,metrics[,FILTER]` must print.

usage: metrics.py PDML [FILTER FRAMES]   (PDML: tshark -T pdml output with
    sipstatus disabled; FRAMES: the numbers of the frames FILTER passes,
    one a line; prints the tables)
"""
import sys
from dataclasses import dataclass, field
from typing import List

import transactions

DEFAULT_ISA_CODES = frozenset({408, 500, 503, 504})
CHALLENGE_CODES = frozenset({401, 407})
EFFECTIVE_CODES = frozenset({200, 480, 486, 600, 603})  # SEER's part
RULE = "=" * 101
TITLE = "SIP Response Status/Metrics (RFC 6076):"
COLUMNS = "# |Metric |Value |Population |"
ALL_PEERS = "All peers"


def is_final(code):
    return 200 <= code <= 699


def is_2xx(code):
    return 200 <= code <= 299


def is_failure(code):
    """4xx except 401, 402 and 407, 5xx or 6xx."""
    return 400 <= code <= 699 and code not in transactions.NO_SRD_CODES


def is_invite(request):
    """A session-starting INVITE (a re-INVITE has a To tag)."""
    return request.method == "INVITE" and request.to_tag is None


class Tracked:
    """What the metrics follow of one transaction."""

    def __init__(self):
        self.request = None  # first copy of the request
        self.counts = False  # that first copy passed the filter
        self.peer = None
        self.result = None  # the response Message that is the result
        self.result_srd_ns = None  # that response's SRD
        self.first_final_code = None  # whole capture, for registrations
        self.attempt_start = None  # the REGISTER (Tracked) starting its attempt
        self.ended_by_counted_bye = False
        self.sdt_ns = None

    @property
    def result_code(self):
        return None if self.result is None else self.result.code

    def kind(self):
        if self.request is None:
            return None
        if is_invite(self.request):
            return "INVITE"
        return self.request.method if self.request.method in ("REGISTER", "BYE") else None


def relation(call_id, tag):
    """The key relating requests by Call-ID and tag, None when either is
    absent."""
    return None if call_id is None or tag is None else (call_id, tag)


def ratio(part, whole):
    return "undefined" if whole == 0 else "%.2f %%" % (100.0 * part / whole)


def counted(number, noun):
    """number and noun, the noun plural unless number is exactly 1
    ("copy" becomes "copies")."""
    if number == 1:
        return f"1 {noun}"
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{number} {plural}"


def delays(values_ns):
    if not values_ns:
        return "none"
    average = float(sum(values_ns)) / len(values_ns) / 1e6
    return "avg %.3f, min %.3f, max %.3f ms" % (average, min(values_ns) / 1e6,
                                                max(values_ns) / 1e6)


@dataclass
class Table:
    """One table's counts: "All peers" or one peer's."""
    title: str
    isa_codes: frozenset = DEFAULT_ISA_CODES
    invites: int = 0
    invites_3xx: int = 0
    invites_200: int = 0
    invites_effective: int = 0
    invites_isa: int = 0
    srd_success: List[int] = field(default_factory=list)
    srd_failure: List[int] = field(default_factory=list)
    rrd: List[int] = field(default_factory=list)
    registers: int = 0
    registers_failed: int = 0
    registers_unanswered: int = 0
    byes: int = 0
    sdd: List[int] = field(default_factory=list)
    sdt: List[int] = field(default_factory=list)
    unanswered: int = 0
    transactions: int = 0
    retransmitted_requests: int = 0
    retransmitted_responses: int = 0

    def add(self, tracked, rrd_ns):
        """Counts a transaction that counts."""
        self.transactions += 1
        code = tracked.result_code
        if code is None:
            self.unanswered += 1
        kind = tracked.kind()
        if kind == "INVITE":
            self.add_invite(tracked, code)
        elif kind == "REGISTER":
            self.registers += 1
            self.registers_failed += code is not None and is_failure(code)
            self.registers_unanswered += code is None
            if rrd_ns is not None:
                self.rrd.append(rrd_ns)
        elif kind == "BYE":
            self.byes += 1
            if code is not None and is_2xx(code):
                self.sdd.append(tracked.result.time_ns - tracked.request.time_ns)

    def add_invite(self, tracked, code):
        self.invites += 1
        if code is None:
            return
        self.invites_3xx += 300 <= code <= 399
        self.invites_200 += code == 200
        self.invites_effective += code in EFFECTIVE_CODES
        self.invites_isa += code in self.isa_codes
        srd = tracked.result_srd_ns
        if srd is not None and is_2xx(code):
            self.srd_success.append(srd)
        elif srd is not None and is_failure(code):
            self.srd_failure.append(srd)
        if tracked.sdt_ns is not None:
            self.sdt.append(tracked.sdt_ns)

    def rows(self):
        """(metric, value, population) for the 12 rows, in order."""
        whole = self.invites - self.invites_3xx
        excluded = f"({self.invites_3xx} answered 3xx excluded)"
        retransmissions = self.retransmitted_requests + self.retransmitted_responses
        register_failures = self.registers_failed + self.registers_unanswered
        return [
            ("SER", ratio(self.invites_200, whole),
             f"{self.invites_200} of {counted(whole, 'INVITE')} {excluded}"),
            ("SEER", ratio(self.invites_effective, whole),
             f"{self.invites_effective} of {counted(whole, 'INVITE')} {excluded}"),
            ("ISA", ratio(self.invites_isa, self.invites),
             f"{self.invites_isa} of {counted(self.invites, 'INVITE')}"),
            ("SRD (success)", delays(self.srd_success),
             f"{counted(len(self.srd_success), 'INVITE')} answered 2xx"),
            ("SRD (failure)", delays(self.srd_failure),
             f"{counted(len(self.srd_failure), 'failed INVITE')}"),
            ("RRD", delays(self.rrd), f"{counted(len(self.rrd), 'successful registration')}"),
            ("IRA", ratio(register_failures, self.registers),
             f"{register_failures} of {counted(self.registers, 'REGISTER')} "
             f"({self.registers_failed} failed, {self.registers_unanswered} without a final "
             "response)"),
            ("SDD", delays(self.sdd), f"{counted(len(self.sdd), 'BYE')} answered 2xx"),
            ("SDT", delays(self.sdt),
             f"{counted(len(self.sdt), 'answered call')} ended by a BYE"),
            ("Unanswered", str(self.unanswered),
             f"of {counted(self.transactions, 'request')} had no final response"),
            ("Retransmissions", str(retransmissions),
             f"{counted(self.retransmitted_requests, 'request copy')}, "
             f"{counted(self.retransmitted_responses, 'response copy')}"),
            ("Transactions", str(self.transactions),
             f"{counted(self.invites, 'INVITE')} starting a session, "
             f"{counted(self.registers, 'REGISTER')}, {counted(self.byes, 'BYE')}"),
        ]

    def lines(self):
        return [self.title] + [f"{number:>2} |{name:<15} |{value:<38} |{population} |"
                               for number, (name, value, population)
                               in enumerate(self.rows(), 1)]


class Metrics:
    """The metrics of one capture: walks its messages in order."""

    def __init__(self, passes, isa_codes):
        self.passes = passes  # frame number -> whether the filter passes it
        self.isa_codes = isa_codes
        self.tracked = {}  # Transaction -> Tracked
        self.all_peers = Table(ALL_PEERS, isa_codes)
        self.peers = {}  # address -> Table, in order of first becoming a peer
        # Whole-capture relations: (Call-ID, From tag) -> latest Tracked.
        self.latest_register = {}
        self.latest_invite = {}

    def peer_table(self, address):
        if address not in self.peers:
            self.peers[address] = Table(f"Peer {address}", self.isa_codes)
        return self.peers[address]

    def set_peer(self, tracked, address):
        tracked.peer = address
        if address is not None:
            self.peer_table(address)

    def step(self, step):
        if step.transaction is None:
            return
        tracked = self.tracked.setdefault(step.transaction, Tracked())
        message, passed = step.message, self.passes(step.message.frame)
        if step.retransmission or (step.result is not None and step.result.is_retransmission):
            if passed:
                self.count_retransmission(tracked, message.is_request)
        elif message.is_request:
            self.first_request_copy(tracked, message, passed)
        else:
            self.original_response(tracked, message, step.result, passed)

    def count_retransmission(self, tracked, of_request):
        tables = [self.all_peers]
        if tracked.counts and tracked.peer is not None:
            tables.append(self.peers[tracked.peer])
        for table in tables:
            if of_request:
                table.retransmitted_requests += 1
            else:
                table.retransmitted_responses += 1

    def first_request_copy(self, tracked, request, passed):
        tracked.request = request
        kind = tracked.kind()
        # Relations need a Call-ID and a tag: absent never equals absent.
        dialog = relation(request.call_id, request.from_tag)
        if kind == "REGISTER":
            latest = self.latest_register.get(dialog)
            challenged = latest is not None and latest.first_final_code in CHALLENGE_CODES
            tracked.attempt_start = latest.attempt_start if challenged else tracked
            if dialog is not None:
                self.latest_register[dialog] = tracked
        elif kind == "INVITE" and dialog is not None:
            self.latest_invite[dialog] = tracked
        if not passed:
            return
        tracked.counts = True
        self.set_peer(tracked, request.dst)
        if kind == "BYE":
            self.counted_bye(request)

    def ended_invite(self, bye):
        """The latest session-starting INVITE of the BYE's call matching its
        From tag if there is one, else the latest matching its To tag."""
        for tag in (bye.from_tag, bye.to_tag):
            invite = self.latest_invite.get(relation(bye.call_id, tag))
            if invite is not None:
                return invite
        return None

    def counted_bye(self, bye):
        """The first counted BYE of a call decides its SDT: the INVITE gets
        one when it already had its 2xx, else none at all."""
        invite = self.ended_invite(bye)
        if invite is None or invite.ended_by_counted_bye:
            return
        invite.ended_by_counted_bye = True
        if invite.counts and invite.result_code is not None and is_2xx(invite.result_code):
            invite.sdt_ns = bye.time_ns - invite.result.time_ns

    def original_response(self, tracked, response, result, passed):
        if not is_final(response.code):
            return
        if tracked.first_final_code is None:
            tracked.first_final_code = response.code
        if not (passed and tracked.counts):
            return
        if tracked.result is None:
            self.set_peer(tracked, response.src)
        elif is_2xx(tracked.result_code) or not is_2xx(response.code):
            return
        tracked.result, tracked.result_srd_ns = response, result.srd_ns

    def registration_delay(self, tracked):
        """RRD of a counted REGISTER, ns, or None."""
        start = tracked.attempt_start
        if tracked.kind() != "REGISTER" or tracked.result_code != 200 or not start.counts:
            return None
        return tracked.result.time_ns - start.request.time_ns

    def tables(self):
        """All peers, then each peer's table in order."""
        for tracked in self.tracked.values():
            if tracked.counts:
                rrd_ns = self.registration_delay(tracked)
                self.all_peers.add(tracked, rrd_ns)
                if tracked.peer is not None:
                    self.peers[tracked.peer].add(tracked, rrd_ns)
        return [self.all_peers] + list(self.peers.values())


def compute(messages, passing_frames=None, isa_codes=DEFAULT_ISA_CODES):
    """The Tables of a capture's messages (capture order); passing_frames:
    the frame numbers the filter passes, None without a filter."""
    passes = (lambda frame: True) if passing_frames is None else passing_frames.__contains__
    metrics = Metrics(passes, isa_codes)
    for step in transactions.walk(messages):
        metrics.step(step)
    return metrics.tables()


def render(tables, filter_text=None):
    """The text tshark prints for the tables, line by line."""
    lines = ["", RULE, TITLE, f"Filter for statistics: {filter_text or ''}", COLUMNS]
    for table in tables:
        lines += table.lines()
    return lines + [RULE]


def read_frames(path):
    with open(path, encoding="utf-8") as numbers:
        return {int(line) for line in numbers if line.strip()}


def main(argv):
    if len(argv) not in (2, 4):
        sys.stderr.write(__doc__)
        return 2
    filter_text, frames = (argv[2], read_frames(argv[3])) if len(argv) == 4 else (None, None)
    tables = compute(transactions.read_messages(argv[1]), frames)
    print("\n".join(render(tables, filter_text)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
