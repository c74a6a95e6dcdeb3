package io.padic.api.projects;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/** An API key as the data plane looks it up: {@code _id} is the key's SHA-256 digest (I8). */
@MongoEntity(collection = "api_keys")
public class ApiKey {
    /** Every key's secret starts with {@code pdk_}, so a key is told from a session token at a glance. */
    public static final String SECRET_PREFIX = "pdk";

    @BsonId
    public String id;
    public String keyId;
    public String projectId;
    public String tenantId;
    public List<String> scopes;
    public String accessLevel;
}
