package io.padic.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadToolTest {

    private static List<String> objects(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("o" + i);
        }
        return ids;
    }

    @Test
    void concurrentBatchesGoToDisjointSharesThatCoverEveryObject() {
        List<String> objects = objects(256);
        Set<String> all = new HashSet<>();
        for (int client = 0; client < 8; client++) {
            Set<String> share = new HashSet<>();
            for (long k = 0; k < 1000; k++) {
                share.add(LoadTool.slice(objects, 8, client, k));
            }
            assertEquals(32, share.size());
            for (String id : share) {
                assertTrue(all.add(id), id + " is in two clients' shares");
            }
        }
        assertEquals(256, all.size());
    }

    @Test
    void fewerObjectsThanClientsStillGivesEachClientAnObject() {
        List<String> objects = objects(3);
        for (int client = 0; client < 8; client++) {
            assertEquals("o" + (client % 3), LoadTool.slice(objects, 8, client, 5));
        }
    }
}
