#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Unit tests of the independent metrics computation (metrics.py) and of
its comparison with the plugin's tables (check_metrics.py), without tshark:
hand-written message lists, one or more per rule of spec-metrics.md."""
import contextlib
import dataclasses
import io
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_metrics  # noqa: E402
import metrics  # noqa: E402
from test_transactions import (  # noqa: E402
    COOKIE_VIA, CSEQ, INVITE_LINE, UAC, UAS, frame, ip, pdml, request, response, sip, status_line,
    via as via_header)

PROXY, OTHER = "198.51.100.1", "203.0.113.9"


def via(branch):
    return dataclasses.replace(COOKIE_VIA, branch="z9hG4bK-" + branch)


def req(frame, ms, method="INVITE", branch="1", **changes):
    """A request of the transaction named branch (UAC to UAS)."""
    return request(frame, ms, method, via=via(branch), **changes)


def resp(frame, ms, code, method="INVITE", branch="1", **changes):
    """A response of the transaction named branch (UAS to UAC)."""
    return response(frame, ms, code, method, via=via(branch), **changes)


def compute(*messages, frames=None, isa_codes=metrics.DEFAULT_ISA_CODES):
    return metrics.compute(list(messages), frames, isa_codes)


def rows(table):
    """metric -> (value, population) of a Table."""
    return {name: (value, population) for name, value, population in table.rows()}


def all_peers(*messages, **options):
    return rows(compute(*messages, **options)[0])


def invite_with(code, branch, frame):
    """A session-starting INVITE at frame answered code 10 ms later."""
    return [req(frame, frame * 100, branch=branch), resp(frame + 1, frame * 100 + 10, code,
                                                         branch=branch, to_tag="to-" + branch)]


class RatioRowsTest(unittest.TestCase):
    CODES = (200, 486, 302, 503, 603, 202)

    def invites(self, **options):
        messages = [m for i, code in enumerate(self.CODES)
                    for m in invite_with(code, str(code), 2 * i + 1)]
        return all_peers(*messages, req(20, 2000, branch="unanswered"), **options)

    def test_ser_is_200_of_invites_without_3xx(self):
        self.assertEqual(self.invites()["SER"],
                         ("16.67 %", "1 of 6 INVITEs (1 answered 3xx excluded)"))

    def test_seer_counts_200_480_486_600_603(self):
        self.assertEqual(self.invites()["SEER"],
                         ("50.00 %", "3 of 6 INVITEs (1 answered 3xx excluded)"))
        for code in (480, 600):
            with self.subTest(code=code):
                self.assertEqual(all_peers(*invite_with(code, "1", 1))["SEER"][0], "100.00 %")

    def test_isa_counts_its_codes_of_all_invites(self):
        self.assertEqual(self.invites()["ISA"], ("14.29 %", "1 of 7 INVITEs"))
        for code in (408, 500, 504):
            with self.subTest(code=code):
                self.assertEqual(all_peers(*invite_with(code, "1", 1))["ISA"][0], "100.00 %")

    def test_isa_codes_preference(self):
        self.assertEqual(self.invites(isa_codes=frozenset({486, 603}))["ISA"],
                         ("28.57 %", "2 of 7 INVITEs"))

    def test_undefined_without_invites(self):
        table = all_peers(req(1, 0, "OPTIONS"), resp(2, 10, 200, "OPTIONS"),
                          req(3, 20, branch="re", to_tag="to-3"), resp(4, 30, 200, branch="re"))
        self.assertEqual(table["SER"], ("undefined", "0 of 0 INVITEs (0 answered 3xx excluded)"))
        self.assertEqual(table["SEER"], ("undefined", "0 of 0 INVITEs (0 answered 3xx excluded)"))
        self.assertEqual(table["ISA"], ("undefined", "0 of 0 INVITEs"))
        self.assertEqual(table["IRA"], ("undefined", "0 of 0 REGISTERs (0 failed, 0 without a "
                                                     "final response)"))

    def test_only_3xx_leaves_ser_undefined(self):
        table = all_peers(*invite_with(302, "1", 1))
        self.assertEqual(table["SER"], ("undefined", "0 of 0 INVITEs (1 answered 3xx excluded)"))
        self.assertEqual(table["ISA"], ("0.00 %", "0 of 1 INVITE"))

    def test_ira_failures_and_registers_without_final_response(self):
        messages = []
        for i, code in enumerate((200, 403, 401, 503, 407, 402, 180)):
            messages += [req(2 * i + 1, 10 * i, "REGISTER", branch=str(i), call_id=f"r{i}"),
                         resp(2 * i + 2, 10 * i + 5, code, "REGISTER", branch=str(i))]
        self.assertEqual(all_peers(*messages)["IRA"],
                         ("42.86 %", "3 of 7 REGISTERs (2 failed, 1 without a final response)"))


class DelayRowsTest(unittest.TestCase):
    def test_srd_success_to_the_first_non_100_provisional(self):
        table = all_peers(req(1, 0), resp(2, 5, 100, to_tag=None), resp(3, 40, 180),
                          resp(4, 900, 200))
        self.assertEqual(table["SRD (success)"], ("avg 40.000, min 40.000, max 40.000 ms",
                                                  "1 INVITE answered 2xx"))
        self.assertEqual(table["SRD (failure)"], ("none", "0 failed INVITEs"))

    def test_srd_failure_to_the_final_response(self):
        table = all_peers(req(1, 0), resp(2, 40, 180), resp(3, 300, 486), resp(4, 800, 486))
        self.assertEqual(table["SRD (failure)"], ("avg 300.000, min 300.000, max 300.000 ms",
                                                  "1 failed INVITE"))

    def test_no_srd_for_3xx_and_challenges(self):
        for code in (302, 401, 402, 407):
            with self.subTest(code=code):
                table = all_peers(*invite_with(code, "1", 1))
                self.assertEqual((table["SRD (success)"][0], table["SRD (failure)"][0]),
                                 ("none", "none"))

    def test_no_srd_when_negative(self):
        table = all_peers(req(1, 100), resp(2, 99, 486))
        self.assertEqual(table["SRD (failure)"], ("none", "0 failed INVITEs"))

    def test_average_min_max_in_nanoseconds(self):
        first, second = req(1, 0), req(3, 0, branch="2")
        table = all_peers(first, resp(2, 0, 486, time_ns=first.time_ns + 1_234_567),
                          second, resp(4, 0, 486, branch="2", time_ns=second.time_ns + 2_000_001))
        self.assertEqual(table["SRD (failure)"], ("avg 1.617, min 1.235, max 2.000 ms",
                                                  "2 failed INVITEs"))

    def test_sdd_over_byes_answered_2xx(self):
        table = all_peers(req(1, 1000, "BYE", to_tag="to-1"), resp(2, 1021, 200, "BYE"),
                          req(3, 2000, "BYE", branch="2", to_tag="to-1"),
                          resp(4, 2100, 481, "BYE", branch="2"))
        self.assertEqual(table["SDD"], ("avg 21.000, min 21.000, max 21.000 ms",
                                        "1 BYE answered 2xx"))

    def test_negative_sdd_is_kept(self):
        table = all_peers(bye(1, 1000), bye_ok(2, 979), bye(3, 2000, "bye2"),
                          bye_ok(4, 2021, "bye2"))
        self.assertEqual(table["SDD"], ("avg 0.000, min -21.000, max 21.000 ms",
                                        "2 BYEs answered 2xx"))

    def test_unanswered(self):
        table = all_peers(req(1, 0), resp(2, 10, 180), req(3, 20, "OPTIONS", branch="2"),
                          resp(4, 30, 200, "OPTIONS", branch="2"))
        self.assertEqual(table["Unanswered"], ("1", "of 2 requests had no final response"))

    def test_retransmissions_of_requests_and_responses(self):
        table = all_peers(req(1, 0), req(2, 500), req(3, 1000), resp(4, 1100, 486),
                          resp(5, 1200, 486))
        self.assertEqual(table["Retransmissions"], ("3", "2 request copies, 1 response copy"))

    def test_transactions(self):
        table = all_peers(req(1, 0), req(2, 10, "REGISTER", branch="2"),
                          req(3, 20, "BYE", branch="3", to_tag="to-1"),
                          req(4, 30, "OPTIONS", branch="4"),
                          req(5, 40, branch="5", to_tag="to-5"), req(6, 50, "ACK", branch="6"))
        self.assertEqual(table["Transactions"],
                         ("5", "1 INVITE starting a session, 1 REGISTER, 1 BYE"))


class ResultTest(unittest.TestCase):
    def test_2xx_after_a_failure_replaces_the_result(self):
        table = all_peers(req(1, 0), resp(2, 100, 486, to_tag="a"), resp(3, 300, 200, to_tag="b"))
        self.assertEqual(table["SER"], ("100.00 %", "1 of 1 INVITE (0 answered 3xx excluded)"))
        self.assertEqual(table["SRD (success)"], ("avg 300.000, min 300.000, max 300.000 ms",
                                                  "1 INVITE answered 2xx"))
        self.assertEqual(table["SRD (failure)"], ("none", "0 failed INVITEs"))

    def test_only_one_2xx_and_nothing_after_it(self):
        table = all_peers(req(1, 0), resp(2, 100, 200, to_tag="a"), resp(3, 300, 202, to_tag="b"),
                          resp(4, 400, 486, to_tag="c"))
        self.assertEqual(table["SER"][1], "1 of 1 INVITE (0 answered 3xx excluded)")
        self.assertEqual(table["SRD (success)"][0], "avg 100.000, min 100.000, max 100.000 ms")

    def test_first_final_stays_before_other_failures(self):
        table = all_peers(req(1, 0), resp(2, 100, 408, to_tag="a"), resp(3, 300, 486, to_tag="b"))
        self.assertEqual((table["ISA"][1], table["SEER"][1]),
                         ("1 of 1 INVITE", "0 of 1 INVITE (0 answered 3xx excluded)"))

    def test_provisional_is_no_result(self):
        self.assertEqual(all_peers(req(1, 0), resp(2, 10, 183))["Unanswered"][0], "1")

    def test_response_before_the_request_is_ignored(self):
        # Nor does its retransmission after the request give a result; it
        # is counted as a retransmission, also in the transaction's table.
        tables = compute(resp(1, 0, 486), req(2, 5), resp(3, 40, 486))
        for table in map(rows, tables):
            self.assertEqual(table["Unanswered"][0], "1")
            self.assertEqual(table["Retransmissions"][1], "0 request copies, 1 response copy")


class PeerTest(unittest.TestCase):
    def titles(self, tables):
        return [t.title for t in tables]

    def test_peer_moves_from_the_request_destination_to_the_responder(self):
        # A multi-homed server answers from another address.
        tables = compute(req(1, 0, dst=PROXY), resp(2, 40, 486, src=OTHER))
        self.assertEqual(self.titles(tables), ["All peers", "Peer " + PROXY, "Peer " + OTHER])
        proxy, other = rows(tables[1]), rows(tables[2])
        self.assertEqual(proxy["Transactions"][0], "0")
        self.assertEqual(proxy["ISA"][0], "undefined")
        self.assertEqual(other["Transactions"][0], "1")
        self.assertEqual(other["SRD (failure)"][1], "1 failed INVITE")

    def test_unanswered_stays_with_the_request_destination(self):
        tables = compute(req(1, 0, dst=PROXY), resp(2, 40, 180, src=OTHER))
        self.assertEqual(self.titles(tables), ["All peers", "Peer " + PROXY])
        self.assertEqual(rows(tables[1])["Unanswered"][0], "1")

    def test_a_replacing_2xx_keeps_the_first_responder(self):
        tables = compute(req(1, 0), resp(2, 100, 486, to_tag="a"),
                         resp(3, 300, 200, to_tag="b", src=OTHER))
        self.assertEqual(self.titles(tables), ["All peers", "Peer " + UAS])
        self.assertEqual(rows(tables[1])["SER"][1], "1 of 1 INVITE (0 answered 3xx excluded)")

    def test_tables_in_order_of_first_becoming_a_peer(self):
        tables = compute(req(1, 0, dst=OTHER), req(2, 10, branch="2", dst=PROXY),
                         resp(3, 20, 486, src=UAS), resp(4, 30, 486, branch="2", src=PROXY))
        self.assertEqual(self.titles(tables),
                         ["All peers", "Peer " + OTHER, "Peer " + PROXY, "Peer " + UAS])

    def test_retransmission_goes_to_the_peer_of_the_time(self):
        tables = compute(req(1, 0, dst=PROXY), req(2, 500, dst=PROXY),
                         resp(3, 600, 486, src=OTHER), resp(4, 700, 486, src=OTHER))
        self.assertEqual([rows(t)["Retransmissions"][1] for t in tables],
                         ["1 request copy, 1 response copy", "1 request copy, 0 response copies",
                          "0 request copies, 1 response copy"])

    def test_addresses_as_wireshark_prints_them(self):
        tables = compute(req(1, 0, src="2001:db8::1", dst="2001:db8::2"),
                         resp(2, 10, 200, src="2001:db8::2", dst="2001:db8::1"))
        self.assertEqual(self.titles(tables), ["All peers", "Peer 2001:db8::2"])

    # Spec change 1: a message with no IP address belongs to no peer.
    def test_without_ip_addresses_in_all_peers_only(self):
        tables = compute(req(1, 0, src=None, dst=None), req(2, 500, src=None, dst=None),
                         resp(3, 600, 486, src=None, dst=None))
        self.assertEqual(self.titles(tables), ["All peers"])
        self.assertEqual((rows(tables[0])["Transactions"][0], rows(tables[0])["ISA"][1]),
                         ("1", "0 of 1 INVITE"))
        self.assertEqual(rows(tables[0])["Retransmissions"][1], "1 request copy, 0 response copies")

    def test_result_without_ip_address_leaves_the_request_destination(self):
        tables = compute(req(1, 0, dst=PROXY), resp(2, 40, 486, src=None, dst=None),
                         resp(3, 90, 486, src=None, dst=None))
        self.assertEqual(self.titles(tables), ["All peers", "Peer " + PROXY])
        everyone, proxy = rows(tables[0]), rows(tables[1])
        self.assertEqual((everyone["Transactions"][0], proxy["Transactions"][0]), ("1", "0"))
        self.assertEqual((everyone["Retransmissions"][0], proxy["Retransmissions"][0]), ("1", "0"))

    def test_request_without_ip_address_gets_the_responder(self):
        tables = compute(req(1, 0, src=None, dst=None), resp(2, 40, 486, src=OTHER))
        self.assertEqual(self.titles(tables), ["All peers", "Peer " + OTHER])
        self.assertEqual(rows(tables[1])["Transactions"][0], "1")


def register(frame, ms, branch, **changes):
    return req(frame, ms, "REGISTER", branch=branch, **changes)


def registered(frame, ms, code, branch, **changes):
    return resp(frame, ms, code, "REGISTER", branch=branch, **changes)


class RegistrationTest(unittest.TestCase):
    def rrd(self, *messages, frames=None):
        return all_peers(*messages, frames=frames)["RRD"]

    def test_challenge_then_200_from_the_first_register(self):
        self.assertEqual(self.rrd(register(1, 0, "a"), registered(2, 10, 401, "a"),
                                  register(3, 20, "b"), registered(4, 50, 200, "b")),
                         ("avg 50.000, min 50.000, max 50.000 ms", "1 successful registration"))

    def test_chain_of_challenges(self):
        self.assertEqual(self.rrd(register(1, 0, "a"), registered(2, 10, 401, "a"),
                                  register(3, 20, "b"), registered(4, 30, 407, "b"),
                                  register(5, 40, "c"), registered(6, 70, 200, "c"))[0],
                         "avg 70.000, min 70.000, max 70.000 ms")

    def test_refresh_after_200_starts_a_new_attempt(self):
        self.assertEqual(self.rrd(register(1, 0, "a"), registered(2, 10, 401, "a"),
                                  register(3, 20, "b"), registered(4, 50, 200, "b"),
                                  register(5, 1000, "c"), registered(6, 1030, 200, "c")),
                         ("avg 40.000, min 30.000, max 50.000 ms", "2 successful registrations"))

    def test_other_call_id_or_from_tag_starts_its_own(self):
        for changes in ({"call_id": "call-2"}, {"from_tag": "from-2"}):
            with self.subTest(changes=changes):
                self.assertEqual(self.rrd(register(1, 0, "a"), registered(2, 10, 401, "a"),
                                          register(3, 20, "b", **changes),
                                          registered(4, 50, 200, "b"))[0],
                                 "avg 30.000, min 30.000, max 30.000 ms")

    def test_challenge_after_the_next_register_does_not_join_them(self):
        # The 401 came after REGISTER b: at b's time, a had no final response.
        self.assertEqual(self.rrd(register(1, 0, "a"), register(2, 5, "b"),
                                  registered(3, 10, 401, "a"), registered(4, 20, 200, "b"))[0],
                         "avg 15.000, min 15.000, max 15.000 ms")

    def test_only_the_latest_register_of_the_dialog_counts(self):
        # b (answered 403) is the latest before c, though a was challenged.
        self.assertEqual(self.rrd(register(1, 0, "a"), registered(2, 10, 401, "a"),
                                  register(3, 20, "b"), registered(4, 30, 403, "b"),
                                  register(5, 40, "c"), registered(6, 70, 200, "c"))[0],
                         "avg 30.000, min 30.000, max 30.000 ms")

    def test_by_the_first_final_response(self):
        # a was refused before it was challenged: b starts its own attempt.
        self.assertEqual(self.rrd(register(1, 0, "a"), registered(2, 10, 403, "a"),
                                  registered(3, 12, 401, "a", to_tag="to-2"),
                                  register(4, 20, "b"), registered(5, 50, 200, "b"))[0],
                         "avg 30.000, min 30.000, max 30.000 ms")

    # Spec change 1: relations need the Call-ID and the From tag.
    def test_without_call_id_or_from_tag_no_attempt_continues(self):
        for absent in ({"call_id": None}, {"from_tag": None}):
            with self.subTest(absent=absent):
                self.assertEqual(self.rrd(register(1, 0, "a", **absent),
                                          registered(2, 10, 401, "a", **absent),
                                          register(3, 20, "b", **absent),
                                          registered(4, 50, 200, "b", **absent))[0],
                                 "avg 30.000, min 30.000, max 30.000 ms")

    def test_without_from_tag_not_the_latest(self):
        # x, between the challenge and b, is no REGISTER of a's attempt:
        # b continues a's; x starts its own.
        self.assertEqual(self.rrd(register(1, 0, "a"), registered(2, 10, 401, "a"),
                                  register(3, 15, "x", from_tag=None),
                                  registered(4, 18, 200, "x"),
                                  register(5, 20, "b"), registered(6, 50, 200, "b")),
                         ("avg 26.500, min 3.000, max 50.000 ms", "2 successful registrations"))

    def test_negative_rrd_is_kept(self):
        self.assertEqual(self.rrd(register(1, 100, "a"), registered(2, 40, 200, "a"))[0],
                         "avg -60.000, min -60.000, max -60.000 ms")

    def test_only_exactly_200(self):
        self.assertEqual(self.rrd(register(1, 0, "a"), registered(2, 10, 202, "a")),
                         ("none", "0 successful registrations"))

    def test_attempts_on_the_whole_capture_rrd_only_when_the_start_counts(self):
        messages = (register(1, 0, "a"), registered(2, 10, 401, "a"), register(3, 20, "b"),
                    registered(4, 50, 200, "b"))
        # The challenge's frame does not pass: b still continues a's attempt.
        self.assertEqual(self.rrd(*messages, frames={1, 3, 4})[0],
                         "avg 50.000, min 50.000, max 50.000 ms")
        # a does not count: b continues it, so no RRD at all.
        self.assertEqual(self.rrd(*messages, frames={2, 3, 4}),
                         ("none", "0 successful registrations"))


def bye(frame, ms, branch="bye", **changes):
    return req(frame, ms, "BYE", branch=branch, **{"to_tag": "to-1", **changes})


def bye_ok(frame, ms, branch="bye"):
    return resp(frame, ms, 200, "BYE", branch=branch)


class SessionDurationTest(unittest.TestCase):
    CALL = (req(1, 0), resp(2, 100, 200))

    def sdt(self, *messages, frames=None, table=0):
        return rows(compute(*messages, frames=frames)[table])["SDT"]

    def test_from_the_2xx_to_the_bye(self):
        self.assertEqual(self.sdt(*self.CALL, bye(3, 5100), bye_ok(4, 5110)),
                         ("avg 5000.000, min 5000.000, max 5000.000 ms",
                          "1 answered call ended by a BYE"))

    def test_bye_of_the_callee_matches_by_its_to_tag(self):
        callee = bye(3, 5100, from_tag="to-1", to_tag="from-1", src=UAS, dst=UAC)
        self.assertEqual(self.sdt(*self.CALL, callee)[0],
                         "avg 5000.000, min 5000.000, max 5000.000 ms")

    def test_other_call_is_not_ended(self):
        for changes in ({"call_id": "call-2"}, {"from_tag": "x", "to_tag": "y"}):
            with self.subTest(changes=changes):
                self.assertEqual(self.sdt(*self.CALL, bye(3, 5100, **changes))[0], "none")

    def test_once_per_call(self):
        self.assertEqual(self.sdt(*self.CALL, bye(3, 5100), bye(4, 6100, branch="bye2"),
                                  bye(5, 7100, branch="bye3", from_tag="to-1", to_tag="from-1"))[1],
                         "1 answered call ended by a BYE")

    def test_bye_before_the_2xx_ends_it_without_sdt(self):
        messages = (req(1, 0), bye(2, 50), resp(3, 100, 200), bye(4, 5100, branch="bye2"))
        self.assertEqual(self.sdt(*messages), ("none", "0 answered calls ended by a BYE"))

    def test_first_counted_bye(self):
        messages = (*self.CALL, bye(3, 5100), bye(4, 6100, branch="bye2"))
        self.assertEqual(self.sdt(*messages, frames={1, 2, 4})[0],
                         "avg 6000.000, min 6000.000, max 6000.000 ms")

    def test_bye_ends_the_latest_invite(self):
        challenged = (req(1, 0), resp(2, 10, 407), req(3, 20, branch="2"),
                      resp(4, 120, 200, branch="2"))
        self.assertEqual(self.sdt(*challenged, bye(5, 5120))[0],
                         "avg 5000.000, min 5000.000, max 5000.000 ms")
        # An answered INVITE, then a new one not answered: the BYE ends it.
        unanswered = (*self.CALL, req(3, 200, branch="2"), bye(4, 5100))
        self.assertEqual(self.sdt(*unanswered)[0], "none")

    # Spec change 1: a BYE matches only through the tags it has.
    def test_without_call_id_no_bye_matches(self):
        call = (req(1, 0, call_id=None), resp(2, 100, 200, call_id=None))
        self.assertEqual(self.sdt(*call, bye(3, 5100, call_id=None)),
                         ("none", "0 answered calls ended by a BYE"))

    def test_absent_tags_do_not_match(self):
        call = (req(1, 0, from_tag=None), resp(2, 100, 200, from_tag=None))
        for tags in ({"from_tag": None, "to_tag": None}, {"from_tag": None}):
            with self.subTest(tags=tags):
                self.assertEqual(self.sdt(*call, bye(3, 5100, **tags))[0], "none")

    def test_bye_without_from_tag_matches_by_its_to_tag(self):
        callee = bye(3, 5100, from_tag=None, to_tag="from-1", src=UAS, dst=UAC)
        self.assertEqual(self.sdt(*self.CALL, callee)[0],
                         "avg 5000.000, min 5000.000, max 5000.000 ms")

    def test_from_tag_before_a_later_to_tag_match(self):
        # The callee's own INVITE with the same Call-ID (From tag to-1) is
        # later, but the BYE's From tag matches the caller's.
        callee_invite = (req(3, 200, branch="2", from_tag="to-1", src=UAS, dst=UAC),
                         resp(4, 300, 200, branch="2", from_tag="to-1", src=UAC, dst=UAS))
        self.assertEqual(self.sdt(*self.CALL, *callee_invite, bye(5, 5100))[0],
                         "avg 5000.000, min 5000.000, max 5000.000 ms")

    def test_latest_invite_matching_the_to_tag(self):
        second = (req(3, 200, branch="2"), resp(4, 300, 200, branch="2"))
        callee = bye(5, 5300, from_tag="x", to_tag="from-1", src=UAS, dst=UAC)
        self.assertEqual(self.sdt(*self.CALL, *second, callee)[0],
                         "avg 5000.000, min 5000.000, max 5000.000 ms")

    # Spec change 1: the first counted BYE decides.
    def test_bye_that_does_not_count_decides_nothing(self):
        messages = (req(1, 0), bye(2, 50), resp(3, 100, 200), bye(4, 5100, branch="bye2"))
        self.assertEqual(self.sdt(*messages, frames={1, 3, 4})[0],
                         "avg 5000.000, min 5000.000, max 5000.000 ms")

    def test_bye_while_the_result_is_a_failure(self):
        # Fork a's 486 is the result at the first BYE; fork b's 200
        # replaces it, too late for an SDT.
        forked = (req(1, 0), resp(2, 100, 486, to_tag="a"), bye(3, 200),
                  resp(4, 300, 200, to_tag="b"), bye(5, 5300, branch="bye2"))
        self.assertEqual(self.sdt(*forked), ("none", "0 answered calls ended by a BYE"))

    def test_bye_while_the_2xx_did_not_pass(self):
        # The first 2xx that passes is another fork's, after the first BYE.
        messages = (*self.CALL, bye(3, 5100), resp(4, 5200, 200, to_tag="b"),
                    bye(5, 6100, branch="bye2"))
        self.assertEqual(self.sdt(*messages, frames={1, 3, 4, 5})[0], "none")

    def test_negative_sdt_is_kept(self):
        # The BYE comes after the 200 in the capture, timestamped before it.
        self.assertEqual(self.sdt(req(1, 0), resp(2, 5000, 200), bye(3, 4000))[0],
                         "avg -1000.000, min -1000.000, max -1000.000 ms")

    def test_invite_that_does_not_count_has_none(self):
        self.assertEqual(self.sdt(*self.CALL, bye(3, 5100), frames={2, 3})[0], "none")

    def test_in_the_invite_table(self):
        tables = compute(req(1, 0, dst=PROXY), resp(2, 100, 200, src=PROXY), bye(3, 5100, dst=UAS))
        self.assertEqual([t.title for t in tables], ["All peers", "Peer " + PROXY, "Peer " + UAS])
        self.assertEqual([rows(t)["SDT"][1] for t in tables],
                         ["1 answered call ended by a BYE"] * 2 +
                         ["0 answered calls ended by a BYE"])

    def test_from_the_first_2xx_that_passed(self):
        forked = (req(1, 0), resp(2, 100, 200, to_tag="a"), resp(3, 200, 200, to_tag="b"),
                  resp(4, 300, 200, to_tag="a"), bye(5, 5100))
        self.assertEqual(self.sdt(*forked)[0], "avg 5000.000, min 5000.000, max 5000.000 ms")
        self.assertEqual(self.sdt(*forked, frames={1, 3, 4, 5})[0],
                         "avg 4900.000, min 4900.000, max 4900.000 ms")


def populations(table):
    return [population for _, _, population in table.rows()]


class PluralTest(unittest.TestCase):
    """Spec change 1: a noun is singular when its count is exactly 1."""

    @staticmethod
    def answered_call(n):
        """An INVITE and its first copy's retransmission, 200 twice,
        REGISTER and BYE answered 200, all in a call of their own."""
        call, first = f"call-{n}", 10 * n
        return [req(first, 0, branch=f"i{n}", call_id=call),
                req(first + 1, 500, branch=f"i{n}", call_id=call),
                resp(first + 2, 600, 200, branch=f"i{n}", call_id=call),
                resp(first + 3, 700, 200, branch=f"i{n}", call_id=call),
                register(first + 4, 800, f"r{n}", call_id=call),
                registered(first + 5, 810, 200, f"r{n}", call_id=call),
                bye(first + 6, 2000, f"b{n}", call_id=call), bye_ok(first + 7, 2010, f"b{n}")]

    def test_one_of_each(self):
        self.assertEqual(populations(compute(*self.answered_call(1))[0]), [
            "1 of 1 INVITE (0 answered 3xx excluded)", "1 of 1 INVITE (0 answered 3xx excluded)",
            "0 of 1 INVITE", "1 INVITE answered 2xx", "0 failed INVITEs",
            "1 successful registration",
            "0 of 1 REGISTER (0 failed, 0 without a final response)", "1 BYE answered 2xx",
            "1 answered call ended by a BYE", "of 3 requests had no final response",
            "1 request copy, 1 response copy",
            "1 INVITE starting a session, 1 REGISTER, 1 BYE"])

    def test_two_of_each(self):
        messages = self.answered_call(1) + self.answered_call(2)
        self.assertEqual(populations(compute(*messages)[0]), [
            "2 of 2 INVITEs (0 answered 3xx excluded)",
            "2 of 2 INVITEs (0 answered 3xx excluded)", "0 of 2 INVITEs",
            "2 INVITEs answered 2xx", "0 failed INVITEs", "2 successful registrations",
            "0 of 2 REGISTERs (0 failed, 0 without a final response)", "2 BYEs answered 2xx",
            "2 answered calls ended by a BYE", "of 6 requests had no final response",
            "2 request copies, 2 response copies",
            "2 INVITEs starting a session, 2 REGISTERs, 2 BYEs"])

    def test_none_and_the_rest_of_one(self):
        self.assertEqual(populations(compute()[0])[9:], [
            "of 0 requests had no final response", "0 request copies, 0 response copies",
            "0 INVITEs starting a session, 0 REGISTERs, 0 BYEs"])
        failed = compute(req(1, 0), resp(2, 10, 486), register(3, 20, "r"))[0]
        self.assertEqual(rows(failed)["SRD (failure)"][1], "1 failed INVITE")
        self.assertEqual(rows(failed)["IRA"][1],
                         "1 of 1 REGISTER (0 failed, 1 without a final response)")
        self.assertEqual(rows(compute(req(1, 0))[0])["Unanswered"][1],
                         "of 1 request had no final response")
        # The counts in parentheses and before "of" take no noun of their own.
        self.assertEqual(rows(compute(*invite_with(302, "1", 1))[0])["SER"][1],
                         "0 of 0 INVITEs (1 answered 3xx excluded)")


class FilterTest(unittest.TestCase):
    def test_request_that_does_not_pass_leaves_its_transaction_out(self):
        table = all_peers(req(1, 0), req(2, 500), resp(3, 600, 486), frames={2, 3})
        self.assertEqual(table["Transactions"][0], "0")
        self.assertEqual(table["SRD (failure)"][1], "0 failed INVITEs")
        # Its retransmission passes: counted, in All peers only.
        self.assertEqual(table["Retransmissions"][1], "1 request copy, 0 response copies")

    def test_response_that_does_not_pass_is_no_result(self):
        messages = (req(1, 0), resp(2, 100, 486, to_tag="a"), resp(3, 300, 603, to_tag="b"))
        self.assertEqual(all_peers(*messages, frames={1})["Unanswered"][0], "1")
        table = all_peers(*messages, frames={1, 3})
        self.assertEqual(table["SRD (failure)"][0], "avg 300.000, min 300.000, max 300.000 ms")

    def test_retransmissions_that_do_not_pass(self):
        table = all_peers(req(1, 0), req(2, 500), resp(3, 600, 486), resp(4, 700, 486),
                          frames={1, 3})
        self.assertEqual(table["Retransmissions"], ("0", "0 request copies, 0 response copies"))

    def test_filter_line(self):
        lines = metrics.render(compute(), "ip.addr==192.0.2.2")
        self.assertEqual(lines[3], "Filter for statistics: ip.addr==192.0.2.2")
        self.assertEqual(metrics.render(compute())[3], "Filter for statistics: ")


class RenderTest(unittest.TestCase):
    def test_the_whole_text(self):
        lines = metrics.render(compute(req(1, 0), resp(2, 10, 486)))
        self.assertEqual(lines[:5] + lines[-1:], [
            "", "=" * 101, "SIP Response Status/Metrics (RFC 6076):", "Filter for statistics: ",
            "# |Metric |Value |Population |", "=" * 101])
        table = [
            " 1 |SER             |0.00 %                                 |0 of 1 INVITE "
            "(0 answered 3xx excluded) |",
            " 2 |SEER            |100.00 %                               |1 of 1 INVITE "
            "(0 answered 3xx excluded) |",
            " 3 |ISA             |0.00 %                                 |0 of 1 INVITE |",
            " 4 |SRD (success)   |none                                   |0 INVITEs "
            "answered 2xx |",
            " 5 |SRD (failure)   |avg 10.000, min 10.000, max 10.000 ms  |1 failed INVITE |",
            " 6 |RRD             |none                                   |0 successful "
            "registrations |",
            " 7 |IRA             |undefined                              |0 of 0 REGISTERs "
            "(0 failed, 0 without a final response) |",
            " 8 |SDD             |none                                   |0 BYEs answered "
            "2xx |",
            " 9 |SDT             |none                                   |0 answered calls "
            "ended by a BYE |",
            "10 |Unanswered      |0                                      |of 1 request had "
            "no final response |",
            "11 |Retransmissions |0                                      |0 request copies, "
            "0 response copies |",
            "12 |Transactions    |1                                      |1 INVITE starting "
            "a session, 0 REGISTERs, 0 BYEs |",
        ]
        self.assertEqual(lines[5:-1], ["All peers"] + table + ["Peer " + UAS] + table)

    def test_long_values_are_not_cut(self):
        first = req(1, 0)
        late = resp(2, 0, 486, time_ns=first.time_ns + 123_456_789_012_345)
        [row] = [line for line in compute(first, late)[0].lines() if "SRD (f" in line]
        self.assertEqual(row, " 5 |SRD (failure)   |avg 123456789.012, min 123456789.012, max "
                              "123456789.012 ms |1 failed INVITE |")


class CompareTest(unittest.TestCase):
    EXPECTED = metrics.render(compute(req(1, 0, dst=PROXY), resp(2, 10, 486, src=OTHER)))

    def disagreements(self, plugin_lines):
        return list(check_metrics.disagreements(plugin_lines, self.EXPECTED))

    def test_agreement(self):
        self.assertEqual(self.disagreements(list(self.EXPECTED)), [])

    def test_a_row_that_differs(self):
        plugin = list(self.EXPECTED)
        index = plugin.index("Peer " + PROXY) + 12
        plugin[index] = ("12 |Transactions    |1                                      |0 INVITEs "
                         "starting a session, 1 REGISTER, 0 BYEs |")
        self.assertEqual(self.disagreements(plugin), [(
            f"Peer {PROXY}: Transactions",
            "1 | 0 INVITEs starting a session, 1 REGISTER, 0 BYEs",
            "0 | 0 INVITEs starting a session, 0 REGISTERs, 0 BYEs")])

    def test_padding(self):
        plugin = list(self.EXPECTED)
        plugin[6] = plugin[6].replace("SER             |", "SER |")
        [(where, theirs, ours)] = self.disagreements(plugin)
        self.assertEqual((where, theirs[:10], ours[:10]),
                         ("All peers: SER", "' 1 |SER |", "' 1 |SER  "))

    def test_missing_table_and_rows(self):
        plugin = self.EXPECTED[:self.EXPECTED.index("Peer " + OTHER)] + [metrics.RULE]
        self.assertEqual(self.disagreements(plugin), [
            ("tables", f"All peers / Peer {PROXY}", f"All peers / Peer {PROXY} / Peer {OTHER}")])
        plugin = self.EXPECTED[:8] + self.EXPECTED[9:]
        found = self.disagreements(plugin)
        self.assertEqual(found[0][0], "All peers: ISA")
        self.assertEqual(found[-1], ("All peers: Transactions", "-",
                                     "1 | 1 INVITE starting a session, 0 REGISTERs, 0 BYEs"))

    def test_header_and_nothing_at_all(self):
        plugin = list(self.EXPECTED)
        plugin[3] = "Filter for statistics: sip"
        self.assertEqual(self.disagreements(plugin), [
            ("header line 4", "'Filter for statistics: sip'", "'Filter for statistics: '")])
        # 5 header lines, the tables, the closing rule
        self.assertEqual(len(self.disagreements([])), 7)


class CompareCapturesTest(unittest.TestCase):
    """check_metrics.py compare on one capture: an INVITE answered 486."""

    def setUp(self):
        top_via = via_header(("a.example", "5060", "z9hG4bK-a"))
        self.plain = pdml(frame(1, "1.0") + ip(UAC, UAS) + sip(INVITE_LINE, top_via, CSEQ),
                          frame(2, "1.25") + ip(UAS, UAC) + sip(status_line(486), top_via, CSEQ))
        self.addCleanup(os.unlink, self.plain)
        self.expected = metrics.render(compute(req(1, 0), resp(2, 250, 486)))

    def plugin_output(self, lines, suffix=".1"):
        return self.text_file(lines, suffix)

    def text_file(self, lines, suffix):
        with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False) as out:
            out.write("\n".join(lines) + "\n")
        self.addCleanup(os.unlink, out.name)
        return out.name

    def run_compare(self, *groups):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            status = check_metrics.main(["check_metrics.py", "compare", *groups])
        return status, printed.getvalue().splitlines()

    def compare(self, lines, suffix=".1"):
        return self.run_compare("c.pcap", self.plain, "", "-", self.plugin_output(lines, suffix))

    def test_agreement_but_kinds_missing(self):
        status, printed = self.compare(self.expected)
        self.assertEqual(status, 1)
        self.assertTrue(printed[0].startswith("ok: c.pcap: 1 runs; 1 transactions"), printed)
        self.assertIn("FAIL: no capture has a RRD value: the check compared none", printed)
        self.assertNotIn("FAIL: no capture has a SRD (failure) value: the check compared none",
                         printed)

    def test_a_disagreement(self):
        wrong = [line.replace("|1 failed INVITE", "|0 failed INVITEs") for line in self.expected]
        status, printed = self.compare(wrong)
        self.assertEqual(status, 1)
        self.assertEqual(printed[0], "  c.pcap (pass 1): All peers: SRD (failure): plugin avg "
                                     "250.000, min 250.000, max 250.000 ms | 0 failed INVITEs, "
                                     "expected avg 250.000, min 250.000, max 250.000 ms | 1 "
                                     "failed INVITE")
        self.assertTrue(printed[2].startswith("FAIL (2 disagreements): c.pcap"), printed)

    def test_the_run_is_told_by_the_output_name(self):
        wrong = [line.replace("|1 failed INVITE", "|0 failed INVITEs") for line in self.expected]
        _, printed = self.compare(wrong, suffix=".2")
        self.assertTrue(printed[0].startswith("  c.pcap (pass 2): All peers: SRD (failure)"),
                        printed)

    def test_long_filters_shortened_and_summarised(self):
        filter_text = "frame.number in {" + ", ".join(["1"] * 40) + "}"
        frames = self.text_file(["1"], ".frames")
        tables = compute(req(1, 0))
        right = self.plugin_output(metrics.render(tables, filter_text))
        wrong = self.plugin_output(metrics.render(tables, filter_text + " "))
        group = ["c.pcap", self.plain, filter_text, frames]
        _, printed = self.run_compare(*group, wrong, *(["--", *group, right] * 6))
        shown = filter_text[:77] + "..."
        self.assertEqual(printed[:2], [
            f"  c.pcap, filter {shown} (pass 1): header line 4: plugin "
            f"'Filter for statistics: {filter_text} ', expected "
            f"'Filter for statistics: {filter_text}'",
            f"  c.pcap: the whole filter: {filter_text}"])
        summary = printed[2].split("; ")
        self.assertEqual((summary[0], summary[1][:len(shown) + 9], summary[-1]),
                         ("FAIL (1 disagreements): c.pcap: 7 runs", f"filter {shown}: ",
                          "3 more filters"))
        self.assertEqual(len(summary), 6)


class FilterChoiceTest(unittest.TestCase):
    MESSAGES = [req(1, 0, dst=PROXY), resp(2, 10, 486, src=PROXY), req(3, 20, branch="2"),
                resp(4, 30, 486, branch="2"), req(5, 40, branch="3"),
                resp(6, 50, 200, branch="3"), req(7, 60, branch="3")]

    def test_busiest_responder_then_a_middle_request(self):
        self.assertEqual(check_metrics.candidate_filters(self.MESSAGES),
                         [f"ip.addr=={UAS}", "frame.number <= 3"])
        v6 = [req(1, 0, src="2001:db8::1", dst="2001:db8::2"),
              req(2, 0, branch="2", src="2001:db8::1", dst="2001:db8::3"),
              resp(3, 9, 486, branch="2", src="2001:db8::3", dst="2001:db8::1")]
        self.assertEqual(check_metrics.candidate_filters(v6),
                         ["ipv6.addr==2001:db8::3", "frame.number <= 1"])

    def test_no_address_filter_with_one_peer(self):
        self.assertEqual(check_metrics.candidate_filters(self.MESSAGES[2:]),
                         ["frame.number <= 3"])

    def test_keeps_some(self):
        self.assertTrue(check_metrics.keeps_some(self.MESSAGES, {1, 2}))
        self.assertFalse(check_metrics.keeps_some(self.MESSAGES, {1, 3, 5}))
        self.assertFalse(check_metrics.keeps_some(self.MESSAGES, {2, 4, 6, 7}))


if __name__ == "__main__":
    unittest.main()
