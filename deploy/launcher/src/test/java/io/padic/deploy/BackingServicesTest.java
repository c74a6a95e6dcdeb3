package io.padic.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BackingServicesTest {

    @Test
    void redactsCredentialsBeforeAnUriIsPrinted() {
        assertEquals("mongodb://***@db:27017/x", BackingServices.redact("mongodb://u:secret@db:27017/x"));
        assertEquals("redis://***@cache:6379", BackingServices.redact("redis://:secret@cache:6379"));
        assertEquals("redis://127.0.0.1:6379", BackingServices.redact("redis://127.0.0.1:6379"));
    }
}
