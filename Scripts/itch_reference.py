#!/usr/bin/env python3
"""Rebuild ITCH 5.0 books with itch-book (PyPI, C++ core, written by others) and print them in Matchbook's CSV
formats, so tests can compare the two engines byte for byte.

    itch_reference.py FILE --bbo-out BBO.csv --book-out BOOK.csv [--depth 5]

--bbo-out:  seq,symbol,bid_price,bid_shares,bid_orders,ask_price,ask_shares,ask_orders  (one row per BBO change)
--book-out: symbol,side,price,shares,orders  (final top-N depth per book; bids best first, then asks best first)
"""
import argparse
import sys

import numpy as np
import itch_book


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--bbo-out", required=True)
    parser.add_argument("--book-out", required=True)
    parser.add_argument("--depth", type=int, default=5)
    args = parser.parse_args()

    data = np.fromfile(args.file, dtype=np.uint8)
    session = itch_book.Session(["bbo"], args.depth, [])
    session.feed(data)
    bbo = session.take_bbo()
    depth = session.take_depth()
    symbols = {row[0]: row[1].strip() for row in session.take_symbols()}

    with open(args.bbo_out, "w") as out:
        out.write("seq,symbol,bid_price,bid_shares,bid_orders,ask_price,ask_shares,ask_orders\n")
        for i in range(len(bbo["seq"])):
            out.write("%d,%s,%d,%d,%d,%d,%d,%d\n" % (
                bbo["seq"][i], symbols.get(int(bbo["locate"][i]), str(int(bbo["locate"][i]))),
                bbo["bid_px"][i], bbo["bid_sz"][i], bbo["bid_ct"][i],
                bbo["ask_px"][i], bbo["ask_sz"][i], bbo["ask_ct"][i]))

    last_row = {}
    for i in range(len(depth["seq"])):
        last_row[int(depth["locate"][i])] = i
    with open(args.book_out, "w") as out:
        out.write("symbol,side,price,shares,orders\n")
        for locate in sorted(last_row, key=lambda l: symbols.get(l, str(l))):
            i = last_row[locate]
            symbol = symbols.get(locate, str(locate))
            for side, prefix in (("B", "bid"), ("S", "ask")):
                for level in range(args.depth):
                    price = int(depth["%s_px_%02d" % (prefix, level)][i])
                    shares = int(depth["%s_sz_%02d" % (prefix, level)][i])
                    orders = int(depth["%s_ct_%02d" % (prefix, level)][i])
                    if shares == 0 and orders == 0:
                        break
                    out.write("%s,%s,%d,%d,%d\n" % (symbol, side, price, shares, orders))
    stats = session.stats()
    print("itch-book %s: %d messages, %d books, %d live orders" % (
        itch_book.__version__ if hasattr(itch_book, "__version__") else "?",
        stats["messages"], stats["books"], stats["live_orders"]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
