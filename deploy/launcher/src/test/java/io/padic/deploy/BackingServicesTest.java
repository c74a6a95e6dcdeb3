package io.padic.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BackingServicesTest {

    @Test
    void redactsCredentialsBeforeAnUriIsPrinted() {
        assertEquals("mongodb://***@db:27017/x", BackingServices.redact("mongodb://u:secret@db:27017/x"));
        assertEquals("redis://***@cache:6379", BackingServices.redact("redis://:secret@cache:6379"));
        assertEquals("redis://127.0.0.1:6379", BackingServices.redact("redis://127.0.0.1:6379"));
        assertEquals("redis://***@a:7000,redis://***@b:7001,redis://c:7002",
                BackingServices.redact("redis://:one@a:7000,redis://u:two@b:7001,redis://c:7002"));
    }
}
