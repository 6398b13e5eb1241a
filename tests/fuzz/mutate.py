#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""SIP-aware mutations of a pcap file, for tests/fuzz/run.

usage: mutate.py [--rate R] SEED IN.pcap OUT.pcap

Every frame carrying a SIP status line ("SIP/2.0 <code> <phrase>") is mutated
with probability R (default 0.3; at least one frame always is): its code,
phrase, line ends, one of its header lines, its length, or the number of
messages in the frame.  One line per mutation is printed, so a failing case
says what it holds.  The same SEED gives the same output.

When a mutation changes a frame's length, the IPv4, IPv6, UDP and GTP-U
length fields around the SIP payload are fixed (and the IPv4 header checksum
recomputed), so that Wireshark still hands the whole message to the SIP
dissector.  Frames whose headers cannot be followed (IP fragments, unknown
link types) get only mutations that keep the length.

Reads and writes classic pcap (microsecond or nanosecond, either byte order);
convert pcapng first with `editcap -F pcap`.  Standard library only.
"""
import collections
import random
import re
import struct
import sys

STATUS_LINE = re.compile(rb"SIP/2\.0 ([^\r\n]*?)(\r\n|\n|\r|$)")
HEADER_LINE = re.compile(rb"\r?\n([!-9;-~]+)[ \t]*:[ \t]*([^\r\n]*)")
DIGITS = re.compile(rb"\d+")

# Codes around and far outside 100-699, and things that are not numbers.
ODD_CODES = [b"000", b"099", b"100", b"199", b"699", b"700", b"999", b"99999", b"1000",
             b"4294967295", b"4294967296", b"18446744073709551616", b"-1", b"+200",
             b"0200", b"2OO", b"0x1F4", b"1e3", b"20", b"2", b"", b" ", b"\t200"]
ODD_NUMBERS = [b"0", b"-1", b"255", b"256", b"65535", b"65536", b"2147483647", b"2147483648",
               b"4294967295", b"4294967296", b"99999999999999999999", b"-2147483649"]
FORMATS = [b"%n%s%s%s%n", b"%s" * 64, b"%x%x%x%x%p%p%n", b"%.99999999f%99999999d",
           b"%c%c%c%c%hn%ln%lln", b"%1$s%2$n"]
HUGE = 65536

# One change to a frame; fix=False leaves the length fields and the original
# length alone, as a capture cut short by its snapshot length would.
Edit = collections.namedtuple("Edit", "start end new what fix", defaults=(True,))


def be16(data, off):
    return struct.unpack_from(">H", data, off)[0]


def layer3(frame, linktype):
    """Offset and IP version of the network layer, or None."""
    if linktype == 1:  # Ethernet, with any number of VLAN tags
        off, ethertype = 14, be16(frame, 12)
        while ethertype in (0x8100, 0x88A8, 0x9100):
            ethertype, off = be16(frame, off + 2), off + 4
    elif linktype == 113:  # Linux cooked v1
        off, ethertype = 16, be16(frame, 14)
    elif linktype == 276:  # Linux cooked v2
        off, ethertype = 20, be16(frame, 0)
    elif linktype in (0, 109):  # BSD loopback: family in host order
        family = max(struct.unpack_from("<I", frame, 0)[0], struct.unpack_from(">I", frame, 0)[0])
        return (4, 4) if family == 2 else (4, 6) if family in (24, 28, 30) else None
    elif linktype in (12, 14, 101):  # raw IP
        return 0, frame[0] >> 4
    elif linktype in (228, 229):
        return 0, 4 if linktype == 228 else 6
    else:
        return None
    return {0x0800: (off, 4), 0x86DD: (off, 6)}.get(ethertype)


def length_fields(frame, linktype):
    """The SIP payload offset and the length fields that enclose it, as
    (kind, offset) from the outside in; None when they cannot be followed."""
    start = layer3(frame, linktype)
    if start is None:
        return None
    off, version = start
    fields = []
    while True:
        if version == 4:
            if frame[off + 6] & 0x3F or frame[off + 7]:
                return None  # a fragment: more fragments, or an offset
            fields.append(("ipv4", off))
            proto, off = frame[off + 9], off + (frame[off] & 0x0F) * 4
        elif version == 6:
            fields.append(("ipv6", off))
            proto, off = frame[off + 6], off + 40
            while proto in (0, 43, 60):
                proto, off = frame[off], off + (frame[off + 1] + 1) * 8
            if proto == 44:
                return None
        else:
            return None
        if proto in (4, 41):
            version = 4 if proto == 4 else 6
        elif proto == 6:
            return off + (frame[off + 12] >> 4) * 4, fields
        elif proto == 17:
            fields.append(("udp", off))
            ports, off = (be16(frame, off), be16(frame, off + 2)), off + 8
            if 2152 not in ports or frame[off] >> 5 != 1 or frame[off + 1] != 0xFF:
                return off, fields
            fields.append(("gtp", off))  # GTP-U T-PDU: an IP packet follows
            flags, off = frame[off], off + 8
            if flags & 0x07:
                off += 4
                next_ext = frame[off - 1] if flags & 0x04 else 0
                while next_ext:
                    size = frame[off] * 4
                    next_ext, off = frame[off + size - 1], off + size
            version = frame[off] >> 4
        else:
            return None


FIELD_LENGTH_OFFSET = {"ipv4": 2, "ipv6": 4, "udp": 4, "gtp": 2}


def room(frame, fields):
    """How many bytes a frame may grow before a 16-bit length overflows."""
    return min(0xFFFF - be16(frame, off + FIELD_LENGTH_OFFSET[kind]) for kind, off in fields)


def fix_lengths(frame, fields, delta):
    for kind, off in fields:
        at = off + FIELD_LENGTH_OFFSET[kind]
        struct.pack_into(">H", frame, at, be16(frame, at) + delta)
        if kind == "udp":
            struct.pack_into(">H", frame, off + 6, 0)  # no checksum
        elif kind == "ipv4":
            struct.pack_into(">H", frame, off + 10, 0)
            header = bytes(frame[off:off + (frame[off] & 0x0F) * 4])
            total = sum(struct.unpack(">%dH" % (len(header) // 2), header))
            while total > 0xFFFF:
                total = (total & 0xFFFF) + (total >> 16)
            struct.pack_into(">H", frame, off + 10, ~total & 0xFFFF)


class Mutator:
    """Each mutation takes the frame and a status-line match and returns the
    fields of an Edit, or None when it does not apply to that message."""

    def __init__(self, rng, can_resize, room_left):
        self.rng = rng
        self.can_resize = can_resize
        self.room_left = room_left

    def pick(self, frame, line):
        same = [self.digit, self.code_digits_same, self.nul_same, self.cr_lf_same,
                self.header_digits_same, self.truncate]
        resizing = [self.odd_code, self.huge_phrase, self.empty_phrase, self.format_phrase,
                    self.nul_phrase, self.utf8_phrase, self.drop_eol, self.double_eol,
                    self.odd_header, self.content_length, self.more_messages, self.spaces]
        choices = same + resizing if self.can_resize else same
        while True:
            result = self.rng.choice(choices)(frame, line)
            if result is None:
                continue
            edit = Edit(*result)
            if not edit.fix or len(edit.new) - (edit.end - edit.start) <= self.room_left:
                return edit

    # Mutations that keep the length.
    def digit(self, frame, line):
        start = line.start(1)
        match = DIGITS.match(line.group(1))
        end = start + (len(match.group()) if match else min(1, len(line.group(1))))
        if start == end:
            return None
        at = self.rng.randrange(start, end)
        new = bytes([self.rng.choice(b"0123456789/ :.%\x00\xff")])
        return at, at + 1, new, "code byte %d -> %r" % (at - start, new)

    def code_digits_same(self, frame, line):
        match = DIGITS.match(line.group(1))
        if not match:
            return None
        start = line.start(1)
        new = bytes(self.rng.choice(b"0123456789") for _ in match.group())
        return start, start + len(new), new, "code %r -> %r" % (match.group(), new)

    def nul_same(self, frame, line):
        at = self.rng.randrange(line.start(1), max(line.end(1), line.start(1) + 1))
        return at, at + 1, b"\x00", "NUL at status-line byte %d" % (at - line.start())

    def cr_lf_same(self, frame, line):
        eol = line.group(2)
        if not eol:
            return None
        new = self.rng.choice([b"\n\n", b"\r\r", b"\n\r", b"  "])[:len(eol)]
        return line.start(2), line.end(2), new, "line end %r -> %r" % (eol, new)

    def header_digits_same(self, frame, line):
        header = self.header(frame, line)
        if header is None:
            return None
        runs = list(DIGITS.finditer(frame, header.start(2), header.end(2)))
        if not runs:
            return None
        run = self.rng.choice(runs)
        new = bytes(self.rng.choice(b"0123456789") for _ in run.group())
        return run.start(), run.end(), new, "header %r digits %r -> %r" % (
            header.group(1), run.group(), new)

    # Mutations that change the length.
    def odd_code(self, frame, line):
        match = DIGITS.match(line.group(1))
        end = line.start(1) + (len(match.group()) if match else 0)
        new = self.rng.choice(ODD_CODES)
        return line.start(1), end, new, "code -> %r" % new

    def phrase_span(self, line):
        match = re.match(rb"\d*", line.group(1))
        return line.start(1) + len(match.group()), line.end(1)

    def huge_phrase(self, frame, line):
        start, end = self.phrase_span(line)
        size = max(0, min(HUGE, self.room_left + (end - start) - 1))
        fill = self.rng.choice([b"A", b"%s", b"\xff", b"\xe2\x82\xac"])
        new = b" " + (fill * (size // len(fill) + 1))[:size]
        return start, end, new, "phrase of %d bytes of %r" % (size, fill)

    def empty_phrase(self, frame, line):
        start, end = self.phrase_span(line)
        new = self.rng.choice([b"", b" ", b"  \t "])
        return start, end, new, "phrase -> %r" % new

    def format_phrase(self, frame, line):
        start, end = self.phrase_span(line)
        new = b" " + self.rng.choice(FORMATS)
        return start, end, new, "phrase -> %r" % new

    def nul_phrase(self, frame, line):
        start, end = self.phrase_span(line)
        new = self.rng.choice([b" OK\x00hidden", b" \x00", b"\x00 OK", b" " + b"\x00" * 300])
        return start, end, new, "phrase with NUL %r" % new[:20]

    def utf8_phrase(self, frame, line):
        start, end = self.phrase_span(line)
        new = b" " + self.rng.choice([b"\xc0\x80", b"\xff\xfe\xfd", b"\xed\xa0\x80",
                                      b"\xf4\x90\x80\x80", b"\xe2\x82", b"caf\xc3\xa9 \xe2\x98\x8e",
                                      b"\x1b[31mred\x1b[0m", b"\r"])
        return start, end, new, "phrase -> %r" % new

    def drop_eol(self, frame, line):
        eol = line.group(2)
        if not eol:
            return None
        new = self.rng.choice([b"", b"\r", b"\n"])
        return line.start(2), line.end(2), new, "line end %r -> %r" % (eol, new)

    def double_eol(self, frame, line):
        choice = self.rng.randrange(3)
        if choice == 0 and line.group(2):
            return line.start(2), line.end(2), line.group(2) * 2, "line end doubled"
        at = self.rng.randrange(line.start(1), line.end(1) + 1)
        new = self.rng.choice([b"\r\n", b"\n", b"\r\n\r\n"])
        return at, at, new, "%r inserted at status-line byte %d" % (new, at - line.start())

    def header(self, frame, line):
        """A random header line of the message, or None."""
        end = len(frame)
        for blank in (b"\r\n\r\n", b"\n\n"):
            at = frame.find(blank, line.end(1))
            if at >= 0:
                end = min(end, at + 1)
        headers = list(HEADER_LINE.finditer(frame, line.end(1), end))
        return self.rng.choice(headers) if headers else None

    def odd_header(self, frame, line):
        header = self.header(frame, line)
        if header is None:
            return None
        value = header.group(2)
        choice = self.rng.randrange(5)
        if choice == 0:
            new = b""
        elif choice == 1:
            new = self.rng.choice(FORMATS)
        elif choice == 2:
            new = value + b"\x00" + value
        elif choice == 3:
            size = max(0, min(8192, self.room_left + len(value) - 1))
            new = (value or b"x") * (size // max(1, len(value)) + 1)
            new = new[:size]
        else:
            new = DIGITS.sub(lambda m: self.rng.choice(ODD_NUMBERS), value) or b"-1"
        return header.start(2), header.end(2), new, "header %r value -> %r" % (
            header.group(1), new[:40])

    def content_length(self, frame, line):
        match = re.compile(rb"\n(Content-Length|l)[ \t]*:[ \t]*([^\r\n]*)", re.I).search(
            frame, line.end(1))
        new = self.rng.choice(ODD_NUMBERS + [b"", b"abc"])
        if match is None:
            return None
        return match.start(2), match.end(2), new, "Content-Length -> %r" % new

    def more_messages(self, frame, line):
        message = bytes(frame[line.start():])
        copies = self.rng.choice([1, 2, 5, 50])
        extra = b""
        for _ in range(copies):
            code = b"%03d" % self.rng.randrange(0, 1000)
            extra += re.sub(rb"^SIP/2\.0 \d*", b"SIP/2.0 " + code, message)
            if len(extra) > self.room_left:
                break
        extra = extra[:self.room_left]
        end = len(frame)
        return end, end, extra, "%d more message(s) appended" % copies

    def spaces(self, frame, line):
        new = self.rng.choice([b"SIP/2.0  ", b"SIP/2.0\t", b"sip/2.0 ", b"SIP/2.0", b"SIP/2.00 "])
        return line.start(), line.start(1), new, "version %r" % new

    def truncate(self, frame, line):
        at = self.rng.randrange(line.start(), line.end() + 1)
        return at, len(frame), b"", "cut at status-line byte %d" % (at - line.start()), False


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    endian = {b"\xd4\xc3\xb2\xa1": "<", b"\x4d\x3c\xb2\xa1": "<", b"\xa1\xb2\xc3\xd4": ">",
              b"\xa1\xb2\x3c\x4d": ">"}.get(magic)
    if endian is None:
        sys.exit("%s: not a classic pcap file (convert with editcap -F pcap)" % path)
    linktype = struct.unpack_from(endian + "I", data, 20)[0] & 0x0FFFFFFF
    records, off = [], 24
    while off + 16 <= len(data):
        sec, frac, incl, orig = struct.unpack_from(endian + "IIII", data, off)
        records.append([sec, frac, orig, bytearray(data[off + 16:off + 16 + incl])])
        off += 16 + incl
    return endian, bytearray(data[:24]), linktype, records


def write_pcap(path, endian, header, records):
    struct.pack_into(endian + "I", header, 16, 262144)  # snaplen: frames may grow
    with open(path, "wb") as f:
        f.write(header)
        for sec, frac, orig, frame in records:
            f.write(struct.pack(endian + "IIII", sec, frac, len(frame), orig))
            f.write(frame)


def main(argv):
    rate = 0.3
    if len(argv) > 2 and argv[1] == "--rate":
        rate = float(argv[2])
        argv = argv[:1] + argv[3:]
    if len(argv) != 4:
        sys.exit(__doc__)
    rng = random.Random(int(argv[1]))
    endian, header, linktype, records = read_pcap(argv[2])

    candidates = []
    for index, record in enumerate(records):
        frame = record[3]
        lines = list(STATUS_LINE.finditer(frame))
        if lines:
            candidates.append((index, lines))
    chosen = [c for c in candidates if rng.random() < rate]
    if candidates and not chosen:
        chosen = [rng.choice(candidates)]

    for index, lines in chosen:
        record = records[index]
        frame = record[3]
        line = rng.choice(lines)
        try:
            parsed = length_fields(frame, linktype)
        except IndexError:
            parsed = None
        resizable = parsed is not None and line.start() >= parsed[0]
        mutator = Mutator(rng, resizable, room(frame, parsed[1]) if resizable else 0)
        edit = mutator.pick(frame, line)
        delta = len(edit.new) - (edit.end - edit.start)
        frame[edit.start:edit.end] = edit.new
        if delta and edit.fix:
            fix_lengths(frame, parsed[1], delta)
            record[2] += delta
        print("frame %d: %s" % (index + 1, edit.what))
    write_pcap(argv[3], endian, header, records)


if __name__ == "__main__":
    main(sys.argv)
