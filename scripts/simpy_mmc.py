"""M/M/c in SimPy 2.3 (Debian's python3-simpy), in the process style its users write.

Usage: simpy_mmc.py C LAMBDA MU CUSTOMERS SEED
Prints one line of JSON: customers, mean wait in queue, wall seconds.
Used by scripts/bench.ts to compare PipeSim's engine with the original PipeSim's kernel.
"""
import json
import random
import sys
import time

from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release, request, simulate


class Customer(Process):
    def visit(self, server, mu, stats):
        arrived = now()
        yield request, self, server
        stats[0] += now() - arrived
        stats[1] += 1
        yield hold, self, random.expovariate(mu)
        yield release, self, server


class Source(Process):
    def generate(self, customers, lam, mu, server, stats):
        for _ in range(customers):
            customer = Customer()
            activate(customer, customer.visit(server, mu, stats))
            yield hold, self, random.expovariate(lam)


def main():
    c, lam, mu, customers, seed = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    random.seed(seed)
    started = time.perf_counter()
    initialize()
    server = Resource(capacity=c, monitored=False)
    stats = [0.0, 0]
    source = Source()
    activate(source, source.generate(customers, lam, mu, server, stats))
    simulate(until=1e18)
    wall = time.perf_counter() - started
    print(json.dumps({"customers": stats[1], "meanWait": stats[0] / stats[1], "wallSeconds": wall}))


main()
