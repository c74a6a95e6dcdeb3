package io.padic.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    /**
     * The kernel hands a closed probe's port out again readily; a child given the same port for HTTP and management
     * served half of its API requests from the management router (CI: "POST /v1/events/batch answered 404").
     */
    @Test
    void noPortIsHandedOutTwiceEvenWhenNobodyBindsThem() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            ports.add(FreePorts.find());
        }
        assertEquals(500, ports.size(), "500 calls, 500 different ports");
    }
}
