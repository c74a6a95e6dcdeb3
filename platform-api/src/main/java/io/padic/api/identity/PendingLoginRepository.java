package io.padic.api.identity;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class PendingLoginRepository implements PanacheMongoRepositoryBase<PendingLogin, String> {
}
