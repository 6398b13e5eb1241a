#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Unit tests of the independent transaction derivation (transactions.py)
and of the comparison (check_transactions.py), without tshark: hand-written
message lists, one or more per rule of the spec, and small PDML texts."""
import dataclasses
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_transactions  # noqa: E402
import transactions  # noqa: E402
from transactions import Message, TopVia  # noqa: E402

T0 = 1_700_000_000 * 1_000_000_000
UAC, UAS = "192.0.2.1", "192.0.2.2"
COOKIE_VIA = TopVia("uac.example", "5060", "z9hG4bK-1")
OLD_VIA = TopVia("uac.example", "5060", "1")  # RFC 2543: no magic cookie


def at(ms, ns=0):
    return T0 + ms * transactions.NS_PER_MS + ns


def request(frame, ms, method="INVITE", **changes):
    message = Message(frame, at(ms), method=method, via=COOKIE_VIA, call_id="call-1",
                      cseq_seq=1, cseq_method=method, from_tag="from-1", src=UAC, dst=UAS)
    return dataclasses.replace(message, **changes)


def response(frame, ms, code, method="INVITE", **changes):
    message = Message(frame, at(ms), code=code, via=COOKIE_VIA, call_id="call-1",
                      cseq_seq=1, cseq_method=method, from_tag="from-1", to_tag="to-1",
                      src=UAS, dst=UAC)
    return dataclasses.replace(message, **changes)


def derive(*messages):
    return transactions.derive(list(messages))


def last(*messages):
    return derive(*messages)[-1]


class CookieKeyTest(unittest.TestCase):
    def test_branch_sent_by_and_method_match(self):
        result = last(request(1, 0), response(2, 10, 180))
        self.assertEqual((result.request_frame, result.response_time), (1, 10))

    def test_call_id_tags_and_addresses_are_not_in_the_key(self):
        result = last(request(1, 0), response(2, 10, 180, call_id="other", cseq_seq=None,
                                              from_tag=None, src=UAC, dst=UAS))
        self.assertEqual(result.request_frame, 1)

    def test_sent_by_host_is_compared_ignoring_case(self):
        via = dataclasses.replace(COOKIE_VIA, host="UAC.Example")
        self.assertEqual(last(request(1, 0), response(2, 10, 180, via=via)).request_frame, 1)

    def test_other_branch_port_or_method_is_another_transaction(self):
        for via, method in ((dataclasses.replace(COOKIE_VIA, branch="z9hG4bK-1b"), "INVITE"),
                            (dataclasses.replace(COOKIE_VIA, branch="Z9hG4bK-1"), "INVITE"),
                            (dataclasses.replace(COOKIE_VIA, port=None), "INVITE"),
                            (dataclasses.replace(COOKIE_VIA, port="05060"), "INVITE"),
                            (COOKIE_VIA, "OPTIONS")):
            with self.subTest(via=via, method=method):
                result = last(request(1, 0), response(2, 10, 200, via=via, method=method))
                self.assertIsNone(result.request_frame)

    def test_cancel_has_its_own_transaction(self):
        results = derive(request(1, 0), request(2, 5, "CANCEL"), response(3, 10, 200, "CANCEL"),
                         response(4, 20, 487))
        self.assertEqual([r.request_frame for r in results], [2, 1])

    def test_request_method_is_the_request_line_method(self):
        # A request's CSeq method is not what keys it.
        invite = request(1, 0, cseq_method="BOGUS")
        self.assertEqual(last(invite, response(2, 10, 180)).request_frame, 1)


class HopTest(unittest.TestCase):
    """Spec change 1: a device forwarding without a Via of its own makes
    the request on both of its sides share one RFC 3261 key."""
    # The second hop, beyond such a device (fax-t38-488.pcap's shape).
    NAT_OUT, FAR_UAS = "198.51.100.1", "198.51.100.2"

    def far(self, message):
        """message on the second hop."""
        if message.is_request:
            return dataclasses.replace(message, src=self.NAT_OUT, dst=self.FAR_UAS)
        return dataclasses.replace(message, src=self.FAR_UAS, dst=self.NAT_OUT)

    def test_two_hops_sharing_a_key_are_two_transactions(self):
        results = derive(request(1, 0), self.far(request(2, 1)), request(3, 500),
                         self.far(response(4, 10, 100, to_tag=None)),
                         response(5, 12, 100, to_tag=None))
        self.assertEqual([(r.request_frame, r.response_time, r.original_frame) for r in results],
                         [(2, 9, None), (1, 12, None)])

    def test_same_path_is_a_retransmission_of_the_request(self):
        results = derive(request(1, 0), self.far(request(2, 1)), self.far(request(3, 500)),
                         self.far(response(4, 600, 180)))
        self.assertEqual((results[0].request_frame, results[0].response_time), (2, 599))

    def test_response_from_an_unexpected_address_goes_to_the_first_hop(self):
        multi_homed = "203.0.113.9"
        for to in (UAC, self.NAT_OUT):
            with self.subTest(to=to):
                results = derive(request(1, 0), self.far(request(2, 1)),
                                 response(3, 20, 486, src=multi_homed, dst=to))
                self.assertEqual((results[0].request_frame, results[0].response_time), (1, 20))

    def test_retransmissions_only_within_the_chosen_transaction(self):
        # The same 180 on both sides of the device is two originals; the
        # second copy on one side repeats that side's first.
        results = derive(request(1, 0), self.far(request(2, 1)), self.far(response(3, 10, 180)),
                         response(4, 11, 180), self.far(response(5, 60, 180)),
                         response(6, 61, 180))
        self.assertEqual([(r.request_frame, r.original_frame) for r in results],
                         [(2, None), (1, None), (2, 3), (1, 4)])

    def test_each_hop_has_its_own_outcome_and_srd(self):
        results = derive(request(1, 0), self.far(request(2, 5)), self.far(response(3, 40, 180)),
                         response(4, 45, 180), self.far(response(5, 300, 486)),
                         response(6, 310, 486))
        self.assertEqual([(r.request_frame, r.original_frame, r.outcome, r.srd)
                          for r in results[2:]],
                         [(2, None, transactions.BUSY, 295), (1, None, transactions.BUSY, 310)])

    def test_response_first_creates_the_transaction_with_its_swapped_path(self):
        # The response's path is (destination, source): the far hop's
        # request then finds it, the near hop's starts another transaction.
        results = derive(self.far(response(1, 0, 100, to_tag=None)), request(2, 5),
                         self.far(request(3, 6)), self.far(response(4, 20, 180)),
                         response(5, 25, 180))
        self.assertEqual([(r.request_frame, r.original_frame) for r in results],
                         [(None, None), (3, None), (2, None)])

    def test_a_new_key_from_an_unexpected_address_has_that_path(self):
        # The first response of a key creates its transaction even when a
        # request with the reversed addresses is still to come.
        results = derive(response(1, 0, 100, to_tag=None, src="203.0.113.9"), request(2, 5),
                         response(3, 20, 180))
        self.assertEqual([(r.request_frame, r.original_frame) for r in results],
                         [(None, None), (2, None)])


class FallbackKeyTest(unittest.TestCase):
    def old(self, message, **changes):
        return dataclasses.replace(message, **{"via": OLD_VIA, **changes})

    def test_response_travels_the_other_way(self):
        result = last(self.old(request(1, 0)), self.old(response(2, 10, 180)))
        self.assertEqual(result.request_frame, 1)

    def test_response_in_the_request_direction_is_unmatched(self):
        result = last(self.old(request(1, 0)), self.old(response(2, 10, 180), src=UAC, dst=UAS))
        self.assertIsNone(result.request_frame)

    def test_branch_may_be_absent(self):
        no_branch = dataclasses.replace(OLD_VIA, branch=None)
        result = last(self.old(request(1, 0), via=no_branch),
                      self.old(response(2, 10, 180), via=no_branch))
        self.assertEqual(result.request_frame, 1)

    def test_every_part_of_the_key_counts(self):
        for changes in ({"call_id": "call-2"}, {"cseq_seq": 2}, {"cseq_method": "BYE"},
                        {"from_tag": "from-2"}, {"from_tag": None},
                        {"via": dataclasses.replace(OLD_VIA, host="uac2.example")},
                        {"via": dataclasses.replace(OLD_VIA, port="5070")},
                        {"via": dataclasses.replace(OLD_VIA, branch="2")},
                        {"via": dataclasses.replace(OLD_VIA, branch=None)},
                        {"src": "198.51.100.2"}, {"dst": "198.51.100.1"}):
            with self.subTest(changes=changes):
                result = last(self.old(request(1, 0)), self.old(response(2, 10, 180), **changes))
                self.assertIsNone(result.request_frame)

    def test_magic_cookie_is_case_sensitive(self):
        # With the cookie, Call-ID and addresses would not count.
        upper = dataclasses.replace(COOKIE_VIA, branch="Z9HG4BK-1")
        result = last(request(1, 0, via=upper), response(2, 10, 180, via=upper, call_id="call-2"))
        self.assertIsNone(result.request_frame)

    def test_to_tag_is_not_in_the_key(self):
        result = last(self.old(request(1, 0)), self.old(response(2, 10, 180), to_tag="to-9"))
        self.assertEqual(result.request_frame, 1)

    def test_without_call_id_or_cseq_number_no_transaction(self):
        for changes in ({"call_id": None}, {"cseq_seq": None}):
            with self.subTest(changes=changes):
                results = derive(self.old(request(1, 0), **changes),
                                 self.old(response(2, 10, 486), **changes),
                                 self.old(response(3, 20, 486), **changes))
                self.assertEqual([(r.request_frame, r.original_frame) for r in results],
                                 [(None, None)] * 2)


class NoTransactionTest(unittest.TestCase):
    def test_no_top_via(self):
        results = derive(request(1, 0, via=None), response(2, 10, 486, via=None),
                         response(3, 20, 486, via=None))
        self.assertEqual([(r.request_frame, r.original_frame, r.outcome) for r in results],
                         [(None,) * 3] * 2)

    def test_response_without_cseq_method(self):
        result = last(request(1, 0), response(2, 10, 486, method=None))
        self.assertEqual((result.request_frame, result.method), (None, None))


class AckTest(unittest.TestCase):
    def test_ack_creates_no_transaction(self):
        result = last(request(1, 0, "ACK"), response(2, 10, 200, "ACK"))
        self.assertIsNone(result.request_frame)

    def test_ack_leaves_the_invite_transaction_alone(self):
        results = derive(request(1, 0), response(2, 10, 486), request(3, 15, "ACK"),
                         response(4, 20, 486))
        self.assertEqual([(r.request_frame, r.original_frame) for r in results],
                         [(1, None), (1, 2)])


class RequestTest(unittest.TestCase):
    def test_request_retransmission_keeps_the_first_copy(self):
        result = last(request(1, 0), request(2, 500), response(3, 600, 100, to_tag=None))
        self.assertEqual((result.request_frame, result.response_time), (1, 600))

    def test_response_before_its_request_has_no_request_frame(self):
        results = derive(response(1, 0, 100, to_tag=None), request(2, 10), response(3, 30, 180))
        self.assertEqual([(r.request_frame, r.response_time) for r in results],
                         [(None, None), (2, 20)])

    def test_request_earlier_in_the_same_frame(self):
        self.assertEqual(last(request(5, 0), response(5, 0, 100, to_tag=None)).request_frame, 5)

    def test_request_later_in_the_same_frame(self):
        results = derive(response(5, 0, 100, to_tag=None), request(5, 0))
        self.assertIsNone(results[0].request_frame)


class ResponseTimeTest(unittest.TestCase):
    def test_whole_milliseconds_rounded_down(self):
        for ns, ms in ((0, 0), (999_999, 0), (1_000_000, 1), (1_999_999, 1), (6_831_581_000, 6831)):
            with self.subTest(ns=ns):
                result = last(request(1, 0), response(2, 0, 180, time_ns=at(0, ns)))
                self.assertEqual((result.response_time, result.negative_time), (ms, False))

    def test_negative_time_has_no_response_time_nor_srd(self):
        result = last(request(1, 100), response(2, 99, 603, time_ns=at(100, -1)))
        self.assertEqual((result.request_frame, result.response_time, result.negative_time),
                         (1, None, True))
        self.assertEqual((result.outcome, result.srd), (transactions.REJECTED, None))


class RetransmissionTest(unittest.TestCase):
    def test_same_code_and_to_tag(self):
        results = derive(request(1, 0), response(2, 50, 486), response(3, 90, 486))
        self.assertEqual([r.original_frame for r in results], [None, 2])
        self.assertEqual(results[1].response_time, 90)

    def test_absent_to_tags_are_equal(self):
        results = derive(request(1, 0), response(2, 5, 100, to_tag=None),
                         response(3, 9, 100, to_tag=None))
        self.assertEqual(results[1].original_frame, 2)

    def test_other_code_or_to_tag_is_no_retransmission(self):
        for changes in ({"code": 487}, {"to_tag": "to-2"}, {"to_tag": None}):
            with self.subTest(changes=changes):
                copy = dataclasses.replace(response(3, 90, 486), **changes)
                result = last(request(1, 0), response(2, 50, 486), copy)
                self.assertFalse(result.is_retransmission)

    def test_rseq_counts(self):
        results = derive(request(1, 0), response(2, 10, 183, rseq=1), response(3, 20, 183, rseq=2),
                         response(4, 30, 183, rseq=1), response(5, 40, 183))
        self.assertEqual([r.original_frame for r in results], [None, None, 2, None])

    def test_only_within_the_transaction(self):
        other = dataclasses.replace(COOKIE_VIA, branch="z9hG4bK-2")
        results = derive(request(1, 0), request(2, 0, via=other), response(3, 10, 486),
                         response(4, 20, 486, via=other))
        self.assertEqual([(r.request_frame, r.original_frame) for r in results],
                         [(1, None), (2, None)])

    def test_copy_of_an_original_without_outcome_has_none(self):
        # The first 486 came before the request: no outcome, nor on its
        # copy, which does get the request frame and time.
        results = derive(response(1, 0, 486), request(2, 5), response(3, 40, 486))
        self.assertEqual([(r.request_frame, r.response_time, r.original_frame, r.outcome, r.srd)
                          for r in results], [(None, None, None, None, None),
                                              (2, 35, 1, None, None)])

    def test_copy_carries_the_outcome_and_srd_of_its_original(self):
        results = derive(request(1, 0), response(2, 50, 486), response(3, 90, 486),
                         response(4, 100, 200, to_tag="to-2"), response(5, 130, 200, to_tag="to-2"))
        self.assertEqual([(r.outcome, r.srd) for r in results],
                         [(transactions.BUSY, 50), (transactions.BUSY, 50),
                          (transactions.ANSWERED, 100), (transactions.ANSWERED, 100)])


class OutcomeTest(unittest.TestCase):
    TABLE = {200: 1, 202: 1, 299: 1, 300: 2, 302: 2, 399: 2, 401: 3, 407: 3, 486: 4, 600: 4,
             480: 5, 408: 6, 487: 7, 403: 8, 603: 8, 607: 8, 608: 8,
             400: 9, 402: 9, 404: 9, 488: 9, 499: 9, 500: 9, 503: 9, 599: 9, 604: 9, 699: 9}

    def test_outcome_of_each_code(self):
        for code, outcome in self.TABLE.items():
            with self.subTest(code=code):
                self.assertEqual(last(request(1, 0), response(2, 10, code)).outcome, outcome)

    def test_value_names(self):
        self.assertEqual(transactions.OUTCOME_NAMES, dict(enumerate(
            ("Answered", "Redirected", "Challenged", "Busy", "Unavailable", "No answer",
             "Cancelled", "Rejected", "Failed"), 1)))

    def test_no_outcome_for_provisional_or_out_of_range(self):
        for code in (100, 180, 183, 199, 99, 700):
            with self.subTest(code=code):
                self.assertIsNone(last(request(1, 0), response(2, 10, code)).outcome)

    def test_no_outcome_outside_a_session_starting_invite(self):
        cases = {"REGISTER": (request(1, 0, "REGISTER"), response(2, 10, 200, "REGISTER")),
                 "re-INVITE": (request(1, 0, to_tag="to-1"), response(2, 10, 200)),
                 "no request": (response(2, 10, 486),)}
        for name, messages in cases.items():
            with self.subTest(name):
                result = last(*messages)
                self.assertEqual((result.outcome, result.srd), (None, None))


class SessionRequestDelayTest(unittest.TestCase):
    def srd(self, *messages):
        return last(request(1, 0), *messages).srd

    def test_2xx_to_the_first_non_100_provisional(self):
        self.assertEqual(self.srd(response(2, 5, 100, to_tag=None), response(3, 40, 180),
                                  response(4, 70, 183), response(5, 900, 200)), 40)

    def test_2xx_without_provisional_to_itself(self):
        self.assertEqual(self.srd(response(2, 5, 100, to_tag=None), response(3, 900, 200)), 900)

    def test_failure_to_the_first_copy(self):
        self.assertEqual(self.srd(response(2, 40, 180), response(3, 300, 486),
                                  response(4, 800, 486)), 300)
        for code in (404, 480, 500, 503, 600, 603):
            with self.subTest(code=code):
                self.assertEqual(self.srd(response(2, 40, 180), response(3, 300, code)), 300)

    def test_none_for_3xx_and_challenges(self):
        for code, outcome in ((301, 2), (302, 2), (401, 3), (402, 9), (407, 3)):
            with self.subTest(code=code):
                result = last(request(1, 0), response(2, 40, 180), response(3, 300, code))
                self.assertEqual((result.outcome, result.srd), (outcome, None))


class ForkingTest(unittest.TestCase):
    def test_each_to_tag_is_its_own_answer(self):
        results = derive(request(1, 0), response(2, 10, 180, to_tag="a"),
                         response(3, 20, 180, to_tag="b"),
                         response(4, 30, 200, to_tag="a"), response(5, 40, 200, to_tag="b"),
                         response(6, 50, 486, to_tag="c"), response(7, 60, 200, to_tag="b"))
        self.assertEqual([(r.frame, r.original_frame, r.outcome, r.srd) for r in results],
                         [(2, None, None, None), (3, None, None, None), (4, None, 1, 10),
                          (5, None, 1, 10), (6, None, 4, 50), (7, 5, 1, 10)])


class EpochTest(unittest.TestCase):
    def test_decimal_strings(self):
        for text, ns in (("1700000000.021000000", 1_700_000_000_021_000_000),
                         ("1.5", 1_500_000_000), ("12", 12_000_000_000), ("0.000000001", 1),
                         ("-1.5", -1_500_000_000)):
            with self.subTest(text=text):
                self.assertEqual(transactions.parse_epoch_ns(text), ns)

    def test_garbage(self):
        for text in ("", "1e9", "1.2.3", "abc"):
            with self.subTest(text=text), self.assertRaises(ValueError):
                transactions.parse_epoch_ns(text)


def field(name, show, value=None, children=""):
    value_attribute = f' value="{value.encode().hex()}"' if value is not None else ""
    return f'<field name="{name}" show="{show}"{value_attribute}>{children}</field>'


def frame(number, epoch):
    fields = field("frame.time_epoch", epoch) + field("frame.number", number)
    return f'<proto name="frame">{fields}</proto>'


def ip(src, dst, version="ip", inner=""):
    fields = field(version + ".src", src) + field(version + ".dst", dst)
    return f'<proto name="{version}">{fields}{inner}</proto>'


def via(*values):
    """A sip.Via field with several values: (host, port, branch) each."""
    children = ""
    for host, port, branch in values:
        children += field("sip.Via.transport", "UDP", "UDP")
        children += field("sip.Via.sent-by.address", host, host)
        if port is not None:
            children += field("sip.Via.sent-by.port", port.lstrip("0"), port)
        if branch is not None:
            children += field("sip.Via.branch", branch, branch)
    return field("sip.Via", "SIP/2.0/UDP ...", children=children)


def sip(first_line, *headers):
    header = field("sip.msg_hdr", "", children="".join(headers))
    return f'<proto name="sip">{first_line}{header}</proto>'


INVITE_LINE = field("sip.Request-Line", "INVITE sip:bob@example SIP/2.0",
                    children=field("sip.Method", "INVITE"))
CSEQ = field("sip.CSeq", "1 INVITE",
             children=field("sip.CSeq.seq", "1") + field("sip.CSeq.method", "INVITE"))


def status_line(code):
    return field("sip.Status-Line", f"SIP/2.0 {code} X", children=field("sip.Status-Code", code))


def pdml(*packets):
    text = "<pdml>" + "".join(f"<packet>{p}</packet>" for p in packets) + "</pdml>"
    with tempfile.NamedTemporaryFile("w", suffix=".pdml", delete=False) as out:
        out.write(text)
    return out.name


class PdmlTest(unittest.TestCase):
    def read(self, *packets):
        path = pdml(*packets)
        try:
            return transactions.read_messages(path)
        finally:
            os.unlink(path)

    def test_messages_of_one_frame_in_order(self):
        T = 1_700_000_000_500_000_000
        messages = self.read(frame(8, "1700000000.5") + ip(UAS, UAC) +
                             sip(INVITE_LINE, via(("a.example", "5060", "z9hG4bK-a")), CSEQ) +
                             sip(status_line(486), via(("a.example", "5060", "z9hG4bK-a")),
                                 field("sip.Call-ID", "c@x"), CSEQ, field("sip.RSeq", "7"),
                                 field("sip.From", "", children=field("sip.from.tag", "f")),
                                 field("sip.To", "", children=field("sip.to.tag", "t"))))
        self.assertEqual([(m.frame, m.time_ns, m.method, m.code) for m in messages],
                         [(8, T, "INVITE", None), (8, T, None, 486)])
        self.assertEqual(messages[1], Message(8, T, code=486,
                                              via=TopVia("a.example", "5060", "z9hG4bK-a"),
                                              call_id="c@x", cseq_seq=1, cseq_method="INVITE",
                                              from_tag="f", to_tag="t", rseq=7, src=UAS, dst=UAC))

    def test_top_via_is_the_first_value_of_the_first_header(self):
        [message] = self.read(frame(1, "1.0") + ip(UAC, UAS) +
                              sip(INVITE_LINE, via(("first.example", None, None),
                                                   ("second.example", "5060", "z9hG4bK-2")),
                                  via(("third.example", "5062", "z9hG4bK-3"))))
        self.assertEqual(message.via, TopVia("first.example", None, None))

    def test_sent_by_port_as_written(self):
        [message] = self.read(frame(1, "1.0") + ip(UAC, UAS) +
                              sip(INVITE_LINE, via(("a", "05060", "z9hG4bK-1"))))
        self.assertEqual(message.via.port, "05060")

    def test_innermost_addresses(self):
        [message] = self.read(frame(1, "1.0") + ip("10.0.0.1", "10.0.0.2") + '<proto name="gtp"/>' +
                              ip("2001:db8::1", "2001:db8::2", "ipv6") + sip(INVITE_LINE))
        self.assertEqual((message.src, message.dst, message.via),
                         ("2001:db8::1", "2001:db8::2", None))

    def test_sip_quoted_in_icmp_is_left_out(self):
        for icmp in ("icmp", "icmpv6"):
            with self.subTest(icmp):
                quoted = f'<proto name="{icmp}">{ip(UAS, UAC)}<proto name="udp"/></proto>'
                packet = frame(3, "1.0") + ip(UAC, UAS) + quoted + sip(status_line(404))
                self.assertEqual(self.read(packet), [])
                nested = f'<proto name="{icmp}">{ip(UAS, UAC)}{sip(status_line(404))}</proto>'
                self.assertEqual(self.read(frame(3, "1.0") + ip(UAC, UAS) + nested), [])

    def test_via_without_a_value_is_no_top_via(self):
        empty = field("sip.Via", "")
        second = via(("second.example", "5060", "z9hG4bK-2"))
        [message] = self.read(frame(1, "1.0") + ip(UAC, UAS) + sip(INVITE_LINE, empty, second))
        self.assertIsNone(message.via)

    def test_sip_without_request_or_status_line_is_no_message(self):
        self.assertEqual(self.read(frame(1, "1.0") + ip(UAC, UAS) + sip("", CSEQ)), [])


def sipstatus(*fields, experts=()):
    """A sipstatus subtree: fields (name, show), experts (name, message,
    severity, group)."""
    text = "".join(field("sipstatus." + name, show) for name, show in fields)
    for name, message, severity, group in experts:
        children = (field(name, "") + field("_ws.expert.message", message) +
                    field("_ws.expert.severity", str(severity)) +
                    field("_ws.expert.group", str(group)))
        text += field("_ws.expert", "", children=children)
    return f'<proto name="sipstatus">{text}</proto>'


class CompareTest(unittest.TestCase):
    PHRASES = {486: "Busy Here", 180: "Ringing"}
    RESPONSE, NOTE, SEQUENCE = 0x03000000, 0x00400000, 0x02000000
    EXPECTED = derive(request(1, 0), response(2, 30, 486), response(2, 30, 486, to_tag="to-2"),
                      response(3, 90, 486))

    def disagreements(self, *packets):
        path = pdml(*packets)
        try:
            plugin = check_transactions.plugin_responses(path)
        finally:
            os.unlink(path)
        return list(check_transactions.disagreements(self.EXPECTED, plugin, self.PHRASES))

    def frame_2(self, outcome="4"):
        first = sipstatus(("code", "486"), ("request_frame", "1"), ("response_time", "30"),
                          ("call.outcome", outcome), ("call.srd", "30"),
                          experts=[("sipstatus.code.486", "486 Busy Here (INVITE): ...", 0x600000,
                                    self.RESPONSE)])
        return frame(2, "1.0") + first + first

    def frame_3(self, message="Retransmission of 486 Busy Here (INVITE)", severity=None,
                more_experts=()):
        return frame(3, "1.0") + sipstatus(
            ("code", "486"), ("request_frame", "1"), ("response_time", "90"),
            ("original_frame", "2"), ("call.outcome", "4"), ("call.srd", "30"),
            experts=[("sipstatus.retransmission", message, severity or self.NOTE, self.SEQUENCE),
                     *more_experts])

    def test_agreement(self):
        self.assertEqual(self.disagreements(self.frame_2(), self.frame_3()), [])

    def test_each_difference_is_reported(self):
        self.assertEqual(self.disagreements(self.frame_2(outcome="9"), self.frame_3()),
                         [(2, " response 1/2", "call.outcome", "9", "4"),
                          (2, " response 2/2", "call.outcome", "9", "4")])

    def test_missing_response(self):
        self.assertEqual(self.disagreements(self.frame_2()),
                         [(3, "", "responses in the frame", "0", "1")])

    def test_retransmission_expert_item_form(self):
        for message, severity in (("Retransmission of 486 (INVITE)", None),
                                  ("Retransmission of 486 Busy Here (INVITE)", 0x600000)):
            with self.subTest(message=message, severity=severity):
                [(frame_number, _, name, theirs, ours)] = self.disagreements(
                    self.frame_2(), self.frame_3(message, severity))
                self.assertEqual((frame_number, name, ours),
                                 (3, "expert sipstatus.retransmission", "present"))
                self.assertIn(repr(message), theirs)

    def test_code_item_on_a_retransmission(self):
        code_item = ("sipstatus.code.486", "486 Busy Here", 0x600000, self.RESPONSE)
        packet = self.frame_3(more_experts=[code_item])
        self.assertEqual(self.disagreements(self.frame_2(), packet),
                         [(3, "", "expert sipstatus.code.486", "present", "-")])


if __name__ == "__main__":
    unittest.main()
