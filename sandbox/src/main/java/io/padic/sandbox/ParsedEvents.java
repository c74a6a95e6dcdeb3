package io.padic.sandbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which event texts one context keeps parsed, by slot, so a later fold over the same events sends their slots
 * instead of text to parse again. The text is the key: the same text is the same event, parsed the same way.
 * The context keeps at most what the sandbox-wide {@link Budget} allows, and gives it back when it closes.
 */
final class ParsedEvents {

    private final Budget budget;
    private final Map<String, Integer> slots = new HashMap<>();
    private long chars;

    ParsedEvents(Budget budget) {
        this.budget = budget;
    }

    /** What one fold sends: the slot of each event, and the texts (with their new slots) not kept yet. */
    record Plan(String slotsJson, String freshJson, String freshSlotsJson, Map<String, Integer> added,
            long addedChars) {
    }

    Plan plan(List<String> events) {
        StringBuilder slotList = new StringBuilder(events.size() * 7).append('[');
        StringBuilder fresh = new StringBuilder().append('[');
        StringBuilder freshSlots = new StringBuilder().append('[');
        Map<String, Integer> added = new HashMap<>();
        int freshCount = 0;
        long reserved = 0;
        for (String event : events) {
            Integer slot = slots.get(event);
            if (slot == null) {
                slot = added.get(event);
            }
            if (slot == null) {
                int next = slots.size() + added.size();
                boolean keep = budget.take(event.length());
                fresh.append(freshCount == 0 ? "" : ",").append(event);
                freshSlots.append(freshCount == 0 ? "" : ",").append(keep ? next : -1);
                if (keep) {
                    added.put(event, next);
                    reserved += event.length();
                    slot = next;
                } else {
                    slot = -freshCount - 1; // used this once, as parsed: no other step shares it
                }
                freshCount++;
            }
            slotList.append(slotList.length() == 1 ? "" : ",").append(slot.intValue());
        }
        return new Plan(slotList.append(']').toString(), fresh.append(']').toString(),
                freshSlots.append(']').toString(), added, reserved);
    }

    /** The context now holds the plan's new events. */
    void kept(Plan plan) {
        slots.putAll(plan.added());
        chars += plan.addedChars();
    }

    /**
     * The fold failed, perhaps before the context held them: forget the plan's new events (their slots go to
     * the next new events, which overwrite whatever the context stored there; nothing refers to it before).
     */
    void dropped(Plan plan) {
        budget.giveBack(plan.addedChars());
    }

    /** The context is gone, and its events with it. */
    void release() {
        budget.giveBack(chars);
        chars = 0;
        slots.clear();
    }

    /** Event text characters all contexts of one sandbox may keep parsed. */
    static final class Budget {
        private final AtomicLong left;

        Budget(long chars) {
            this.left = new AtomicLong(chars);
        }

        boolean take(long chars) {
            long now = left.get();
            while (now >= chars) {
                if (left.compareAndSet(now, now - chars)) {
                    return true;
                }
                now = left.get();
            }
            return false;
        }

        void giveBack(long chars) {
            left.addAndGet(chars);
        }
    }
}
