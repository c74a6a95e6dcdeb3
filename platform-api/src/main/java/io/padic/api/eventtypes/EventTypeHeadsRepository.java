package io.padic.api.eventtypes;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class EventTypeHeadsRepository implements PanacheMongoRepositoryBase<EventTypeHeads, String> {
}
