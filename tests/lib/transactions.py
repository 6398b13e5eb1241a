#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The independent derivation of sipstatus's transaction results.

Written from /work/notes/spec-transactions.md (the contract between the
plugin and this check) and RFC 3261 / RFC 6076, not from the plugin's code:
from the SIP messages Wireshark's SIP dissector reports, it derives for each
response the request frame, response time, retransmission, call outcome and
Session Request Delay the plugin must show.

usage: transactions.py PDML   (tshark -T pdml output; prints one line per
                               response: frame, code, method and results)
"""
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from typing import Optional

MAGIC_COOKIE = "z9hG4bK"
NS_PER_MS = 1_000_000

# RFC 6076 section 4 call outcomes: (value, name); codes not listed in
# OUTCOME_OF_CODE fall to their class.
ANSWERED, REDIRECTED, CHALLENGED, BUSY, UNAVAILABLE = 1, 2, 3, 4, 5
NO_ANSWER, CANCELLED, REJECTED, FAILED = 6, 7, 8, 9
OUTCOME_NAMES = {
    ANSWERED: "Answered", REDIRECTED: "Redirected", CHALLENGED: "Challenged",
    BUSY: "Busy", UNAVAILABLE: "Unavailable", NO_ANSWER: "No answer",
    CANCELLED: "Cancelled", REJECTED: "Rejected", FAILED: "Failed",
}
OUTCOME_OF_CODE = {
    401: CHALLENGED, 407: CHALLENGED, 486: BUSY, 600: BUSY,
    480: UNAVAILABLE, 408: NO_ANSWER, 487: CANCELLED,
    403: REJECTED, 603: REJECTED, 607: REJECTED, 608: REJECTED,
}
# Final responses that end no session request: RFC 6076 section 4.3 leaves
# them out of the Session Request Delay (3xx is left out by class).
NO_SRD_CODES = {401, 402, 407}


@dataclass(frozen=True)
class TopVia:
    """The first value of the first Via header."""
    host: str
    port: Optional[str] = None  # as written
    branch: Optional[str] = None


@dataclass(frozen=True)
class Reason:
    """A response's Reason as the plugin must show it: the SIP dissector's
    own reading of the first Reason header that has a protocol."""
    protocol: str  # in upper case, without trailing blanks
    cause: int
    text: Optional[str] = None
    text_at: Optional[str] = None  # the text's bytes, "pos+size" in its data source


@dataclass(frozen=True)
class Message:
    """One SIP message as the SIP dissector reports it."""
    frame: int
    time_ns: int
    method: Optional[str] = None  # request-line method; None for a response
    code: Optional[int] = None  # status code; None for a request
    via: Optional[TopVia] = None
    call_id: Optional[str] = None
    cseq_seq: Optional[int] = None
    cseq_method: Optional[str] = None
    from_tag: Optional[str] = None
    to_tag: Optional[str] = None
    rseq: Optional[int] = None
    reason: Optional[Reason] = None
    src: Optional[str] = None  # innermost IP addresses
    dst: Optional[str] = None

    @property
    def is_request(self):
        return self.code is None


@dataclass
class ResponseResult:
    """What the plugin must show for one response."""
    frame: int
    code: int
    method: Optional[str]  # CSeq method
    request_frame: Optional[int] = None
    response_time: Optional[int] = None  # ms
    negative_time: bool = False
    original_frame: Optional[int] = None  # set on a retransmission
    outcome: Optional[int] = None
    srd: Optional[int] = None  # ms
    srd_ns: Optional[int] = None  # the same in nanoseconds (the metrics' unit)
    reason: Optional[Reason] = None

    @property
    def is_retransmission(self):
        return self.original_frame is not None


class Transaction:
    def __init__(self, path):
        # The request's innermost (source, destination) addresses: hops
        # that share a key (a device forwarding without a Via of its own)
        # are told apart by them.
        self.path = path
        self.request = None  # first copy of the request
        self.first_answer_ns = None  # earliest 101-199 or 2xx response
        self.responses = {}  # (code, To tag, RSeq) -> first ResponseResult


def parse_epoch_ns(text):
    """frame.time_epoch ("1700000000.021000000") as integer nanoseconds."""
    negative = text.startswith("-")
    seconds, _, fraction = text.lstrip("-").partition(".")
    if not seconds.isdigit() or (fraction and not fraction.isdigit()):
        raise ValueError(f"not an epoch time: {text!r}")
    ns = int(seconds) * 1_000_000_000 + int((fraction + "0" * 9)[:9])
    return -ns if negative else ns


def transaction_key(message):
    """The spec's transaction key, or None when the message has none."""
    via = message.via
    if via is None or (not message.is_request and message.cseq_method is None):
        return None
    sent_by = (via.host.lower(), via.port)
    if via.branch is not None and via.branch.startswith(MAGIC_COOKIE):
        method = message.method if message.is_request else message.cseq_method
        return ("RFC 3261", via.branch, sent_by, method)
    if message.call_id is None or message.cseq_seq is None:
        return None
    return ("RFC 2543", message.call_id, message.cseq_seq, message.cseq_method,
            message.from_tag, sent_by, via.branch) + request_path(message)


def elapsed_ns(start_ns, end_ns):
    """Nanoseconds from start to end, None when negative."""
    delta = end_ns - start_ns
    return delta if delta >= 0 else None


def elapsed_ms(start_ns, end_ns):
    """Whole milliseconds from start to end, None when negative."""
    delta = elapsed_ns(start_ns, end_ns)
    return None if delta is None else delta // NS_PER_MS


def call_outcome(code):
    if 200 <= code <= 299:
        return ANSWERED
    if 300 <= code <= 399:
        return REDIRECTED
    return OUTCOME_OF_CODE.get(code, FAILED)


def session_request_delay_ns(transaction, response):
    """RFC 6076 section 4.3 for a first copy of a final response, ns."""
    start = transaction.request.time_ns
    if 200 <= response.code <= 299:
        return elapsed_ns(start, transaction.first_answer_ns)
    if response.code >= 400 and response.code not in NO_SRD_CODES:
        return elapsed_ns(start, response.time_ns)
    return None


def starts_session(transaction, response):
    """A final response to a session-starting INVITE seen in the capture."""
    request = transaction.request
    return (200 <= response.code <= 699 and response.cseq_method == "INVITE"
            and request is not None and request.to_tag is None)


def request_path(message):
    """The (source, destination) of the request a message belongs to: a
    response travels the other way."""
    if message.is_request:
        return (message.src, message.dst)
    return (message.dst, message.src)


def find_transaction(transactions, key, message):
    """The transaction of a message with key, created when there is none:
    the one with the message's request path; for a response, when no
    transaction of the key has its path, the first one of the key."""
    hops = transactions.setdefault(key, [])
    path = request_path(message)
    for transaction in hops:
        if transaction.path == path:
            return transaction
    if hops and not message.is_request:
        return hops[0]
    hops.append(Transaction(path))
    return hops[-1]


@dataclass
class Step:
    """One message (ACKs left out) with the transaction it belongs to
    (None when it has no key) and what it is there."""
    message: Message
    transaction: Optional[Transaction]
    result: Optional[ResponseResult] = None  # for a response
    retransmission: bool = False  # for a request: a later copy


def walk(messages):
    """The Steps of messages, which are in capture order (frame order,
    then order within the frame)."""
    transactions = {}  # key -> [Transaction, ...] in order of creation
    for message in messages:
        if message.method == "ACK":
            continue
        key = transaction_key(message)
        transaction = None
        if key is not None:
            transaction = find_transaction(transactions, key, message)
        if message.is_request:
            retransmission = transaction is not None and transaction.request is not None
            if transaction is not None and not retransmission:
                transaction.request = message
            yield Step(message, transaction, retransmission=retransmission)
            continue
        result = ResponseResult(message.frame, message.code, message.cseq_method,
                                reason=message.reason)
        if transaction is not None:
            record_response(transaction, message, result)
        yield Step(message, transaction, result)


def derive(messages):
    """ResponseResults for the responses of messages (capture order)."""
    return [step.result for step in walk(messages) if step.result is not None]


def record_response(transaction, response, result):
    """Fills in result for a response of transaction: its request and
    time, the earlier copy it repeats, or its outcome and SRD."""
    request = transaction.request
    if request is not None:
        result.request_frame = request.frame
        result.response_time = elapsed_ms(request.time_ns, response.time_ns)
        result.negative_time = result.response_time is None
    if 101 <= response.code <= 299 and transaction.first_answer_ns is None:
        transaction.first_answer_ns = response.time_ns
    original = transaction.responses.setdefault(
        (response.code, response.to_tag, response.rseq), result)
    if original is not result:
        result.original_frame = original.frame
        # None when the original had none (it came before the request).
        result.outcome, result.srd, result.srd_ns = original.outcome, original.srd, original.srd_ns
    elif starts_session(transaction, response):
        result.outcome = call_outcome(response.code)
        result.srd_ns = session_request_delay_ns(transaction, response)
        if result.srd_ns is not None:
            result.srd = result.srd_ns // NS_PER_MS


# Reading tshark -T pdml output.

def fields_of(element):
    """The <field> descendants of element in document order, without
    entering nested protocols."""
    for child in element:
        if child.tag == "field":
            yield child
            yield from fields_of(child)


def written(field):
    """A field's bytes as they are in the packet (PDML's value attribute),
    its shown value when PDML has no bytes for it."""
    try:
        return bytes.fromhex(field.get("value", "")).decode("utf-8", "surrogateescape")
    except ValueError:
        return field.get("show", "")


def top_via(via_header):
    """The first value of a sip.Via header field, None when it has none:
    Wireshark lists each value's sent-by address, then its port and
    parameters."""
    host = port = branch = None
    for field in fields_of(via_header):
        name = field.get("name")
        if name == "sip.Via.sent-by.address":
            if host is not None:
                break
            host = written(field)
        elif host is None:
            continue
        elif name == "sip.Via.sent-by.port" and port is None:
            port = written(field)
        elif name == "sip.Via.branch" and branch is None:
            branch = written(field)
    return None if host is None else TopVia(host, port, branch)


def bytes_at(field):
    """Where a PDML field's bytes are, "pos+size"."""
    return f"{field.get('pos')}+{field.get('size')}"


def reason_of(sip):
    """The Reason of the first sip.Reason header with a protocol.  Where
    the dissector reads a cause or text from outside the header (its offset
    -1 + 1: the message's start; the plugin documents this), the plugin
    shows the status line's cause, 0, and no text."""
    for header in fields_of(sip):
        if header.get("name") != "sip.Reason":
            continue
        start = int(header.get("pos"))
        end = start + int(header.get("size"))
        parts = {}
        for field in fields_of(header):
            name = field.get("name")
            if name.startswith("sip.reason_cause_"):
                name = "cause"
            parts.setdefault(name, field)

        def own(name):
            field = parts.get(name)
            inside = field is not None and start <= int(field.get("pos")) and \
                int(field.get("pos")) + int(field.get("size")) <= end
            return field if inside else None

        if "sip.reason_protocols" not in parts:
            continue
        cause, text = own("cause"), own("sip.reason_text")
        # The blanks RFC 3326 allows before the ";", which the dissector
        # keeps in the protocol, the plugin leaves out.
        return Reason(parts["sip.reason_protocols"].get("show").rstrip(" \t\r\n").upper(),
                      int(cause.get("show")) if cause is not None else 0,
                      text.get("show") if text is not None else None,
                      bytes_at(text) if text is not None else None)
    return None


def sip_message(sip, frame, time_ns, src, dst):
    """A Message from one <proto name="sip"> element: the first of each
    field (the first Via header is the top one)."""
    first = {}
    for field in fields_of(sip):
        first.setdefault(field.get("name"), field)

    def text(name):
        return first[name].get("show") if name in first else None

    def number(name):
        return int(first[name].get("show")) if name in first else None

    via = top_via(first["sip.Via"]) if "sip.Via" in first else None
    return Message(frame, time_ns, method=text("sip.Method"), code=number("sip.Status-Code"),
                   via=via, call_id=text("sip.Call-ID"), cseq_seq=number("sip.CSeq.seq"),
                   cseq_method=text("sip.CSeq.method"), from_tag=text("sip.from.tag"),
                   to_tag=text("sip.to.tag"), rseq=number("sip.RSeq"), reason=reason_of(sip),
                   src=src, dst=dst)


def first_show(element, name):
    return next((f.get("show") for f in fields_of(element) if f.get("name") == name), None)


def pdml_packets(path):
    """The <packet> elements of a PDML file, one at a time."""
    for _, element in ElementTree.iterparse(path):
        if element.tag == "packet":
            yield element
            element.clear()


def packet_frame(packet):
    frame = next(p for p in packet.iter("proto") if p.get("name") == "frame")
    return (int(first_show(frame, "frame.number")),
            parse_epoch_ns(first_show(frame, "frame.time_epoch")))


def packet_messages(packet):
    """The SIP messages of one packet on the wire, in order: SIP quoted in
    an ICMP or ICMPv6 error (PDML puts it inside or after the ICMP
    protocol) is left out."""
    frame, time_ns = packet_frame(packet)
    src = dst = None
    for proto in packet.iter("proto"):
        name = proto.get("name")
        if name in ("icmp", "icmpv6"):
            return
        if name in ("ip", "ipv6"):
            src, dst = first_show(proto, name + ".src"), first_show(proto, name + ".dst")
        elif name == "sip":
            message = sip_message(proto, frame, time_ns, src, dst)
            if message.method is not None or message.code is not None:
                yield message


def read_messages(path):
    return [m for packet in pdml_packets(path) for m in packet_messages(packet)]


def describe(result):
    parts = [f"frame {result.frame}", f"{result.code} {result.method or '-'}"]
    if result.request_frame is not None:
        parts.append(f"request {result.request_frame}")
    if result.response_time is not None:
        parts.append(f"time {result.response_time} ms")
    if result.negative_time:
        parts.append("negative time")
    if result.is_retransmission:
        parts.append(f"retransmission of {result.original_frame}")
    if result.outcome is not None:
        parts.append(f"outcome {OUTCOME_NAMES[result.outcome]}")
    if result.srd is not None:
        parts.append(f"SRD {result.srd} ms")
    return ", ".join(parts)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    for result in derive(read_messages(argv[1])):
        print(describe(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
