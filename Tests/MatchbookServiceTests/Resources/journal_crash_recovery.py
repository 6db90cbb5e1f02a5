#!/usr/bin/env python3
"""Crash-under-load checks of `matchbook serve` with its journal, with simplefix as the FIX client.

Usage: journal_crash_recovery.py MATCHBOOK_BINARY CONFIG_FILE WORK_DIR ROUNDS SYNC ENGINE_THREADS SEED [RETENTION]

Runs the real service binary ROUNDS times on one journal folder. Each round logs two sessions on (continuing
their sequence numbers, asking for what they missed), sends orders (some cross, some are cancelled) and the
service is killed with SIGKILL at a random moment while orders are in flight. Then a last start checks:
- every order the client saw acknowledged is there: OrderStatusRequest answers with the leaves quantity the
  client's reports add up to;
- every order never acknowledged (even after the resends) is unknown to the service, and no order was
  acknowledged twice (two "New" reports with different ExecIDs for one ClOrdID);
- each reconnect after a kill got the missed execution reports by ResendRequest (PossDupFlag=Y);
- `journal inspect` reads the journal; the books written at a graceful stop (`serve --book-out`) equal
  `journal replay --book-out` of the same folder, and two replays are byte-identical.
Prints one JSON object {"passed": [...], "failed": [...], "stats": {...}} and exits 1 if any check failed.
"""
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import simplefix

BINARY, CONFIG, WORK, ROUNDS, SYNC, ENGINES, SEED = sys.argv[1:8]
RETENTION = sys.argv[8] if len(sys.argv) > 8 else "archive"
ROUNDS, SEED = int(ROUNDS), int(SEED)
BINARY, CONFIG, WORK = os.path.abspath(BINARY), os.path.abspath(CONFIG), os.path.abspath(WORK)
JOURNAL = os.path.join(WORK, "journal")
TARGET = "MATCHBOOK"
CREDENTIALS = {"CLIENT1": ("client1", "client1-demo"), "CLIENT2": ("client2", "client2-demo")}
rng = random.Random(SEED)
passed, failed = [], []
stats = {"rounds": ROUNDS, "orders_sent": 0, "acked": 0, "resent_reports": 0, "kills": 0}


def check(name, condition, detail=""):
    (passed if condition else failed).append(name if condition else f"{name}: {detail}")


def start_service(round_number, extra=()):
    log_path = os.path.join(WORK, f"serve-{round_number}.log")
    log = open(log_path, "w")
    process = subprocess.Popen(
        [BINARY, "serve", "--config", CONFIG, "--log-level", "warning", *extra, "--fix-port", "0", "--http-port", "0",
         "--market-data-port", "0", "--journal-directory", JOURNAL, "--journal-sync", SYNC,
         "--engine-threads", ENGINES, "--journal-retention", RETENTION,
         "--journal-segment-bytes", "1048576",
         "--session-epoch", "none"],
        stdout=log, stderr=log, cwd=WORK)
    deadline = time.time() + 120
    while time.time() < deadline:
        text = open(log_path).read()
        found = re.search(r"FIX on [0-9.]+:(\d+), HTTP on [0-9.]+:(\d+)", text)
        if found:
            global HTTP_PORT
            HTTP_PORT = int(found.group(2))
            return process, int(found.group(1)), log_path
        if process.poll() is not None:
            raise RuntimeError(f"serve exited with {process.returncode} before listening:\n{text}")
        time.sleep(0.05)
    process.kill()
    raise RuntimeError("serve did not listen within 120 s:\n" + open(log_path).read())


class Orders:
    """The client's view of its orders, from every execution report it received (deduplicated by ExecID)."""

    def __init__(self):
        self.sent = {}        # ClOrdID -> (session, side, qty)
        self.exec_ids = set()
        self.new_acks = {}    # ClOrdID -> set of ExecIDs of 150=0 reports
        self.cum = {}         # ClOrdID -> largest CumQty seen
        self.done = set()
        self.order_ids = {}   # ClOrdID -> OrderID
        self.resent = 0

    def report(self, message):
        exec_id = value(message, 17)
        if exec_id in self.exec_ids:
            return
        self.exec_ids.add(exec_id)
        if message.get(43) == b"Y":
            self.resent += 1
        cl = value(message, 11)
        exec_type = value(message, 150)
        status = value(message, 39)
        if exec_type == "4" and value(message, 41):   # a cancel names the order by OrigClOrdID
            cl = value(message, 41)
        if cl not in self.sent:
            return
        if exec_type == "0":
            self.new_acks.setdefault(cl, set()).add(exec_id)
        if value(message, 37) not in (None, "NONE"):
            self.order_ids[cl] = value(message, 37)
        self.cum[cl] = max(self.cum.get(cl, 0), int(value(message, 14) or 0))
        if status in ("2", "4", "8", "C"):
            self.done.add(cl)

    def acked(self, cl):
        return cl in self.new_acks or cl in self.done or cl in self.order_ids

    def leaves(self, cl):
        return 0 if cl in self.done else self.sent[cl][2] - self.cum.get(cl, 0)


orders = Orders()
gtc = set()


def value(message, tag):
    raw = message.get(tag) if message is not None else None
    return raw.decode() if raw is not None else None


class Session:
    """One FIX session whose sequence numbers carry over restarts (no ResetSeqNumFlag)."""

    def __init__(self, comp_id):
        self.comp_id = comp_id
        self.next_out = 1
        self.expected_in = 1
        self.sock = None
        self.parser = None
        self.logged_on = False
        self.logon_seq = None
        self.statuses = {}
        self.resend_upto = 0    # the last MsgSeqNum a ResendRequest of ours asked for
        self.resent_upto = 0    # the last MsgSeqNum the resend has covered so far

    def connect(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.sock.setblocking(False)
        self.parser = simplefix.FixParser()
        self.logged_on = False
        user, password = CREDENTIALS[self.comp_id]
        self.send("A", [(98, "0"), (108, "30"), (553, user), (554, password)])

    def send(self, msg_type, fields, seq=None, poss_dup=False):
        message = simplefix.FixMessage()
        message.append_pair(8, "FIX.4.4", header=True)
        message.append_pair(35, msg_type, header=True)
        message.append_pair(49, self.comp_id, header=True)
        message.append_pair(56, TARGET, header=True)
        message.append_pair(34, seq if seq is not None else self.next_out, header=True)
        message.append_utc_timestamp(52, precision=3, header=True)
        if poss_dup:
            message.append_pair(43, "Y", header=True)
        for tag, field in fields:
            message.append_pair(tag, field)
        if seq is None:
            self.next_out += 1
        data = message.encode()
        self.sock.setblocking(True)
        try:
            self.sock.sendall(data)
        except OSError:
            pass  # the service was killed: the next round reconnects
        finally:
            self.sock.setblocking(False)

    def pump(self):
        """Reads and handles whatever has arrived; False once the connection is gone."""
        while True:
            try:
                data = self.sock.recv(65536)
            except BlockingIOError:
                return True
            except OSError:
                return False
            if not data:
                return False
            self.parser.append_buffer(data)
            while (message := self.parser.get_message()) is not None:
                self.handle(message)

    def handle(self, message):
        msg_type = value(message, 35)
        seq = int(value(message, 34))
        poss_dup = message.get(43) == b"Y"
        if msg_type == "A":
            self.logged_on = True
            self.logon_seq = seq
            if seq > self.expected_in:
                # Missed messages (sent while we were away, or regenerated by recovery): ask for them.
                self.send("2", [(7, str(self.expected_in)), (16, "0")])
                self.resend_upto = seq - 1
        elif msg_type == "2":
            # The service lost our last messages (unacknowledged, cut with a torn tail): gap-fill them, we do
            # not resend orders it never acknowledged.
            begin = int(value(message, 7))
            self.send("4", [(123, "Y"), (36, str(self.next_out))], seq=begin, poss_dup=True)
        elif msg_type == "4":
            self.expected_in = max(self.expected_in, int(value(message, 36)))
            self.resent_upto = max(self.resent_upto, int(value(message, 36)) - 1)
            return
        elif msg_type == "1":
            self.send("0", [(112, value(message, 112))])
        elif msg_type == "8":
            if value(message, 150) == "I":
                self.statuses[value(message, 11)] = message
            else:
                orders.report(message)
        if not poss_dup:
            self.expected_in = max(self.expected_in, seq + 1)
        else:
            self.resent_upto = max(self.resent_upto, seq)

    def resend_done(self):
        return self.resent_upto >= self.resend_upto

    def new_order(self, counter):
        cl = f"{self.comp_id[-1]}-{counter}"
        side = rng.choice("12")
        qty = rng.randint(1, 100)
        tif = "1" if rng.random() < 0.2 else "0"  # some GTC orders: they outlive the end of a session
        price = 100.0 + rng.randint(-5, 5) / 100.0
        orders.sent[cl] = (self.comp_id, side, qty)
        if tif == "1":
            gtc.add(cl)
        stats["orders_sent"] += 1
        self.send("D", [(11, cl), (55, "AAPL"), (54, side), (38, str(qty)), (40, "2"), (44, f"{price:.2f}"),
                        (59, tif), (60, time.strftime("%Y%m%d-%H:%M:%S.000", time.gmtime()))])

    def cancel(self, cl, counter):
        self.send("F", [(41, cl), (11, f"{cl}-X{counter}"), (55, "AAPL"), (54, orders.sent[cl][1]),
                        (60, time.strftime("%Y%m%d-%H:%M:%S.000", time.gmtime()))])

    def status(self, cl):
        self.send("H", [(11, cl), (55, "AAPL"), (54, orders.sent[cl][1])])


sessions = [Session("CLIENT1"), Session("CLIENT2")]


def log_on(port):
    for session in sessions:
        session.connect(port)
    deadline = time.time() + 30
    while time.time() < deadline and not all(s.logged_on for s in sessions):
        for session in sessions:
            session.pump()
        time.sleep(0.005)
    return all(s.logged_on for s in sessions)


HTTP_PORT = None


def take_snapshot(path="/snapshot"):
    """POST /snapshot (or /session/end); the service's answer (a dict), or an error string."""
    request = urllib.request.Request(f"http://127.0.0.1:{HTTP_PORT}{path}", method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read())
    except Exception as error:  # noqa: BLE001 - reported by the check
        return repr(error)


def settle_resends(limit=30.0):
    """Pumps until every session's ResendRequest is answered in full (then a little longer)."""
    deadline = time.time() + limit
    while time.time() < deadline and not all(s.resend_done() for s in sessions):
        for session in sessions:
            session.pump()
        time.sleep(0.01)
    settle(0.2)
    return all(s.resend_done() for s in sessions)


def settle(seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        for session in sessions:
            session.pump()
        time.sleep(0.01)


counter = 0
try:
    os.makedirs(WORK, exist_ok=True)
    for round_number in range(ROUNDS):
        process, port, log_path = start_service(round_number)
        if not log_on(port):
            check(f"round {round_number}: both sessions log on", False, open(log_path).read()[-2000:])
            process.kill()
            break
        if not settle_resends():
            check(f"round {round_number}: the resend after the restart completes", False,
                  str([(s.resent_upto, s.resend_upto) for s in sessions]))
        kill_at = time.time() + rng.uniform(0.3, 1.5)
        snapshot_at = time.time() + rng.uniform(0.1, 0.3) if round_number % 2 == 1 else None
        session_end_at = time.time() + rng.uniform(0.1, 0.3) if round_number == 3 else None
        while time.time() < kill_at:
            if session_end_at is not None and time.time() >= session_end_at:
                session_end_at = None
                settle(0.3)  # what is in flight is acknowledged first (the POST is another connection)
                ended = take_snapshot("/session/end")
                if isinstance(ended, dict) and ended.get("sessionEnded"):
                    stats["session_ends"] = stats.get("session_ends", 0) + 1
                    settle(0.3)
                    day = [cl for cl, (_, _, _) in orders.sent.items() if orders.acked(cl) and cl not in orders.done
                           and cl not in gtc]
                    check("after the end of session no acknowledged day order is live", not day, str(day[:5]))
                else:
                    check(f"round {round_number}: POST /session/end under load", False, str(ended))
            if snapshot_at is not None and time.time() >= snapshot_at:
                snapshot_at = None
                taken = take_snapshot()
                if isinstance(taken, dict) and "journalSequence" in taken:
                    stats["snapshots"] = stats.get("snapshots", 0) + 1
                else:
                    check(f"round {round_number}: POST /snapshot under load", False, str(taken))
            session = rng.choice(sessions)
            counter += 1
            live = [cl for cl, (owner, _, _) in orders.sent.items()
                    if owner == session.comp_id and orders.acked(cl) and cl not in orders.done]
            if live and rng.random() < 0.15:
                session.cancel(rng.choice(live), counter)
            else:
                session.new_order(counter)
            for s in sessions:
                s.pump()
            time.sleep(rng.uniform(0, 0.002))
        # CLIENT1 drops its connection; CLIENT2 sweeps both sides, filling CLIENT1's resting orders while it is
        # away: those reports exist only in the service (and its journal) when it is killed, so the next logon
        # must bring them back by resend.
        sessions[0].sock.close()
        for side, price in (("1", "100.10"), ("2", "99.90")):
            counter += 1
            cl = f"2-{counter}"
            orders.sent[cl] = ("CLIENT2", side, 300)
            stats["orders_sent"] += 1
            sessions[1].send("D", [(11, cl), (55, "AAPL"), (54, side), (38, "300"), (40, "2"), (44, price),
                                   (59, "3"), (60, time.strftime("%Y%m%d-%H:%M:%S.000", time.gmtime()))])
        deadline = time.time() + 0.3
        while time.time() < deadline:
            sessions[1].pump()
            time.sleep(0.01)
        # A burst the service is still taking when it dies: some of it journaled (its reports regenerated at the
        # restart), some not (it never existed, and must not appear).
        for _ in range(rng.randint(5, 40)):
            counter += 1
            sessions[1].new_order(counter)
        if round_number == 2:
            # One graceful stop among the kills: it writes a snapshot, and the next start begins from it.
            process.send_signal(signal.SIGTERM)
            if process.wait(timeout=60) != 0:
                check(f"round {round_number}: graceful stop exits 0", False, open(log_path).read()[-2000:])
        else:
            process.send_signal(signal.SIGKILL)
            process.wait()
            stats["kills"] += 1
        inspect = subprocess.run([BINARY, "journal", "inspect", JOURNAL], capture_output=True, text=True)
        if inspect.returncode != 0:
            check(f"round {round_number}: journal inspect after the kill", False, inspect.stderr[-1500:])
        elif "DAMAGE" in inspect.stdout:
            stats["torn_tails"] = stats.get("torn_tails", 0) + 1
        for session in sessions:
            session.pump()
            session.sock.close()

    # The last start: everything acknowledged must be there.
    process, port, log_path = start_service(ROUNDS, extra=("--book-out", os.path.join(WORK, "serve-books.csv")))
    check("restart after the last kill: both sessions log on", log_on(port), open(log_path).read()[-2000:])
    if stats.get("snapshots"):
        check("the last start recovered from a snapshot", "from the snapshot at record" in open(log_path).read()
              or "the snapshot at record" in open(log_path).read(), open(log_path).read()[-1500:])
    check("the resend after the last restart completes", settle_resends(),
          str([(s.resent_upto, s.resend_upto) for s in sessions]))
    # Two orders far from the market, one per side, so the last books are never empty by chance (the sweeps and
    # the session end can leave nothing resting): the book written at the stop must hold them.
    for side, price in (("1", "90.00"), ("2", "110.00")):
        counter += 1
        cl = f"2-{counter}"
        orders.sent[cl] = ("CLIENT2", side, 7)
        gtc.add(cl)
        stats["orders_sent"] += 1
        sessions[1].send("D", [(11, cl), (55, "AAPL"), (54, side), (38, "7"), (40, "2"), (44, price),
                               (59, "1"), (60, time.strftime("%Y%m%d-%H:%M:%S.000", time.gmtime()))])
    resting = [f"2-{counter - 1}", f"2-{counter}"]
    deadline = time.time() + 20
    while time.time() < deadline and not all(orders.acked(cl) for cl in resting):
        settle(0.02)
    check("the two resting orders placed after the last restart are acknowledged",
          all(orders.acked(cl) for cl in resting), str(resting))
    stats["acked"] = sum(1 for cl in orders.sent if orders.acked(cl))
    stats["resent_reports"] = orders.resent
    check("the reconnects received missed execution reports by resend (PossDupFlag=Y)", orders.resent > 0,
          f"{orders.resent} resent reports")
    twice = {cl: ids for cl, ids in orders.new_acks.items() if len(ids) > 1}
    check("no order was acknowledged twice", not twice, str(list(twice.items())[:5]))
    ids = [oid for oid in orders.order_ids.values()]
    check("order ids are unique", len(ids) == len(set(ids)), f"{len(ids) - len(set(ids))} repeated")
    live = [cl for cl in orders.sent if orders.acked(cl) and cl not in orders.done]
    unacked = [cl for cl in orders.sent if not orders.acked(cl)]
    by_comp = {s.comp_id: s for s in sessions}
    for cl in live + unacked:
        by_comp[orders.sent[cl][0]].status(cl)
    deadline = time.time() + 20
    while time.time() < deadline and any(cl not in by_comp[orders.sent[cl][0]].statuses for cl in live + unacked):
        for session in sessions:
            session.pump()
        time.sleep(0.01)
    wrong = []
    for cl in live:
        answer = by_comp[orders.sent[cl][0]].statuses.get(cl)
        if answer is None or value(answer, 151) != str(orders.leaves(cl)):
            wrong.append((cl, orders.leaves(cl), None if answer is None else value(answer, 151),
                          None if answer is None else value(answer, 58)))
    check(f"every acknowledged live order is there with its leaves quantity ({len(live)} orders)", not wrong,
          str(wrong[:5]))
    present = []
    for cl in unacked:
        answer = by_comp[orders.sent[cl][0]].statuses.get(cl)
        if answer is None or value(answer, 39) != "8":
            present.append((cl, orders.sent[cl], None if answer is None else
                            {tag: value(answer, tag) for tag in (37, 39, 14, 151, 58)}))
    check(f"no order the client never saw acknowledged is in the service ({len(unacked)} orders)", not present,
          str(present[:5]))
    process.send_signal(signal.SIGTERM)
    check("graceful stop exits 0", process.wait(timeout=60) == 0, open(log_path).read()[-2000:])

    inspect = subprocess.run([BINARY, "journal", "inspect", JOURNAL], capture_output=True, text=True)
    check("journal inspect reads the journal", inspect.returncode == 0 and "damage: none" in inspect.stdout,
          inspect.stdout[-1500:] + inspect.stderr[-1500:])
    replays = []
    for name in ("replay-1.csv", "replay-2.csv"):
        path = os.path.join(WORK, name)
        run = subprocess.run([BINARY, "journal", "replay", JOURNAL, "--book-out", path, "--pages", "off"],
                             capture_output=True, text=True)
        check(f"journal replay {name} exits 0", run.returncode == 0, run.stderr[-1500:])
        replays.append(open(path, "rb").read() if os.path.exists(path) else b"?")
    served = open(os.path.join(WORK, "serve-books.csv"), "rb").read() \
        if os.path.exists(os.path.join(WORK, "serve-books.csv")) else b"(missing)"
    check("books at the graceful stop equal journal replay of the same folder", served == replays[0],
          f"served {served[:300]!r} replayed {replays[0][:300]!r}")
    check("replaying the journal twice gives byte-identical books", replays[0] == replays[1])
    check("the books are not empty (orders rested)", served.count(b"\n") > 1, served[:200])
    # The books hold exactly the live orders: their count and their leaves add up to the client's view.
    rows = [line.split(b",") for line in served.splitlines()[1:] if line]
    book_orders = sum(int(row[4]) for row in rows if len(row) == 5)
    book_shares = sum(int(row[3]) for row in rows if len(row) == 5)
    check("the books hold as many orders and shares as the client's live orders",
          (book_orders, book_shares) == (len(live), sum(orders.leaves(cl) for cl in live)),
          f"books {(book_orders, book_shares)} client {(len(live), sum(orders.leaves(cl) for cl in live))}")
except Exception as error:  # noqa: BLE001 - report, do not hide
    check("the crash test ran", False, repr(error))

print(json.dumps({"passed": passed, "failed": failed, "stats": stats}))
sys.exit(1 if failed else 0)
