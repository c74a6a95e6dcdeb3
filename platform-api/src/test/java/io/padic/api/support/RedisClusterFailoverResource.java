package io.padic.api.support;

/**
 * A Redis Cluster for the failover test alone: a resource class of its own gives that test its own app and
 * cluster, so the master it kills and the client it leaves reconnecting never meet another test class.
 */
public class RedisClusterFailoverResource extends RedisClusterResource {
}
