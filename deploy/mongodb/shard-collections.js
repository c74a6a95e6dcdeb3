// Shards PAdic's collections on a MongoDB sharded cluster (docs/scaling.md#sharding-mongodb).
// Run once against a mongos, after indexes.js, before platform-api first starts (or while it is stopped):
//   mongosh "$MONGOS_URI" deploy/mongodb/indexes.js deploy/mongodb/shard-collections.js
// The database is "padic" unless set first: mongosh "$MONGOS_URI" --eval 'var dbName = "other"' <scripts>.
// Every sharded collection is sharded on _id: an _id starts with <projectId>/<objectId>/ (per object) or
// <projectId>/ (per project), so each object's and each project's documents are one range of the key, and every
// read and write platform-api sends names exact _id values (the test audit, docs/design.md#shard-keys). Ranged, but
// for three collections whose ids grow with time inside a project or are a client's, hashed to spread their inserts.
// The control-plane collections (users, sessions, tenants, projects, api_keys, one_time_tokens, access_tokens,
// pending_logins, analytics_processes, identity_links, used_id_tokens, cache_fences) stay unsharded on the
// database's primary shard.
// io.padic.api.store.MongoDeployScriptsTest checks that these lines are ShardKeys' table, one line per collection.
var padicDb = typeof dbName !== "undefined" ? dbName : "padic";

sh.enableSharding(padicDb); // implicit since MongoDB 6.0; harmless there

// Per object: _id = <projectId>/<objectId>[/...]
sh.shardCollection(padicDb + ".objects", { _id: 1 });
sh.shardCollection(padicDb + ".pins", { _id: 1 });
sh.shardCollection(padicDb + ".snapshots", { _id: 1 });
sh.shardCollection(padicDb + ".analytics_objects", { _id: 1 });

// Per project (or workspace): _id = <projectId>[/...], <projectId>@<epoch>[/...] or <workspaceId>[/...]
// Hashed: event ids are time-ordered (a project's new events would all go to the top chunk of its range), and
// idempotency keys are a client's; all three are read one id at a time or by $in of unrelated ids.
sh.shardCollection(padicDb + ".events", { _id: "hashed" });
sh.shardCollection(padicDb + ".pending_pins", { _id: "hashed" });
sh.shardCollection(padicDb + ".idempotency", { _id: "hashed" });
sh.shardCollection(padicDb + ".directory", { _id: 1 });
sh.shardCollection(padicDb + ".violations", { _id: 1 });
sh.shardCollection(padicDb + ".violation_counts", { _id: 1 });
sh.shardCollection(padicDb + ".field_stats", { _id: 1 });
sh.shardCollection(padicDb + ".event_type_versions", { _id: 1 });
sh.shardCollection(padicDb + ".event_type_heads", { _id: 1 });
sh.shardCollection(padicDb + ".audit", { _id: 1 });
sh.shardCollection(padicDb + ".audit_heads", { _id: 1 });
sh.shardCollection(padicDb + ".analytics_projects", { _id: 1 });
sh.shardCollection(padicDb + ".analytics_counts", { _id: 1 });
sh.shardCollection(padicDb + ".analytics_lifecycle", { _id: 1 });
sh.shardCollection(padicDb + ".analytics_segments", { _id: 1 });
sh.shardCollection(padicDb + ".analytics_checks", { _id: 1 });
sh.shardCollection(padicDb + ".analytics_flags", { _id: 1 });
sh.shardCollection(padicDb + ".analytics_funnels", { _id: 1 });
sh.shardCollection(padicDb + ".analytics_pending", { _id: 1 });
