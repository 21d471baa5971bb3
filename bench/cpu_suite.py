"""CPU kernels for `npm run bench`: the same file runs on native CPython,
wasipy (wasmtime and V8) and Pyodide. Each kernel is timed inside Python
(best of 3, time.perf_counter) so that start-up and I/O never count, checks
its own answer (a broken port must not look fast), and the whole suite prints
one JSON line {kernel: seconds}. Sizes aim at 0.2-0.5 s each on native CPython 3.13.

Only the standard library, no threads, no files: it must run everywhere.
Pure Python, written for this repository.
"""
import json
import re
import time

REPEAT = 3


# ---- nbody: float arithmetic on a few objects (the classic 5-body system) ----

PI = 3.14159265358979323
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24


def _bodies():
    d, m = DAYS_PER_YEAR, SOLAR_MASS
    return [
        [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], m],
        [[4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01],
         [1.66007664274403694e-03 * d, 7.69901118419740425e-03 * d, -6.90460016972063023e-05 * d],
         9.54791938424326609e-04 * m],
        [[8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01],
         [-2.76742510726862411e-03 * d, 4.99852801234917238e-03 * d, 2.30417297573763929e-05 * d],
         2.85885980666130812e-04 * m],
        [[1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01],
         [2.96460137564761618e-03 * d, 2.37847173959480950e-03 * d, -2.96589568540237556e-05 * d],
         4.36624404335156298e-05 * m],
        [[1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01],
         [2.68067772490389322e-03 * d, 1.62824170038242295e-03 * d, -9.51592254519715870e-05 * d],
         5.15138902046611451e-05 * m],
    ]


def _energy(bodies):
    e = 0.0
    for i, (p1, v1, m1) in enumerate(bodies):
        e += 0.5 * m1 * (v1[0] * v1[0] + v1[1] * v1[1] + v1[2] * v1[2])
        for p2, v2, m2 in bodies[i + 1:]:
            dx, dy, dz = p1[0] - p2[0], p1[1] - p2[1], p1[2] - p2[2]
            e -= m1 * m2 / (dx * dx + dy * dy + dz * dz) ** 0.5
    return e


def nbody(steps=100_000, dt=0.01):
    bodies = _bodies()
    # Offset the sun's momentum so that the system's centre of mass stays put.
    px = sum(v[0] * m for _, v, m in bodies)
    py = sum(v[1] * m for _, v, m in bodies)
    pz = sum(v[2] * m for _, v, m in bodies)
    sun_v = bodies[0][1]
    sun_v[0], sun_v[1], sun_v[2] = -px / SOLAR_MASS, -py / SOLAR_MASS, -pz / SOLAR_MASS
    before = _energy(bodies)
    pairs = [(bodies[i], bodies[j]) for i in range(len(bodies)) for j in range(i + 1, len(bodies))]
    for _ in range(steps):
        for (p1, v1, m1), (p2, v2, m2) in pairs:
            dx, dy, dz = p1[0] - p2[0], p1[1] - p2[1], p1[2] - p2[2]
            mag = dt * (dx * dx + dy * dy + dz * dz) ** -1.5
            b1, b2 = m1 * mag, m2 * mag
            v1[0] -= dx * b2
            v1[1] -= dy * b2
            v1[2] -= dz * b2
            v2[0] += dx * b1
            v2[1] += dy * b1
            v2[2] += dz * b1
        for p, v, _m in bodies:
            p[0] += dt * v[0]
            p[1] += dt * v[1]
            p[2] += dt * v[2]
    after = _energy(bodies)
    assert f"{before:.9f}" == "-0.169075164", before
    assert -0.1691 < after < -0.1690, after
    return after


# ---- fannkuch-redux: list slicing and permutation bookkeeping ----

def fannkuch(n=9):
    perm1 = list(range(n))
    count = [0] * n
    max_flips = checksum = 0
    parity = 0
    r = n
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        perm = perm1[:]
        flips = 0
        k = perm[0]
        while k:
            perm[:k + 1] = perm[k::-1]
            flips += 1
            k = perm[0]
        if flips > max_flips:
            max_flips = flips
        checksum += -flips if parity else flips
        # Next permutation: rotate the first r+1 items left until a counter is left.
        while True:
            if r == n:
                expected = {7: (228, 16), 8: (1616, 22), 9: (8629, 30)}.get(n)
                assert expected is None or (checksum, max_flips) == expected, (checksum, max_flips)
                return checksum, max_flips
            perm1[:r + 1] = perm1[1:r + 1] + [perm1[0]]
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        parity ^= 1


# ---- spectral-norm: nested loops over a generated matrix ----

def _a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def _av(x, n):
    return [sum(_a(i, j) * x[j] for j in range(n)) for i in range(n)]


def _atv(x, n):
    return [sum(_a(j, i) * x[j] for j in range(n)) for i in range(n)]


def spectral_norm(n=250):
    u = [1.0] * n
    for _ in range(10):
        v = _atv(_av(u, n), n)
        u = _atv(_av(v, n), n)
    vbv = sum(a * b for a, b in zip(u, v))
    vv = sum(b * b for b in v)
    result = (vbv / vv) ** 0.5
    assert abs(result - 1.2742) < 1e-3, result
    return result


# ---- richards: Martin Richards' OS task scheduler simulation (object-heavy) ----

I_IDLE, I_WORK, I_HANDLERA, I_HANDLERB, I_DEVA, I_DEVB = 1, 2, 3, 4, 5, 6
K_DEV, K_WORK = 1000, 1001
BUFSIZE = 3
PKTBIT, WAITBIT, HOLDBIT = 1, 2, 4
S_RUN, S_RUNPKT, S_WAIT, S_WAITPKT = 0, 1, 2, 3
ALPHABET = "0ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class Packet:
    __slots__ = ("link", "id", "kind", "a1", "a2")

    def __init__(self, link, ident, kind):
        self.link, self.id, self.kind, self.a1 = link, ident, kind, 0
        self.a2 = [0] * (BUFSIZE + 1)


class Task:
    __slots__ = ("link", "id", "pri", "wkq", "state", "fn", "v1", "v2")


def _append(pkt, head):
    """Appends pkt to the queue starting at head; returns the new head."""
    pkt.link = None
    if head is None:
        return pkt
    p = head
    while p.link is not None:
        p = p.link
    p.link = pkt
    return head


class Richards:
    def __init__(self, count):
        self.tasktab = [None] * 7
        self.tasklist = None
        self.qpktcount = self.holdcount = 0
        self.tcb = None
        self.taskid = 0
        self.v1 = self.v2 = 0
        self.create(I_IDLE, 0, None, S_RUN, self.idlefn, 1, count)
        wkq = Packet(Packet(None, 0, K_WORK), 0, K_WORK)
        self.create(I_WORK, 1000, wkq, S_WAITPKT, self.workfn, I_HANDLERA, 0)
        wkq = Packet(Packet(Packet(None, I_DEVA, K_DEV), I_DEVA, K_DEV), I_DEVA, K_DEV)
        self.create(I_HANDLERA, 2000, wkq, S_WAITPKT, self.handlerfn, None, None)
        wkq = Packet(Packet(Packet(None, I_DEVB, K_DEV), I_DEVB, K_DEV), I_DEVB, K_DEV)
        self.create(I_HANDLERB, 3000, wkq, S_WAITPKT, self.handlerfn, None, None)
        self.create(I_DEVA, 4000, None, S_WAIT, self.devfn, None, None)
        self.create(I_DEVB, 5000, None, S_WAIT, self.devfn, None, None)

    def create(self, ident, pri, wkq, state, fn, v1, v2):
        t = Task()
        t.id, t.pri, t.wkq, t.state, t.fn, t.v1, t.v2 = ident, pri, wkq, state, fn, v1, v2
        t.link = self.tasklist
        self.tasklist = t
        self.tasktab[ident] = t

    def schedule(self):
        tcb = self.tasklist
        while tcb is not None:
            pkt = None
            state = tcb.state
            if state == S_WAITPKT:
                pkt = tcb.wkq
                tcb.wkq = pkt.link
                tcb.state = S_RUN if tcb.wkq is None else S_RUNPKT
                state = S_RUN
            if state <= S_RUNPKT:
                self.tcb = tcb
                self.taskid = tcb.id
                self.v1, self.v2 = tcb.v1, tcb.v2
                nxt = tcb.fn(pkt)
                tcb.v1, tcb.v2 = self.v1, self.v2
                tcb = nxt
            else:
                tcb = tcb.link

    def wait(self):
        self.tcb.state |= WAITBIT
        return self.tcb

    def holdself(self):
        self.holdcount += 1
        self.tcb.state |= HOLDBIT
        return self.tcb.link

    def release(self, ident):
        t = self.tasktab[ident]
        t.state &= ~HOLDBIT
        return t if t.pri > self.tcb.pri else self.tcb

    def qpkt(self, pkt):
        t = self.tasktab[pkt.id]
        self.qpktcount += 1
        pkt.link = None
        pkt.id = self.taskid
        if t.wkq is None:
            t.wkq = pkt
            t.state |= PKTBIT
            if t.pri > self.tcb.pri:
                return t
        else:
            _append(pkt, t.wkq)
        return self.tcb

    def idlefn(self, pkt):
        self.v2 -= 1
        if self.v2 == 0:
            return self.holdself()
        if self.v1 & 1 == 0:
            self.v1 = self.v1 >> 1
            return self.release(I_DEVA)
        self.v1 = (self.v1 >> 1) ^ 0xD008
        return self.release(I_DEVB)

    def workfn(self, pkt):
        if pkt is None:
            return self.wait()
        self.v1 = I_HANDLERA + I_HANDLERB - self.v1
        pkt.id = self.v1
        pkt.a1 = 0
        for i in range(BUFSIZE + 1):
            self.v2 += 1
            if self.v2 > 26:
                self.v2 = 1
            pkt.a2[i] = ALPHABET[self.v2]
        return self.qpkt(pkt)

    def handlerfn(self, pkt):
        # v1: queue of work packets, v2: queue of device packets.
        if pkt is not None:
            if pkt.kind == K_WORK:
                self.v1 = _append(pkt, self.v1)
            else:
                self.v2 = _append(pkt, self.v2)
        if self.v1 is not None:
            work = self.v1
            count = work.a1
            if count > BUFSIZE:
                self.v1 = work.link
                return self.qpkt(work)
            if self.v2 is not None:
                dev = self.v2
                self.v2 = dev.link
                dev.a1 = work.a2[count]
                work.a1 = count + 1
                return self.qpkt(dev)
        return self.wait()

    def devfn(self, pkt):
        if pkt is None:
            if self.v1 is None:
                return self.wait()
            pkt, self.v1 = self.v1, None
            return self.qpkt(pkt)
        self.v1 = pkt
        return self.holdself()


def richards(iterations=12):
    for _ in range(iterations):
        r = Richards(10_000)
        r.schedule()
        assert (r.qpktcount, r.holdcount) == (23246, 9297), (r.qpktcount, r.holdcount)
    return r.qpktcount


# ---- json: dumps and loads of a generated document ----

class _Lcg:
    """A tiny deterministic generator: the same data on every Python version."""

    def __init__(self, seed):
        self.x = seed

    def next(self, n):
        self.x = (self.x * 1103515245 + 12345) & 0x7FFFFFFF
        return self.x % n


WORDS = ("alpha", "beta", "gamma", "delta", "épsilon", "zeta", "eta", "théta", "iota", "kappa",
         "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "ypsilon")


def _document(rng, records=2000):
    return {
        "version": 3,
        "records": [
            {
                "id": i,
                "name": " ".join(WORDS[rng.next(len(WORDS))] for _ in range(3)),
                "score": rng.next(1_000_000) / 1000.0,
                "active": rng.next(2) == 1,
                "tags": [WORDS[rng.next(len(WORDS))] for _ in range(rng.next(5))],
                "nested": {"x": rng.next(100), "y": [rng.next(10) for _ in range(4)], "note": None},
            }
            for i in range(records)
        ],
    }


def json_roundtrip(rounds=20):
    doc = _document(_Lcg(42))
    for _ in range(rounds):
        text = json.dumps(doc, ensure_ascii=False)
        back = json.loads(text)
        pretty = json.dumps(back, indent=2, sort_keys=True)
        assert json.loads(pretty) == doc
    return len(text)


# ---- regex: scanning a generated log with a few patterns ----

def _log(rng, lines=12_000):
    out = []
    for i in range(lines):
        user = WORDS[rng.next(len(WORDS))]
        out.append(
            f"2024-{1 + rng.next(12):02d}-{1 + rng.next(28):02d}T{rng.next(24):02d}:{rng.next(60):02d}:00 "
            f"{('INFO', 'WARN', 'ERROR', 'DEBUG')[rng.next(4)]} user={user}{rng.next(100)} "
            f"mail={user}.{rng.next(1000)}@example{rng.next(5)}.org ip=10.{rng.next(256)}.{rng.next(256)}.{rng.next(256)} "
            f"took={rng.next(5000)}ms path=/api/v{1 + rng.next(3)}/{WORDS[rng.next(len(WORDS))]}/{rng.next(10_000)}"
        )
    return "\n".join(out)


PATTERNS = [
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}",
    r"[\w.]+@[\w.]+\.org",
    r"\bERROR\b.*?took=(\d+)ms",
    r"ip=(?:\d{1,3}\.){3}\d{1,3}",
    r"/api/v([23])/(\w+)/(\d+)$",
    r"(?i)théta|épsilon",
]


def regex_scan(rounds=3):
    text = _log(_Lcg(7))
    compiled = [re.compile(p, re.MULTILINE) for p in PATTERNS]
    for _ in range(rounds):
        counts = [len(c.findall(text)) for c in compiled]
        subbed = re.sub(r"user=(\w+?)(\d+)", r"u:\2:\1", text)
    assert counts[0] == 12_000 and counts[1] == 12_000 and counts[3] == 12_000, counts
    assert subbed.count("u:") >= 12_000
    return counts


KERNELS = {
    "nbody": nbody,
    "fannkuch": fannkuch,
    "spectral_norm": spectral_norm,
    "richards": richards,
    "json": json_roundtrip,
    "regex": regex_scan,
}


def main(only=None):
    results = {}
    for name, fn in KERNELS.items():
        if only and name not in only:
            continue
        best = float("inf")
        for _ in range(REPEAT):
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
        results[name] = round(best, 6)
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    import sys
    # Kernel names on the command line run only those; hosts that pass other argv (wasipy --host) run all.
    main([a for a in sys.argv[1:] if a in KERNELS] or None)
