"""Redis memory per cached state and Redis commands per read (docs/scaling.md), against a running platform-api and a
Redis of its own that nothing else uses (CONFIG RESETSTAT, INFO memory).
usage: redis_memory.py API_URL REDIS_PORT OBJECTS EVENTS_PER_OBJECT EMAIL_NAME [LINES]
Signs up EMAIL_NAME@example.com, declares order.updated (no schema: the built-in merge), creates OBJECTS objects and
sends each EVENTS_PER_OBJECT events of the load tool's ~190-byte metaData (line<k>, k = round mod LINES, default 16:
a state of 16 or more events then holds 16 lines, ~660 bytes, as the load tool's warm objects; LINES 1 gives ~160),
then reads every object three times: first (a new state), again (same seq), after one more event each."""
import json, subprocess, sys, urllib.request

api, redis_port, objects, per_object = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
lines = int(sys.argv[6]) if len(sys.argv) > 6 else 16

def call(method, path, body=None, token=None, expect=(200, 201)):
    req = urllib.request.Request(api + path, method=method,
                                 data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req) as r:
        assert r.status in expect, r.status
        data = r.read()
        return json.loads(data) if data else None

def redis(*args):
    return subprocess.run(["redis-cli", "-p", redis_port, *map(str, args)], capture_output=True, text=True, check=True).stdout.strip()

def used_memory():
    return int([l for l in redis("INFO", "memory").splitlines() if l.startswith("used_memory:")][0].split(":")[1])

def commandstats():
    stats = {}
    for line in redis("INFO", "commandstats").splitlines():
        if line.startswith("cmdstat_"):
            name, rest = line[len("cmdstat_"):].split(":", 1)
            stats[name] = int(rest.split(",")[0].split("=")[1])
    return stats

def meta(n, line=None):  # the load tool's metaData (bench PadicClient.metaDataJson): ~190 bytes
    return {"n": n, "status": ["open", "paid", "shipped"][n % 3], "amount": (n % 10000) / 100.0,
            "line%d" % (n % 16 if line is None else line): {"sku": "SKU-%d" % (n % 997), "qty": 1 + n % 5},
            "note": "benchmark event with a short free-text note of about eighty characters in it"}

signup = call("POST", "/v1/auth/signup", {"email": sys.argv[5] + "@example.com", "password": "correct horse battery staple", "name": "M"})
token = signup["token"]
project = call("POST", "/v1/projects", {"name": "measure"}, token)["id"]
call("PUT", "/v1/projects/%s/event-types/order.updated" % project, {"fields": [], "unknownFields": "allow"}, token)
key = call("POST", "/v1/projects/%s/api-keys" % project, {"name": "m", "scopes": ["objects:read", "objects:write", "events:read", "events:write"], "accessLevel": "public"}, token)["key"]

ids = ["order-%05d" % i for i in range(objects)]
for i in ids:
    call("POST", "/v1/objects", {"type": "order", "id": i}, key)
n = 0
for round_ in range(per_object):
    batch = []
    for i in ids:
        batch.append({"type": "order.updated", "concerns": i, "metaData": meta(n, round_ % lines)}); n += 1
        if len(batch) == 1000:
            call("POST", "/v1/events/batch", {"events": batch}, key); batch = []
    if batch:
        call("POST", "/v1/events/batch", {"events": batch}, key)

def read_all(label):
    redis("CONFIG", "RESETSTAT")
    before = used_memory()
    state_len = 0
    for i in ids:
        body = call("GET", "/v1/objects/" + i, token=key)
        state_len = len(json.dumps(body["state"], separators=(",", ":")))
    after = used_memory()
    stats = commandstats()
    print("%s: %d reads, used_memory +%d bytes = %.0f bytes per object; state JSON %d bytes; redis commands per read %s"
          % (label, len(ids), after - before, (after - before) / len(ids), state_len,
             {k: round(v / len(ids), 2) for k, v in sorted(stats.items()) if k not in ("info", "config", "memory", "keys", "scan")}))

read_all("first read (state at seq %d)" % per_object)
read_all("same reads again (same seq)")
for i in ids:
    call("POST", "/v1/events", {"type": "order.updated", "concerns": i, "metaData": meta(n)}, key); n += 1
read_all("read after one more event")
keys = redis("--scan", "--pattern", "obj:*").splitlines()
states = [k for k in keys if not k.endswith(":seqs")]
zsets = [k for k in keys if k.endswith(":seqs")]
def mem(k): return int(redis("MEMORY", "USAGE", k, "SAMPLES", "0"))
print("keys: %d states, %d seq indexes; MEMORY USAGE of a state key %d bytes (key name %d chars, value %d bytes), of a seq index with %s entries %d bytes"
      % (len(states), len(zsets), mem(states[0]), len(states[0]), int(redis("STRLEN", states[0])), redis("ZCARD", zsets[0]), mem(zsets[0])))
print("feed:", redis("--scan", "--pattern", "feed:*"), "XLEN", redis("XLEN", redis("--scan", "--pattern", "feed:*").splitlines()[0]))
