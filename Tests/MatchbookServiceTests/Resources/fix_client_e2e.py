#!/usr/bin/env python3
"""End-to-end checks of `matchbook serve` with simplefix (a FIX library from PyPI that nobody here wrote).

Usage: fix_client_e2e.py PORT. Prints one JSON object {"passed": [...], "failed": [...]} and exits 1 if any
check failed. Each check drives real TCP sessions CLIENT1/CLIENT2 with the demo credentials from Config/.
"""
import json
import socket
import sys
import time

import simplefix

PORT = int(sys.argv[1])
TARGET = "MATCHBOOK"
CREDENTIALS = {"CLIENT1": ("client1", "client1-demo"), "CLIENT2": ("client2", "client2-demo")}
passed, failed = [], []


def check(name, condition, detail=""):
    (passed if condition else failed).append(name if condition else f"{name}: {detail}")


class Client:
    def __init__(self, comp_id, password=None, reset=True, seq=1):
        self.comp_id = comp_id
        self.seq = seq
        self.sock = socket.create_connection(("127.0.0.1", PORT), timeout=5)
        self.parser = simplefix.FixParser()
        self.inbox = []
        self.closed = False
        user, default_password = CREDENTIALS.get(comp_id, ("nobody", "nothing"))
        fields = [(98, "0"), (108, "30"), (553, user), (554, password or default_password)]
        if reset:
            fields.append((141, "Y"))
        self.send("A", fields)

    def send(self, msg_type, fields, seq=None, poss_dup=False):
        message = simplefix.FixMessage()
        message.append_pair(8, "FIX.4.4", header=True)
        message.append_pair(35, msg_type, header=True)
        message.append_pair(49, self.comp_id, header=True)
        message.append_pair(56, TARGET, header=True)
        message.append_pair(34, seq if seq is not None else self.seq, header=True)
        message.append_utc_timestamp(52, precision=3, header=True)
        if poss_dup:
            message.append_pair(43, "Y", header=True)
        for tag, value in fields:
            message.append_pair(tag, value)
        if seq is None:
            self.seq += 1
        self.sock.sendall(message.encode())

    def send_raw(self, data):
        self.sock.sendall(data)

    def receive(self, predicate, timeout=3.0):
        """The first message (a simplefix.FixMessage) matching predicate, keeping the others."""
        deadline = time.time() + timeout
        while True:
            for index, message in enumerate(self.inbox):
                if predicate(message):
                    return self.inbox.pop(index)
            remaining = deadline - time.time()
            if remaining <= 0 or self.closed:
                return None
            self.sock.settimeout(remaining)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                return None
            except OSError:
                self.closed = True
                return None
            if not data:
                self.closed = True
                continue
            self.parser.append_buffer(data)
            while True:
                message = self.parser.get_message()
                if message is None:
                    break
                self.inbox.append(message)

    def report(self, cl_ord_id, exec_type=None, timeout=3.0):
        def match(m):
            return (m.get(35) == b"8" and m.get(11) == cl_ord_id.encode()
                    and (exec_type is None or m.get(150) == exec_type.encode()))
        return self.receive(match, timeout)

    def close(self):
        self.sock.close()


def value(message, tag):
    raw = message.get(tag) if message is not None else None
    return raw.decode() if raw is not None else None


def value_nth(message, tag, nth):
    raw = message.get(tag, nth) if message is not None else None
    return raw.decode() if raw is not None else None


def order(client, cl_ord_id, side, qty, price=None, symbol="AAPL", ord_type="2", tif="0", extra=()):
    fields = [(11, cl_ord_id), (55, symbol), (54, side), (38, str(qty)), (40, ord_type), (59, tif),
              (60, time.strftime("%Y%m%d-%H:%M:%S.000", time.gmtime()))]
    if price is not None:
        fields.append((44, price))
    client.send("D", fields + list(extra))


# 1. A wrong password is refused with a Logout naming why, and the connection closes.
bad = Client("CLIENT1", password="wrong")
logout = bad.receive(lambda m: m.get(35) == b"5")
check("wrong password is refused", logout is not None and b"refused" in (logout.get(58) or b""), str(logout))
closed = bad.receive(lambda m: False, timeout=1.0) is None and bad.closed
check("refused connection is closed", closed)
bad.close()

# 2. Logons.
c1 = Client("CLIENT1")
c2 = Client("CLIENT2")
check("CLIENT1 logon", c1.receive(lambda m: m.get(35) == b"A") is not None)
check("CLIENT2 logon", c2.receive(lambda m: m.get(35) == b"A") is not None)
suffix = str(int(time.time() * 1000))[-6:]

# 3. An order that rests.
order(c1, "B1-" + suffix, "1", 100, "100.00")
new = c1.report("B1-" + suffix, "0")
check("resting order acknowledged (150=0, 39=0)", new is not None and value(new, 39) == "0", str(new))
order_id = value(new, 37)

# 4. A cross: CLIENT2 sells 40 into it (fully filled), CLIENT1 is partially filled.
order(c2, "S1-" + suffix, "2", 40, "100.00")
taker = c2.report("S1-" + suffix, "F")
check("taker filled (39=2, LastQty 40, LastPx 100)", taker is not None and value(taker, 39) == "2"
      and value(taker, 32) == "40" and float(value(taker, 31)) == 100.0, str(taker))
maker = c1.report("B1-" + suffix, "F")
check("maker partially filled (39=1, CumQty 40, LeavesQty 60)", maker is not None and value(maker, 39) == "1"
      and value(maker, 14) == "40" and value(maker, 151) == "60", str(maker))

# 5. Ownership: CLIENT2 cannot cancel, replace or query CLIENT1's order.
c2.send("F", [(41, "B1-" + suffix), (11, "X1-" + suffix), (55, "AAPL"), (54, "1"), (37, order_id or "0"),
              (60, time.strftime("%Y%m%d-%H:%M:%S.000", time.gmtime()))])
reject = c2.receive(lambda m: m.get(35) == b"9")
check("cross-session cancel rejected (35=9)", reject is not None and value(reject, 41) == "B1-" + suffix, str(reject))
c2.send("G", [(41, "B1-" + suffix), (11, "X2-" + suffix), (55, "AAPL"), (54, "1"), (38, "500"), (40, "2"),
              (44, "101.00"), (60, time.strftime("%Y%m%d-%H:%M:%S.000", time.gmtime()))])
reject = c2.receive(lambda m: m.get(35) == b"9")
check("cross-session replace rejected (35=9, 434=2)", reject is not None and value(reject, 434) == "2", str(reject))
c2.send("H", [(11, "B1-" + suffix), (55, "AAPL"), (54, "1")])
status = c2.receive(lambda m: m.get(35) == b"8" and m.get(11) == ("B1-" + suffix).encode())
check("cross-session status gives nothing away", status is not None and value(status, 39) == "8"
      and value(status, 14) == "0", str(status))

# 6. Own status, replace, cancel.
c1.send("H", [(11, "B1-" + suffix), (55, "AAPL"), (54, "1")])
status = c1.report("B1-" + suffix, "I")
check("own status (150=I, CumQty 40, LeavesQty 60)", status is not None and value(status, 14) == "40"
      and value(status, 151) == "60", str(status))
c1.send("G", [(41, "B1-" + suffix), (11, "B2-" + suffix), (55, "AAPL"), (54, "1"), (38, "150"), (40, "2"),
              (44, "99.50"), (60, time.strftime("%Y%m%d-%H:%M:%S.000", time.gmtime()))])
replaced = c1.report("B2-" + suffix, "5")
check("replace (150=5, OrderQty 150, LeavesQty 110, Price 99.5, OrigClOrdID)", replaced is not None
      and value(replaced, 38) == "150" and value(replaced, 151) == "110" and float(value(replaced, 44)) == 99.5
      and value(replaced, 41) == "B1-" + suffix, str(replaced))
c1.send("F", [(41, "B2-" + suffix), (11, "B3-" + suffix), (55, "AAPL"), (54, "1"),
              (60, time.strftime("%Y%m%d-%H:%M:%S.000", time.gmtime()))])
cancelled = c1.report("B3-" + suffix, "4")
check("cancel (150=4, 39=4, LeavesQty 0)", cancelled is not None and value(cancelled, 39) == "4"
      and value(cancelled, 151) == "0", str(cancelled))

# 7. Every reject case.
cases = [
    ("unknown symbol", dict(symbol="ZZZZ", price="100.00")),
    ("price outside the band", dict(price="2000.00")),
    ("price off the tick", dict(price="100.005")),
    ("quantity over the limit", dict(price="100.00", qty=2_000_000)),
]
for index, (name, args) in enumerate(cases):
    cl = f"R{index}-{suffix}"
    order(c1, cl, "1", args.get("qty", 10), args.get("price"), symbol=args.get("symbol", "AAPL"))
    rejected = c1.report(cl, "8")
    check(f"reject: {name} (150=8, 39=8, text)", rejected is not None and value(rejected, 39) == "8"
          and value(rejected, 58), str(rejected))
order(c1, "D1-" + suffix, "1", 10, "90.00")
c1.report("D1-" + suffix, "0")
order(c1, "D1-" + suffix, "1", 10, "90.00")
duplicate = c1.report("D1-" + suffix, "8")
check("reject: duplicate ClOrdID", duplicate is not None and "duplicate" in (value(duplicate, 58) or ""), str(duplicate))
order(c1, "I1-" + suffix, "1", 10, "95.00", tif="3")
ioc = c1.report("I1-" + suffix, "4", timeout=3)
check("IOC with nothing to trade is cancelled (150=4)", ioc is not None, str(ioc))
order(c2, "P0-" + suffix, "2", 10, "100.50")
c2.report("P0-" + suffix, "0")
order(c1, "P1-" + suffix, "1", 10, "100.50", extra=[(18, "6")])
post = c1.receive(lambda m: m.get(35) == b"8" and m.get(11) == ("P1-" + suffix).encode()
                  and m.get(150) in (b"8", b"4"))
check("post-only that would cross is refused", post is not None, str(post))
c1.send("F", [(41, "NOPE-" + suffix), (11, "N1-" + suffix), (55, "AAPL"), (54, "1"),
              (60, time.strftime("%Y%m%d-%H:%M:%S.000", time.gmtime()))])
unknown = c1.receive(lambda m: m.get(35) == b"9" and m.get(11) == ("N1-" + suffix).encode())
check("cancel of an unknown order: 35=9 with 102=1", unknown is not None and value(unknown, 102) == "1", str(unknown))

# 8. A framed message missing a required tag gets a session Reject (35=3, 373=1), and the session goes on.
c1.send("D", [(11, "M1-" + suffix), (55, "AAPL"), (54, "1"), (40, "2"), (44, "100.00"),
              (60, time.strftime("%Y%m%d-%H:%M:%S.000", time.gmtime()))])  # no OrderQty(38)
session_reject = c1.receive(lambda m: m.get(35) == b"3")
check("missing required tag: Reject 35=3 373=1 371=38", session_reject is not None and value(session_reject, 373) == "1"
      and value(session_reject, 371) == "38", str(session_reject))

# 8b. Another symbol (on another engine thread when the service runs several): a cross in MSFT.
order(c1, "MB-" + suffix, "1", 5, "300.00", symbol="MSFT")
c1.report("MB-" + suffix, "0")
order(c2, "MS-" + suffix, "2", 5, "300.00", symbol="MSFT")
msft_taker = c2.report("MS-" + suffix, "F")
msft_maker = c1.report("MB-" + suffix, "F")
check("MSFT cross fills both sides (39=2)", msft_taker is not None and msft_maker is not None
      and value(msft_taker, 39) == "2" and value(msft_maker, 39) == "2", f"{msft_taker} {msft_maker}")

# 9. Garbage on CLIENT2's connection: a Logout with the reason, closed; CLIENT1 is not disturbed.
c2.send_raw(b"8=FIX.4.4\x019=5\x0135=D\x01garbage-garbage\x0110=000\x01")
garbage = c2.receive(lambda m: m.get(35) == b"5")
check("garbage gets a Logout with the reason", garbage is not None and b"malformed" in (garbage.get(58) or b""),
      str(garbage))
c2.close()
c1.send("1", [(112, "PING-" + suffix)])
heartbeat = c1.receive(lambda m: m.get(35) == b"0" and m.get(112) == ("PING-" + suffix).encode())
check("other sessions keep working (TestRequest → Heartbeat)", heartbeat is not None, str(heartbeat))

# 10. Resend after a reconnect with a gap: CLIENT1 leaves with an order resting; CLIENT2 trades against it
# while it is away; CLIENT1 comes back without a reset, sees the server's sequence ahead and asks for a resend.
order(c1, "G1-" + suffix, "1", 30, "98.00")
c1.report("G1-" + suffix, "0")
c1.receive(lambda m: False, timeout=0.3)
last_seen = max([int(value(m, 34)) for m in c1.inbox] + [0])
c1.send("5", [])
c1.receive(lambda m: m.get(35) == b"5")
c1.close()
c2 = Client("CLIENT2")
c2.receive(lambda m: m.get(35) == b"A")
order(c2, "G2-" + suffix, "2", 30, "98.00")
c2.report("G2-" + suffix, "F")
next_seq = c1.seq
c1 = Client("CLIENT1", reset=False, seq=next_seq)
logon = c1.receive(lambda m: m.get(35) == b"A")
server_seq = int(value(logon, 34)) if logon is not None else 0
check("reconnect logon without reset", logon is not None, str(logon))
c1.send("2", [(7, "1"), (16, "0")])
resent = c1.receive(lambda m: m.get(35) == b"8" and m.get(11) == ("G1-" + suffix).encode() and m.get(150) == b"F"
                    and m.get(43) == b"Y", timeout=3)
check("missed fill resent with PossDupFlag=Y", resent is not None and value(resent, 14) == "30", str(resent))
gap_fill = c1.receive(lambda m: m.get(35) == b"4" and m.get(123) == b"Y", timeout=1)
check("session messages in the resend range become SequenceReset-GapFill", gap_fill is not None, str(gap_fill))

# 11. FIX market data: a subscription's snapshot (W) is the book, then incrementals (X) carry each change.
md_id = "MD-" + suffix
c1.send("V", [(262, md_id), (263, "1"), (264, "5"), (265, "1"), (267, "2"), (269, "0"), (269, "1"), (146, "1"), (55, "AAPL")])
snapshot = c1.receive(lambda m: m.get(35) == b"W", timeout=3)
entries = [(value_nth(snapshot, 269, n), value_nth(snapshot, 270, n), value_nth(snapshot, 271, n)) for n in (1, 2)] \
    if snapshot is not None else []
check("MarketDataRequest subscribe: W with the book (bid 90 x 10, offer 100.5 x 10)", snapshot is not None
      and value(snapshot, 262) == md_id and value(snapshot, 55) == "AAPL" and value(snapshot, 268) == "2"
      and entries == [("0", "90", "10"), ("1", "100.5", "10")], str(snapshot))
order(c2, "MD1-" + suffix, "1", 7, "95.00")
c2.report("MD1-" + suffix, "0")
added = c1.receive(lambda m: m.get(35) == b"X", timeout=3)
check("a new bid arrives as X: 279=0 269=0 270=95 271=7", added is not None and value(added, 262) == md_id
      and value(added, 279) == "0" and value(added, 269) == "0" and value(added, 270) == "95"
      and value(added, 271) == "7" and value(added, 55) == "AAPL", str(added))
c2.send("F", [(41, "MD1-" + suffix), (11, "MD2-" + suffix), (55, "AAPL"), (54, "1"),
              (60, time.strftime("%Y%m%d-%H:%M:%S.000", time.gmtime()))])
c2.report("MD2-" + suffix, "4")
removed = c1.receive(lambda m: m.get(35) == b"X", timeout=3)
check("its cancel arrives as X: 279=2 at 95", removed is not None and value(removed, 279) == "2"
      and value(removed, 270) == "95", str(removed))
c1.send("V", [(262, md_id), (263, "2"), (264, "5"), (267, "1"), (269, "0"), (146, "1"), (55, "AAPL")])
c1.send("V", [(262, "MDZ-" + suffix), (263, "0"), (264, "1"), (267, "1"), (269, "0"), (146, "1"), (55, "ZZZZ")])
unknown = c1.receive(lambda m: m.get(35) == b"Y", timeout=3)
check("MarketDataRequest for an unknown symbol: Y with 281=0", unknown is not None
      and value(unknown, 262) == "MDZ-" + suffix and value(unknown, 281) == "0", str(unknown))
order(c2, "MD3-" + suffix, "1", 3, "94.00")
c2.report("MD3-" + suffix, "0")
quiet = c1.receive(lambda m: m.get(35) == b"X", timeout=0.5)
check("after unsubscribing no X comes", quiet is None, str(quiet))
c2.send("F", [(41, "MD3-" + suffix), (11, "MD4-" + suffix), (55, "AAPL"), (54, "1"),
              (60, time.strftime("%Y%m%d-%H:%M:%S.000", time.gmtime()))])
c2.report("MD4-" + suffix, "4")

c1.send("5", [])
c1.close()
c2.close()
print(json.dumps({"passed": passed, "failed": failed}, indent=1))
sys.exit(1 if failed else 0)
