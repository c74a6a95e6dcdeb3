// Every index platform-api creates at startup (besides each collection's _id), for a cluster set up before it runs
// (docs/scaling.md#sharding-mongodb). platform-api creates the same ones itself; creating an existing index with
// the same keys and options does nothing. Run against a mongos (or a replica set) before shard-collections.js:
//   mongosh "$MONGOS_URI" deploy/mongodb/indexes.js deploy/mongodb/shard-collections.js
// Each unique index of a sharded collection starts with its shard key, _id, as MongoDB requires; they exist because
// the embedded store finds a document by a filter of several fields only through a unique index of exactly those.
// ShardKeyAuditTest checks that these lines are the indexes the app asks for, one line per index.
var padicDb = typeof dbName !== "undefined" ? dbName : "padic";
var padic = db.getSiblingDB(padicDb);

// Control plane (unsharded): one account per e-mail.
padic.getCollection("users").createIndex({ email: 1 }, { name: "user_email", unique: true });

// Analytics: a state is replaced only at the seq it was read at, a bucket only at the revision it was read at.
padic.getCollection("analytics_objects").createIndex({ _id: 1, seq: 1 }, { name: "analytics_id_seq", unique: true });
padic.getCollection("analytics_counts").createIndex({ _id: 1, rev: 1 }, { name: "analytics_counts_id_rev", unique: true });
padic.getCollection("analytics_lifecycle").createIndex({ _id: 1, rev: 1 }, { name: "analytics_lifecycle_id_rev", unique: true });
padic.getCollection("analytics_segments").createIndex({ _id: 1, rev: 1 }, { name: "analytics_segments_id_rev", unique: true });
