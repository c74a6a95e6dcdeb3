package io.padic.api.projects;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/** An API key as the data plane looks it up: {@code _id} is the key's SHA-256 digest (I8). */
@MongoEntity(collection = "api_keys")
public class ApiKey {
    @BsonId
    public String id;
    public String keyId;
    public String projectId;
    public String tenantId;
    public List<String> scopes;
    public String accessLevel;
}
