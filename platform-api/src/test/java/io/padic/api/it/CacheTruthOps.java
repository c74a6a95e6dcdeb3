package io.padic.api.it;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** The operations a CacheTruthIT history is made of, and how random histories of them are drawn. */
final class CacheTruthOps {

    static final List<String> OBJECTS = List.of("o0", "o1", "o2");
    static final List<String> LEVELS = List.of("public", "member", "owner");

    private CacheTruthOps() {
    }

    sealed interface Op permits Append, Batch, Retry, Hide, Heal, NewCode, Read, FlushCache, Burst, RedisAway {
    }

    /** What a writer in a {@link Burst} may do. */
    sealed interface Write permits Append, Batch, Hide {
    }

    /** Whether a write carries an Idempotency-Key, and whether its first attempt is sent twice at once. */
    enum Keying { NONE, KEYED, RACED }

    /**
     * An event of {@code type} concerning the objects whose bits are set in {@code objects} (1..7). A RACED
     * one goes to both processes at the same moment: both must answer the one event they stored.
     */
    record Append(int objects, String type, Map<String, Integer> metaData, int process, Keying keying)
            implements Op, Write {
    }

    /** One item of a batch; {@code objects} 0 concerns a missing object, which refuses the item alone. */
    record Item(int objects, String type, Map<String, Integer> metaData, boolean keyed) {
    }

    record Batch(List<Item> items, int process) implements Op, Write {
    }

    /**
     * Resends the {@code pick}-th (modulo) keyed request sent so far, with its key, as a single event or as
     * a batch item, once or from both processes at once: the first answer comes back and nothing is stored.
     */
    record Retry(int pick, int process, boolean asBatchItem, boolean raced) implements Op {
    }

    /** Hides the {@code pick}-th (modulo) of the events not yet hidden. */
    record Hide(int pick, int process) implements Op, Write {
    }

    /**
     * What docs/api.md tells an owner whose read fails on an event: hide it. Hides the event the object's
     * current state fails on at the first level (from {@code level} on) where it fails, if any.
     */
    record Heal(int object, String level, int process) implements Op {
    }

    /** Saves a new version of {@code type}'s reducer, {@code variant} choosing its code (CacheTruthFold). */
    record NewCode(String type, int variant) implements Op {
    }

    /** Reads one object at one level: now, at a seq or at an instant ({@code pick} chooses which). */
    record Read(int object, String level, String mode, int pick, int process) implements Op {
    }

    record FlushCache() implements Op {
    }

    /**
     * Writers in {@code lanes} (each one after the other, the lanes at once, on both processes) while a
     * reader reads and, if {@code codeChange} holds one, the reducers change under them.
     */
    record Burst(List<List<Write>> lanes, List<Read> reads, List<NewCode> codeChange) implements Op {
    }

    /**
     * Redis goes away {@code afterMillis} into a lane of writes (on either process): stopped ({@code whole}) or cut
     * off from {@code process} alone, as by a partition, while the other still reaches it. Once the writes are
     * acknowledged, {@code reads} (on either process) must see every one of them; then Redis comes back (a stopped one
     * empty) and the reads are made again.
     */
    record RedisAway(boolean whole, int process, int afterMillis, List<Write> writes, List<Read> reads) implements Op {
    }

    static Arbitrary<List<Op>> histories() {
        Arbitrary<Integer> process = Arbitraries.integers().between(0, 1);
        Arbitrary<Map<String, Integer>> metaData = Arbitraries.maps(Arbitraries.of("a", "b", "secret"),
                Arbitraries.integers().between(0, 9).injectNull(0.2)).ofMaxSize(3);
        Arbitrary<String> type = Arbitraries.frequency(Tuple.of(3, "Set"), Tuple.of(3, "Inc"), Tuple.of(3, "Profile"),
                Tuple.of(2, "Fail"));
        Arbitrary<Keying> keying = Arbitraries.frequency(Tuple.of(6, Keying.NONE), Tuple.of(2, Keying.KEYED),
                Tuple.of(1, Keying.RACED));
        Arbitrary<Append> append = Combinators.combine(Arbitraries.integers().between(1, 7), type, metaData, process,
                keying).as(Append::new);
        Arbitrary<Item> item = Combinators.combine(Arbitraries.integers().between(0, 7), type, metaData,
                Arbitraries.of(false, false, false, true)).as(Item::new);
        Arbitrary<Batch> batch = Combinators.combine(item.list().ofMinSize(1).ofMaxSize(8), process).as(Batch::new);
        Arbitrary<Retry> retry = Combinators.combine(Arbitraries.integers().between(0, 1000), process,
                Arbitraries.of(false, true), Arbitraries.of(false, true)).as(Retry::new);
        Arbitrary<Hide> hide = Combinators.combine(Arbitraries.integers().between(0, 1000), process).as(Hide::new);
        Arbitrary<Heal> heal = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(LEVELS),
                process).as(Heal::new);
        Arbitrary<NewCode> newCode = Combinators.combine(Arbitraries.of(CacheTruthFold.CODED_TYPES),
                Arbitraries.integers().between(0, 2)).as(NewCode::new);
        Arbitrary<Read> read = reads(Arbitraries.of("now", "seq", "at"), process);
        Arbitrary<Write> write = Arbitraries.frequencyOf(Tuple.of(4, append.map(Write.class::cast)),
                Tuple.of(3, batch.map(Write.class::cast)), Tuple.of(1, hide.map(Write.class::cast)));
        Arbitrary<Burst> burst = Combinators.combine(write.list().ofMinSize(1).ofMaxSize(4).list().ofMinSize(2)
                .ofMaxSize(3), reads(Arbitraries.of("now", "seq"), process).list().ofMaxSize(8),
                newCode.list().ofMaxSize(1)).as(Burst::new);
        Arbitrary<RedisAway> redisAway = Combinators.combine(Arbitraries.of(false, true), process,
                Arbitraries.integers().between(0, 40), write.list().ofMinSize(1).ofMaxSize(4),
                reads(Arbitraries.of("now", "seq"), process).list().ofMinSize(1).ofMaxSize(6)).as(RedisAway::new);
        // Redis going away costs a history about 2 s (the first write waits out the fence): about one history in
        // three meets it.
        return Arbitraries.frequencyOf(Tuple.of(15, append.map(Op.class::cast)),
                Tuple.of(6, batch.map(Op.class::cast)), Tuple.of(6, retry.map(Op.class::cast)),
                Tuple.of(6, hide.map(Op.class::cast)), Tuple.of(6, heal.map(Op.class::cast)),
                Tuple.of(6, newCode.map(Op.class::cast)), Tuple.of(18, read.map(Op.class::cast)),
                Tuple.of(3, Arbitraries.<Op>just(new FlushCache())), Tuple.of(3, burst.map(Op.class::cast)),
                Tuple.of(1, redisAway.map(Op.class::cast)))
                .list().ofMinSize(8).ofMaxSize(40);
    }

    private static Arbitrary<Read> reads(Arbitrary<String> modes, Arbitrary<Integer> process) {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(LEVELS), modes,
                Arbitraries.integers().between(0, 1000), process).as(Read::new);
    }
}
