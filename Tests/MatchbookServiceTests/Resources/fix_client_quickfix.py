#!/usr/bin/env python3
"""End-to-end checks of `matchbook serve` with QuickFIX (the C++ FIX engine's Python binding, from PyPI).

Usage: fix_client_quickfix.py PORT. Prints one JSON object {"passed": [...], "failed": [...]} (one check a line)
and exits 1 if any check failed. QuickFIX runs as a real initiator (SocketInitiator, FIX 4.4, the FIX44.xml
data dictionary shipped in the quickfix package, file stores and logs in a temporary folder) with two sessions,
CLIENT1 and CLIENT2, logging on with the demo Username(553)/Password(554) from Config/. QuickFIX checks every
message the service sends against the dictionary (required fields, tags allowed in the message type, field
order, values present), the CompIDs, SendingTime, BodyLength and CheckSum, and the sequence numbers: a message it
refuses becomes a Reject (35=3) or a Logout that it sends, and the last checks fail on any.

The checks mirror fix_client_e2e.py (the simplefix test), except for raw garbage on the wire, which QuickFIX
cannot send; they add the other reject cases of the service and a resend in each direction, done the way
QuickFIX does it by itself (the sessions log out and on again, no sequence reset).
"""
import gc
import json
import os
import shutil
import sys
import tempfile
import threading
import time

import quickfix as fix
import quickfix44 as fix44

PORT = int(sys.argv[1])
TARGET = "MATCHBOOK"
CREDENTIALS = {"CLIENT1": ("client1", "client1-demo"), "CLIENT2": ("client2", "client2-demo")}
# setup.py of the quickfix sdist installs spec/FIX*.xml as data files into <prefix>/share/quickfix.
DICTIONARY = os.path.join(sys.prefix, "share", "quickfix", "FIX44.xml")
WATCHDOG_SECONDS = 120
OUR_LOGOUT = "quickfix test: going away"
passed, failed = [], []
# Every initiator made, with its application, settings and factories (which QuickFIX refers to, not owns), kept
# alive here until the end: a running initiator collected with the frame of a failed step crashes the process.
alive = []
retired = []  # what a freed initiator used, kept for the same reason
output_lock = threading.Lock()


def check(name, condition, detail=""):
    (passed if condition else failed).append(name if condition else f"{name}: {detail}")


def finish():
    with output_lock:
        print(json.dumps({"passed": passed, "failed": failed}, indent=1), flush=True)
    os._exit(1 if failed else 0)  # QuickFIX's threads are done or stuck: either way, leave now


def watchdog():
    time.sleep(WATCHDOG_SECONDS)
    failed.append(f"the script did not finish within {WATCHDOG_SECONDS} s")
    finish()


class Received:
    """One FIX message as seen by the application: its type and its fields in wire order."""

    def __init__(self, message):
        self.raw = message if isinstance(message, str) else message.toString()
        self.fields = []
        for field in self.raw.split("\x01"):
            if "=" in field:
                tag, value = field.split("=", 1)
                self.fields.append((int(tag), value))
        self.type = self.get(35)

    def get(self, tag):
        return next((value for field, value in self.fields if field == tag), None)

    def __str__(self):
        return self.raw.replace("\x01", "|")


class Recorder(fix.Application):
    """Adds 553/554 to each Logon and records every message in and out, per SenderCompID, for the checks."""

    def __init__(self, credentials):
        super().__init__()
        self.credentials = credentials
        self.condition = threading.Condition()
        self.inbox = {}  # what the service sent (admin and application), not yet taken by a check
        self.received = {}  # everything the service sent, kept
        self.sent_admin = {}  # what QuickFIX sent on its own: Logon, ResendRequest, Reject, SequenceReset, Logout
        self.logged_on = set()
        self.logons = {}
        self.session_ids = {}

    def onCreate(self, session_id):
        comp = session_id.getSenderCompID().getValue()
        self.session_ids[comp] = session_id
        for box in (self.inbox, self.received, self.sent_admin):
            box[comp] = []
        self.logons[comp] = 0

    def onLogon(self, session_id):
        with self.condition:
            comp = session_id.getSenderCompID().getValue()
            self.logged_on.add(comp)
            self.logons[comp] += 1
            self.condition.notify_all()

    def onLogout(self, session_id):
        with self.condition:
            self.logged_on.discard(session_id.getSenderCompID().getValue())
            self.condition.notify_all()

    def toAdmin(self, message, session_id):
        comp = session_id.getSenderCompID().getValue()
        if message.getHeader().getField(35) == fix.MsgType_Logon:
            user, password = self.credentials[comp]
            message.setField(fix.Username(user))
            message.setField(fix.Password(password))
        with self.condition:
            self.sent_admin[comp].append(Received(message))

    def fromAdmin(self, message, session_id):
        self._record(message, session_id)

    def toApp(self, message, session_id):
        pass

    def fromApp(self, message, session_id):
        self._record(message, session_id)

    def _record(self, message, session_id):
        comp = session_id.getSenderCompID().getValue()
        received = Received(message)
        with self.condition:
            self.inbox[comp].append(received)
            self.received[comp].append(received)
            self.condition.notify_all()

    def receive(self, comp, predicate, timeout=3.0):
        """The first message from the service to `comp` matching `predicate` (taken from the inbox), or None."""
        deadline = time.time() + timeout
        with self.condition:
            while True:
                for index, message in enumerate(self.inbox[comp]):
                    if predicate(message):
                        return self.inbox[comp].pop(index)
                remaining = deadline - time.time()
                if remaining <= 0:
                    return None
                self.condition.wait(remaining)

    def wait_logged_on(self, comp, on=True, timeout=5.0):
        deadline = time.time() + timeout
        with self.condition:
            while (comp in self.logged_on) != on:
                remaining = deadline - time.time()
                if remaining <= 0:
                    return False
                self.condition.wait(remaining)
            return True

    def sent(self, comp, predicate):
        with self.condition:
            return [message for message in self.sent_admin[comp] if predicate(message)]


def initiator(application, comps, folder, reconnect_seconds):
    """A SocketInitiator for `comps` on the service's port, validating against FIX44.xml."""
    os.makedirs(folder, exist_ok=True)
    settings_text = f"""[DEFAULT]
ConnectionType=initiator
BeginString=FIX.4.4
TargetCompID={TARGET}
SocketConnectHost=127.0.0.1
SocketConnectPort={PORT}
HeartBtInt=30
ReconnectInterval={reconnect_seconds}
StartTime=00:00:00
EndTime=00:00:00
UseDataDictionary=Y
DataDictionary={DICTIONARY}
ValidateFieldsOutOfOrder=Y
ValidateFieldsHaveValues=Y
ValidateUserDefinedFields=Y
CheckLatency=Y
MaxLatency=120
ResetOnLogon=N
ResetOnLogout=N
ResetOnDisconnect=N
PersistMessages=Y
FileStorePath={folder}/store
FileLogPath={folder}/log
"""
    for comp in comps:
        settings_text += f"\n[SESSION]\nSenderCompID={comp}\n"
    path = os.path.join(folder, "initiator.cfg")
    with open(path, "w") as settings_file:
        settings_file.write(settings_text)
    settings = fix.SessionSettings(path)
    store, log = fix.FileStoreFactory(settings), fix.FileLogFactory(settings)
    started = fix.SocketInitiator(application, store, settings, log)
    alive.append((application, settings, store, log, started))
    return started


def retire(started):
    """Forgets a stopped initiator, so that it is freed with its last reference (QuickFIX registers its sessions
    process-wide until then); what it used stays alive."""
    for index, parts in enumerate(alive):
        if parts[-1] is started:
            retired.append(parts[:-1])
            del alive[index]
            return


def now():
    return fix.TransactTime()  # the current UTC time, milliseconds


def send(application, comp, message):
    fix.Session.sendToTarget(message, application.session_ids[comp])


def new_order(application, comp, cl_ord_id, side, qty, price=None, symbol="AAPL", ord_type=fix.OrdType_LIMIT,
              tif=fix.TimeInForce_DAY, extra=(), omit=()):
    message = fix44.NewOrderSingle()
    fields = [fix.ClOrdID(cl_ord_id), fix.Symbol(symbol), fix.Side(side), now(), fix.OrderQty(qty),
              fix.OrdType(ord_type), fix.TimeInForce(tif)]
    if price is not None:
        fields.append(fix.Price(price))
    for field in fields + list(extra):
        if field.getTag() not in omit:
            message.setField(field)
    send(application, comp, message)


def cancel(application, comp, orig, cl_ord_id, side=fix.Side_BUY, symbol="AAPL", order_id=None):
    message = fix44.OrderCancelRequest()
    for field in [fix.OrigClOrdID(orig), fix.ClOrdID(cl_ord_id), fix.Symbol(symbol), fix.Side(side), now()]:
        message.setField(field)
    if order_id is not None:
        message.setField(fix.OrderID(order_id))
    send(application, comp, message)


def replace(application, comp, orig, cl_ord_id, qty, price, side=fix.Side_BUY, symbol="AAPL"):
    message = fix44.OrderCancelReplaceRequest()
    for field in [fix.OrigClOrdID(orig), fix.ClOrdID(cl_ord_id), fix.Symbol(symbol), fix.Side(side), now(),
                  fix.OrderQty(qty), fix.OrdType(fix.OrdType_LIMIT), fix.Price(price)]:
        message.setField(field)
    send(application, comp, message)


def status(application, comp, cl_ord_id, side=fix.Side_BUY, symbol="AAPL"):
    message = fix44.OrderStatusRequest()
    for field in [fix.ClOrdID(cl_ord_id), fix.Symbol(symbol), fix.Side(side)]:
        message.setField(field)
    send(application, comp, message)


def test_request(application, comp, test_req_id):
    message = fix44.TestRequest()
    message.setField(fix.TestReqID(test_req_id))
    send(application, comp, message)


def is_report(cl_ord_id, exec_type=None):
    return lambda m: (m.type == "8" and m.get(11) == cl_ord_id
                      and (exec_type is None or m.get(150) == exec_type))


def is_type(msg_type, **fields):
    return lambda m: m.type == msg_type and all(m.get(int(tag[1:])) == value for tag, value in fields.items())


def number(message, tag):
    value = message.get(tag) if message is not None else None
    return float(value) if value is not None else None


def poll(produce, timeout=3.0):
    """`produce()` once it is truthy, or its last value when `timeout` seconds have passed."""
    deadline = time.time() + timeout
    while True:
        value = produce()
        if value or time.time() >= deadline:
            return value
        time.sleep(0.02)


def wire_messages(folder, comp):
    """Every message QuickFIX logged as sent or received on `comp`'s connections, in order."""
    path = os.path.join(folder, "log", f"FIX.4.4-{comp}-{TARGET}.messages.current.log")
    if not os.path.isfile(path):
        return []
    with open(path, errors="replace") as log:
        return [Received(line.split(" : ", 1)[1]) for line in log if " : " in line]


def event_log_lines(folder, words=("reject", "invalid", "incorrect", "disconnect", "error")):
    """The lines of QuickFIX's event logs that say why it refused something (for a failure's detail)."""
    lines = []
    for root, _, files in os.walk(folder):
        for name in files:
            if ".event." in name:
                with open(os.path.join(root, name), errors="replace") as log:
                    lines += [line.strip() for line in log if any(word in line.lower() for word in words)]
    return lines[-12:]


def main():
    threading.Thread(target=watchdog, daemon=True).start()
    if not os.path.isfile(DICTIONARY):
        failed.append(f"QuickFIX's FIX44.xml is not at {DICTIONARY}: reinstall quickfix (Scripts/setup)")
        finish()
    folder = tempfile.mkdtemp(prefix="matchbook-quickfix-")
    try:
        run(folder)
    except Exception as error:  # a broken step must not hide the checks made so far
        failed.append(f"the script stopped: {type(error).__name__}: {error}")
    finally:
        for parts in alive:
            parts[-1].stop()
        if not failed:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            failed.append(f"QuickFIX's logs are in {folder}; event log: {event_log_lines(folder)}")
    finish()


def run(folder):
    # 1. A wrong password: the service answers the Logon with a Logout naming why, which QuickFIX must accept
    # (addressed to CLIENT1, from MATCHBOOK) and hand to the application; the session never logs on.
    bad_app = Recorder({"CLIENT1": ("client1", "wrong")})
    bad = initiator(bad_app, ["CLIENT1"], os.path.join(folder, "refused"), reconnect_seconds=60)
    bad.start()
    logout = bad_app.receive("CLIENT1", is_type("5"), timeout=5)
    check("wrong password: the Logout reaches the application and says why (58 has 'refused')",
          logout is not None and "refused" in (logout.get(58) or ""), str(logout))
    check("wrong password: never logged on", bad_app.logons["CLIENT1"] == 0)
    bad_rejects = bad_app.sent("CLIENT1", is_type("3"))
    check("wrong password: QuickFIX found nothing wrong in the service's Logout", not bad_rejects,
          "; ".join(map(str, bad_rejects)))
    bad.stop()
    # QuickFIX keeps a process-wide registry of sessions by SessionID until the initiator is freed: free it
    # before the real CLIENT1 session is created, or that one would not be registered.
    retire(bad)
    del bad
    gc.collect()

    # 2. Logons: QuickFIX sends 553/554 (toAdmin), the service answers with a Logon.
    app = Recorder(CREDENTIALS)
    client = initiator(app, ["CLIENT1", "CLIENT2"], os.path.join(folder, "clients"), reconnect_seconds=1)
    client.start()
    for comp in ("CLIENT1", "CLIENT2"):
        logged_on = app.wait_logged_on(comp)
        logon = app.receive(comp, is_type("A"))
        check(f"{comp} logon (553/554 accepted, Logon answered with HeartBtInt 30)",
              logged_on and logon is not None and logon.get(108) == "30", str(logon))
        if not logged_on:
            failed.append(f"{comp} is not logged on: the other checks were not run")
            return
    suffix = str(int(time.time() * 1000))[-6:]

    # 3. An order that rests.
    b1 = "B1-" + suffix
    new_order(app, "CLIENT1", b1, fix.Side_BUY, 100, 100.00)
    new = app.receive("CLIENT1", is_report(b1, "0"))
    check("resting order acknowledged (150=0, 39=0, LeavesQty 100)", new is not None and new.get(39) == "0"
          and number(new, 151) == 100, str(new))
    order_id = new.get(37) if new is not None else None

    # 4. A cross: CLIENT2 sells 40 into it (fully filled), CLIENT1 is partially filled.
    s1 = "S1-" + suffix
    new_order(app, "CLIENT2", s1, fix.Side_SELL, 40, 100.00)
    taker = app.receive("CLIENT2", is_report(s1, "F"))
    check("taker filled (39=2, LastQty 40, LastPx 100, AvgPx 100)", taker is not None and taker.get(39) == "2"
          and number(taker, 32) == 40 and number(taker, 31) == 100.0 and number(taker, 6) == 100.0, str(taker))
    maker = app.receive("CLIENT1", is_report(b1, "F"))
    check("maker partially filled (39=1, CumQty 40, LeavesQty 60)", maker is not None and maker.get(39) == "1"
          and number(maker, 14) == 40 and number(maker, 151) == 60, str(maker))

    # 5. Ownership: CLIENT2 cannot cancel, replace or query CLIENT1's order.
    cancel(app, "CLIENT2", b1, "X1-" + suffix, order_id=order_id or "0")
    reject = app.receive("CLIENT2", is_type("9"))
    check("cross-session cancel rejected (35=9, 434=1)", reject is not None and reject.get(41) == b1
          and reject.get(434) == "1", str(reject))
    replace(app, "CLIENT2", b1, "X2-" + suffix, 500, 101.00)
    reject = app.receive("CLIENT2", is_type("9"))
    check("cross-session replace rejected (35=9, 434=2)", reject is not None and reject.get(434) == "2", str(reject))
    status(app, "CLIENT2", b1)
    foreign = app.receive("CLIENT2", is_report(b1))
    check("cross-session status gives nothing away (39=8, CumQty 0)", foreign is not None
          and foreign.get(39) == "8" and number(foreign, 14) == 0, str(foreign))

    # 6. Own status, replace, cancel (and a replace below the filled quantity, refused).
    status(app, "CLIENT1", b1)
    own = app.receive("CLIENT1", is_report(b1, "I"))
    check("own status (150=I, CumQty 40, LeavesQty 60)", own is not None and number(own, 14) == 40
          and number(own, 151) == 60, str(own))
    replace(app, "CLIENT1", b1, "BX-" + suffix, 30, 99.50)
    refused = app.receive("CLIENT1", is_type("9", t11="BX-" + suffix))
    check("reject: replace to a quantity below the filled 40 (35=9, 434=2, 39=1)", refused is not None
          and refused.get(434) == "2" and refused.get(39) == "1" and refused.get(58), str(refused))
    replace(app, "CLIENT1", b1, "BY-" + suffix, 150, 2000.00)
    refused = app.receive("CLIENT1", is_type("9", t11="BY-" + suffix))
    check("reject: replace to a price outside the band (35=9, 434=2)", refused is not None
          and refused.get(434) == "2" and "band" in (refused.get(58) or ""), str(refused))
    b2 = "B2-" + suffix
    replace(app, "CLIENT1", b1, b2, 150, 99.50)
    replaced = app.receive("CLIENT1", is_report(b2, "5"))
    check("replace (150=5, OrderQty 150, LeavesQty 110, Price 99.5, OrigClOrdID)", replaced is not None
          and number(replaced, 38) == 150 and number(replaced, 151) == 110 and number(replaced, 44) == 99.5
          and replaced.get(41) == b1, str(replaced))
    cancel(app, "CLIENT1", b2, "B3-" + suffix)
    cancelled = app.receive("CLIENT1", is_report("B3-" + suffix, "4"))
    check("cancel (150=4, 39=4, LeavesQty 0, OrigClOrdID)", cancelled is not None and cancelled.get(39) == "4"
          and number(cancelled, 151) == 0 and cancelled.get(41) == b2, str(cancelled))

    # 7. Every reject case of a new order (an ExecutionReport 150=8 39=8 with OrdRejReason and Text).
    cases = [
        ("unknown symbol", dict(symbol="ZZZZ", price=100.00), "unknown symbol", "1"),
        ("price outside the band", dict(price=2000.00), "band", "99"),
        ("price off the tick", dict(price=100.005), "tick", "99"),
        ("quantity over the limit", dict(price=100.00, qty=2_000_000), "limit", "99"),
        ("notional over the limit", dict(price=300.00, qty=500_000), "notional", "99"),
        ("FOK that cannot fill", dict(price=100.00, tif=fix.TimeInForce_FILL_OR_KILL), "fok", "99"),
    ]
    for index, (name, args, text, reason) in enumerate(cases):
        cl = f"R{index}-{suffix}"
        new_order(app, "CLIENT1", cl, fix.Side_BUY, args.get("qty", 10), args.get("price"),
                  symbol=args.get("symbol", "AAPL"), tif=args.get("tif", fix.TimeInForce_DAY))
        rejected = app.receive("CLIENT1", is_report(cl, "8"))
        check(f"reject: {name} (150=8, 39=8, 103={reason}, Text)", rejected is not None
              and rejected.get(39) == "8" and rejected.get(103) == reason
              and text in (rejected.get(58) or "").lower(), str(rejected))
    d1 = "D1-" + suffix
    new_order(app, "CLIENT1", d1, fix.Side_BUY, 10, 90.00)
    app.receive("CLIENT1", is_report(d1, "0"))
    new_order(app, "CLIENT1", d1, fix.Side_BUY, 10, 90.00)
    duplicate = app.receive("CLIENT1", is_report(d1, "8"))
    check("reject: duplicate ClOrdID (150=8, 103=6)", duplicate is not None and duplicate.get(103) == "6"
          and "duplicate" in (duplicate.get(58) or ""), str(duplicate))
    ioc = "I1-" + suffix
    new_order(app, "CLIENT1", ioc, fix.Side_BUY, 10, 95.00, tif=fix.TimeInForce_IMMEDIATE_OR_CANCEL)
    ioc_report = app.receive("CLIENT1", is_report(ioc, "4"))
    check("IOC with nothing to trade is cancelled (150=4, 39=4)", ioc_report is not None
          and ioc_report.get(39) == "4", str(ioc_report))
    p0 = "P0-" + suffix
    new_order(app, "CLIENT2", p0, fix.Side_SELL, 10, 100.50)
    app.receive("CLIENT2", is_report(p0, "0"))
    p1 = "P1-" + suffix
    post_only = fix.ExecInst(fix.ExecInst_PARTICIPATE_DO_NOT_INITIATE)  # ExecInst 6
    new_order(app, "CLIENT1", p1, fix.Side_BUY, 10, 100.50, extra=[post_only])
    post = app.receive("CLIENT1", is_report(p1))
    check("reject: post-only that would cross (150=8, 39=8, Text)", post is not None and post.get(150) == "8"
          and post.get(39) == "8" and "postonly" in (post.get(58) or "").lower(), str(post))
    cancel(app, "CLIENT1", "NOPE-" + suffix, "N1-" + suffix)
    unknown = app.receive("CLIENT1", is_type("9", t11="N1-" + suffix))
    check("cancel of an unknown order: 35=9 with 102=1", unknown is not None and unknown.get(102) == "1", str(unknown))

    # 8. Session-level rejects: a framed message missing a required tag, a zero quantity, a MsgType the service
    # does not take; the session goes on. QuickFIX does not check what it sends against the dictionary.
    new_order(app, "CLIENT1", "M1-" + suffix, fix.Side_BUY, 10, 100.00, omit={38})
    session_reject = app.receive("CLIENT1", is_type("3"))
    check("missing required tag: Reject 35=3 373=1 371=38 372=D", session_reject is not None
          and session_reject.get(373) == "1" and session_reject.get(371) == "38"
          and session_reject.get(372) == "D", str(session_reject))
    new_order(app, "CLIENT1", "M2-" + suffix, fix.Side_BUY, 0, 100.00)
    session_reject = app.receive("CLIENT1", is_type("3"))
    check("zero quantity: Reject 35=3 373=5 371=38", session_reject is not None
          and session_reject.get(373) == "5" and session_reject.get(371) == "38", str(session_reject))
    quote_request = fix44.QuoteRequest()
    quote_request.setField(fix.QuoteReqID("Q1-" + suffix))
    group = fix44.QuoteRequest.NoRelatedSym()
    group.setField(fix.Symbol("AAPL"))
    quote_request.addGroup(group)
    send(app, "CLIENT1", quote_request)
    session_reject = app.receive("CLIENT1", is_type("3"))
    check("unsupported MsgType: Reject 35=3 373=11 372=R", session_reject is not None
          and session_reject.get(373) == "11" and session_reject.get(372) == "R", str(session_reject))
    market_data = fix44.MarketDataRequest()
    market_data.setField(fix.MDReqID("MD-" + suffix))
    market_data.setField(fix.SubscriptionRequestType(fix.SubscriptionRequestType_SNAPSHOT))
    market_data.setField(fix.MarketDepth(5))
    entry_types = fix44.MarketDataRequest.NoMDEntryTypes()
    entry_types.setField(fix.MDEntryType(fix.MDEntryType_BID))
    market_data.addGroup(entry_types)
    symbols = fix44.MarketDataRequest.NoRelatedSym()
    symbols.setField(fix.Symbol("AAPL"))
    market_data.addGroup(symbols)
    send(app, "CLIENT1", market_data)
    md_snapshot = app.receive("CLIENT1", is_type("W"))
    check("MarketDataRequest answered with MarketDataSnapshotFullRefresh (35=W, 262, 55)", md_snapshot is not None
          and md_snapshot.get(262) == "MD-" + suffix and md_snapshot.get(55) == "AAPL", str(md_snapshot))
    unknown = fix44.MarketDataRequest()
    unknown.setField(fix.MDReqID("MDZ-" + suffix))
    unknown.setField(fix.SubscriptionRequestType(fix.SubscriptionRequestType_SNAPSHOT))
    unknown.setField(fix.MarketDepth(5))
    unknown.addGroup(entry_types)
    unknown_symbol = fix44.MarketDataRequest.NoRelatedSym()
    unknown_symbol.setField(fix.Symbol("ZZZZ"))
    unknown.addGroup(unknown_symbol)
    send(app, "CLIENT1", unknown)
    md_reject = app.receive("CLIENT1", is_type("Y"))
    check("MarketDataRequest for an unknown symbol: MarketDataRequestReject (35=Y, 262, 281=0)", md_reject is not None
          and md_reject.get(262) == "MDZ-" + suffix and md_reject.get(281) == "0", str(md_reject))

    # 8b. Another symbol (on another engine thread when the service runs several): a cross in MSFT.
    new_order(app, "CLIENT1", "MB-" + suffix, fix.Side_BUY, 5, 300.00, symbol="MSFT")
    app.receive("CLIENT1", is_report("MB-" + suffix, "0"))
    new_order(app, "CLIENT2", "MS-" + suffix, fix.Side_SELL, 5, 300.00, symbol="MSFT")
    msft_taker = app.receive("CLIENT2", is_report("MS-" + suffix, "F"))
    msft_maker = app.receive("CLIENT1", is_report("MB-" + suffix, "F"))
    check("MSFT cross fills both sides (39=2)", msft_taker is not None and msft_maker is not None
          and msft_taker.get(39) == "2" and msft_maker.get(39) == "2", f"{msft_taker} {msft_maker}")

    # 9. TestRequest → Heartbeat echoing the TestReqID.
    test_request(app, "CLIENT1", "PING-" + suffix)
    heartbeat = app.receive("CLIENT1", is_type("0", t112="PING-" + suffix))
    check("TestRequest answered with a Heartbeat (35=0, 112 echoed)", heartbeat is not None, str(heartbeat))

    # 10. Resend after a reconnect with a gap, the service ahead: CLIENT1 logs out with an order resting;
    # CLIENT2 trades against it while it is away; CLIENT1 logs on again (no reset). QuickFIX sees the Logon's
    # MsgSeqNum above the one it expects, sends a ResendRequest by itself and takes the missed fill resent.
    g1 = "G1-" + suffix
    new_order(app, "CLIENT1", g1, fix.Side_BUY, 30, 98.00)
    app.receive("CLIENT1", is_report(g1, "0"))
    session1 = fix.Session.lookupSession(app.session_ids["CLIENT1"])
    session1.logout(OUR_LOGOUT)
    check("CLIENT1 logs out (Logout answered)", app.wait_logged_on("CLIENT1", on=False), "still logged on")
    expected_before = session1.getExpectedTargetNum()
    g2 = "G2-" + suffix
    new_order(app, "CLIENT2", g2, fix.Side_SELL, 30, 98.00)
    g2_fill = app.receive("CLIENT2", is_report(g2, "F"))
    check("CLIENT2 trades against CLIENT1's resting order while CLIENT1 is away", g2_fill is not None
          and g2_fill.get(39) == "2", str(g2_fill))
    resend_requests_before = len(app.sent("CLIENT1", is_type("2")))
    session1.logon()
    check("CLIENT1 reconnects and logs on without a reset", app.wait_logged_on("CLIENT1"), "no logon")
    relogon = app.receive("CLIENT1", is_type("A"))
    check("the service's Logon has no ResetSeqNumFlag=Y and a MsgSeqNum past the gap",
          relogon is not None and relogon.get(141) != "Y" and int(relogon.get(34)) > expected_before, str(relogon))
    resent = app.receive("CLIENT1", lambda m: is_report(g1, "F")(m) and m.get(43) == "Y", timeout=5)
    resend_requests = app.sent("CLIENT1", is_type("2"))[resend_requests_before:]
    check(f"QuickFIX sent a ResendRequest from {expected_before} (35=2, 7={expected_before})",
          len(resend_requests) == 1 and resend_requests[0].get(7) == str(expected_before),
          "; ".join(map(str, resend_requests)))
    check("missed fill resent: 150=F, 39=2, CumQty 30, PossDupFlag=Y, OrigSendingTime before SendingTime",
          resent is not None and resent.get(39) == "2" and number(resent, 14) == 30 and resent.get(122) is not None
          and resent.get(122) <= resent.get(52), str(resent))
    # The resend range runs to the service's last message, its new Logon: that comes back as a
    # SequenceReset-GapFill, which QuickFIX (having processed the queued Logon) drops as a possible duplicate
    # without telling the application, so it is read from QuickFIX's log of the messages on the wire.
    gap_fills = poll(lambda: [
        m for m in wire_messages(os.path.join(folder, "clients"), "CLIENT1")
        if m.get(49) == TARGET and m.type == "4" and m.get(123) == "Y" and m.get(34) == relogon.get(34)
    ] if relogon is not None else [])
    check("the Logon in the resend range comes back as a SequenceReset-GapFill (35=4, 123=Y, 43=Y, 36 past it)",
          len(gap_fills) == 1 and gap_fills[0].get(43) == "Y"
          and int(gap_fills[0].get(36)) == int(relogon.get(34)) + 1, "; ".join(map(str, gap_fills)))
    test_request(app, "CLIENT1", "AFTER-" + suffix)
    heartbeat = app.receive("CLIENT1", is_type("0", t112="AFTER-" + suffix))
    # QuickFIX counts a message in after handing it to the application.
    in_step = heartbeat is not None and poll(lambda: session1.getExpectedTargetNum() == int(heartbeat.get(34)) + 1)
    check("after the resend both sides are in step (TestRequest answered, next expected = Heartbeat's + 1)",
          in_step, f"{heartbeat} expected {session1.getExpectedTargetNum()}")

    # 11. A gap the other way: CLIENT2 comes back with its MsgSeqNum 5 ahead of what the service expects; the
    # service asks for a resend, QuickFIX answers with a SequenceReset-GapFill, and orders go on.
    session2 = fix.Session.lookupSession(app.session_ids["CLIENT2"])
    session2.logout(OUR_LOGOUT)
    app.wait_logged_on("CLIENT2", on=False)
    skipped_from = session2.getExpectedSenderNum()
    session2.setNextSenderMsgSeqNum(skipped_from + 5)
    session2.logon()
    check("CLIENT2 logs on 5 numbers ahead", app.wait_logged_on("CLIENT2"), "no logon")
    service_resend = app.receive("CLIENT2", is_type("2"), timeout=3)
    check(f"the service asks for a resend from {skipped_from} (35=2, 7={skipped_from})", service_resend is not None
          and service_resend.get(7) == str(skipped_from), str(service_resend))
    gap_fills = poll(lambda: app.sent("CLIENT2", is_type("4", t123="Y")))
    check("QuickFIX answers with a SequenceReset-GapFill (35=4, 123=Y, 43=Y)", len(gap_fills) == 1
          and gap_fills[0].get(34) == str(skipped_from) and gap_fills[0].get(43) == "Y", "; ".join(map(str, gap_fills)))
    h1 = "H1-" + suffix
    new_order(app, "CLIENT2", h1, fix.Side_SELL, 7, 101.00)
    h1_new = app.receive("CLIENT2", is_report(h1, "0"))
    check("after the gap fill the service takes CLIENT2's orders again", h1_new is not None, str(h1_new))
    cancel(app, "CLIENT2", h1, "H2-" + suffix, side=fix.Side_SELL)
    app.receive("CLIENT2", is_report("H2-" + suffix, "4"))

    # 12. QuickFIX found nothing wrong in anything the service sent: it sent no Reject, and no Logout but ours.
    for comp in ("CLIENT1", "CLIENT2"):
        rejects = app.sent(comp, is_type("3"))
        check(f"{comp}: QuickFIX rejected none of the service's {len(app.received[comp])} messages (no 35=3 sent)",
              not rejects, "; ".join(map(str, rejects)))
        logouts = app.sent(comp, lambda m: m.type == "5" and m.get(58) != OUR_LOGOUT)
        check(f"{comp}: QuickFIX never logged out by itself", not logouts, "; ".join(map(str, logouts)))
    resend_total = len(app.sent("CLIENT1", is_type("2")) + app.sent("CLIENT2", is_type("2")))
    check("QuickFIX asked for exactly one resend in the whole run", resend_total == 1, str(resend_total))
    client.stop()


if __name__ == "__main__":
    main()
