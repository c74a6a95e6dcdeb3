package io.padic.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * How the embedded store writes documents and unique-index keys to its file. H2's default type writes both with Java
 * serialization, and compares index keys (mongo-java-server's {@code KeyValue}, not {@code Comparable}) by serializing
 * both sides on every comparison: that was half the store's CPU, most of it in each commit, which rewrites the pages
 * a write touched. Documents are written as BSON (what they arrived as); keys element by element, compared without
 * serializing (docs/design.md#processes).
 *
 * <p>A file written before these types keeps H2's default ones: only a file started with them carries
 * {@link #MARKER_MAP}, and {@link #of} chooses by it.
 */
final class StoreTypes {

    /** Present in a store file whose documents and index keys are written with these types. */
    static final String MARKER_MAP = "padic-types";

    private StoreTypes() {
    }

    /** Marks a fresh file (no maps yet) as written with these types. */
    static void markIfFresh(MVStore store) {
        if (store.getMapNames().isEmpty()) {
            store.openMap(MARKER_MAP).put("version", 1);
            store.commit();
        }
    }

    /** Whether {@code store}'s documents and index keys are written with these types. */
    static boolean of(MVStore store) {
        return store.hasMap(MARKER_MAP);
    }

    /** A document as BSON; one that BSON cannot hold (none the wire brings) with Java serialization. */
    static final class DocumentType extends BasicDataType<Document> {
        static final DocumentType INSTANCE = new DocumentType();
        private static final byte BSON = 0;
        private static final byte SERIALIZED = 1;

        @Override
        public int getMemory(Document document) {
            return Sizes.of(document);
        }

        @Override
        public void write(WriteBuffer buffer, Document document) {
            ByteBuf bson = Unpooled.buffer(256);
            try {
                BsonEncoder.encodeDocument(document, bson);
                buffer.put(BSON).putVarInt(bson.readableBytes()).put(bson.nioBuffer());
            } catch (RuntimeException notBson) {
                byte[] bytes = Serialized.bytes(document);
                buffer.put(SERIALIZED).putVarInt(bytes.length).put(bytes);
            } finally {
                bson.release();
            }
        }

        @Override
        public Document read(ByteBuffer buffer) {
            byte kind = buffer.get();
            byte[] bytes = new byte[DataUtils.readVarInt(buffer)];
            buffer.get(bytes);
            return kind == BSON ? BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes))
                    : (Document) Serialized.object(bytes);
        }

        @Override
        public Document[] createStorage(int size) {
            return new Document[size];
        }
    }

    /**
     * A unique index's key, element by element. Two keys compare equal exactly when their elements are of the same
     * classes and equal, as with the serialized bytes H2 compared before; the order itself is arbitrary (the index
     * only looks keys up and lists them all).
     */
    static final class KeyValueType extends BasicDataType<KeyValue> {
        static final KeyValueType INSTANCE = new KeyValueType();
        private static final byte NULL = 0;
        private static final byte STRING = 1;
        private static final byte INTEGER = 2;
        private static final byte LONG = 3;
        private static final byte DOUBLE = 4;
        private static final byte BOOLEAN = 5;
        private static final byte SERIALIZED = 9;

        @Override
        public int compare(KeyValue a, KeyValue b) {
            int bySize = Integer.compare(a.size(), b.size());
            if (bySize != 0) {
                return bySize;
            }
            for (int i = 0; i < a.size(); i++) {
                int byElement = compareElements(a.get(i), b.get(i));
                if (byElement != 0) {
                    return byElement;
                }
            }
            return 0;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static int compareElements(Object a, Object b) {
            int byKind = Integer.compare(kind(a), kind(b));
            if (byKind != 0) {
                return byKind;
            }
            return switch (kind(a)) {
                case NULL -> 0;
                case STRING -> ((String) a).compareTo((String) b);
                case INTEGER -> Integer.compare((Integer) a, (Integer) b);
                case LONG -> Long.compare((Long) a, (Long) b);
                case DOUBLE -> Double.compare((Double) a, (Double) b);
                case BOOLEAN -> Boolean.compare((Boolean) a, (Boolean) b);
                default -> {
                    int byClass = a.getClass().getName().compareTo(b.getClass().getName());
                    if (byClass != 0) {
                        yield byClass;
                    }
                    yield a instanceof Comparable comparable ? comparable.compareTo(b)
                            : Arrays.compare(Serialized.bytes(a), Serialized.bytes(b));
                }
            };
        }

        private static byte kind(Object value) {
            if (value == null) {
                return NULL;
            }
            // Exact classes: a subclass (none of these has one) would be serialized.
            Class<?> type = value.getClass();
            return type == String.class ? STRING : type == Integer.class ? INTEGER : type == Long.class ? LONG
                    : type == Double.class ? DOUBLE : type == Boolean.class ? BOOLEAN : SERIALIZED;
        }

        @Override
        public int getMemory(KeyValue key) {
            int memory = 24;
            for (Object element : key) {
                memory += Sizes.of(element);
            }
            return memory;
        }

        @Override
        public void write(WriteBuffer buffer, KeyValue key) {
            buffer.putVarInt(key.size());
            for (Object element : key) {
                byte kind = kind(element);
                buffer.put(kind);
                switch (kind) {
                    case NULL -> { }
                    case STRING -> {
                        String text = (String) element;
                        buffer.putVarInt(text.length()).putStringData(text, text.length());
                    }
                    case INTEGER -> buffer.putInt((Integer) element);
                    case LONG -> buffer.putLong((Long) element);
                    case DOUBLE -> buffer.putLong(Double.doubleToRawLongBits((Double) element));
                    case BOOLEAN -> buffer.put((byte) ((Boolean) element ? 1 : 0));
                    default -> {
                        byte[] bytes = Serialized.bytes(element);
                        buffer.putVarInt(bytes.length).put(bytes);
                    }
                }
            }
        }

        @Override
        public KeyValue read(ByteBuffer buffer) {
            Object[] elements = new Object[DataUtils.readVarInt(buffer)];
            for (int i = 0; i < elements.length; i++) {
                byte kind = buffer.get();
                elements[i] = switch (kind) {
                    case NULL -> null;
                    case STRING -> DataUtils.readString(buffer, DataUtils.readVarInt(buffer));
                    case INTEGER -> buffer.getInt();
                    case LONG -> buffer.getLong();
                    case DOUBLE -> Double.longBitsToDouble(buffer.getLong());
                    case BOOLEAN -> buffer.get() != 0;
                    case SERIALIZED -> {
                        byte[] bytes = new byte[DataUtils.readVarInt(buffer)];
                        buffer.get(bytes);
                        yield Serialized.object(bytes);
                    }
                    default -> throw new IllegalStateException("Unknown index key element kind " + kind);
                };
            }
            return new KeyValue(elements);
        }

        @Override
        public KeyValue[] createStorage(int size) {
            return new KeyValue[size];
        }
    }

    /**
     * Rough sizes in memory: H2 splits a page once its entries' sizes add up to its page size, so these decide how
     * much each commit rewrites. Close to the written size is what matters, not exactness.
     */
    private static final class Sizes {
        static int of(Object value) {
            if (value == null) {
                return 8;
            }
            if (value instanceof String text) {
                return 24 + text.length();
            }
            if (value instanceof Map<?, ?> map) {
                int size = 32;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    size += 16 + of(entry.getKey()) + of(entry.getValue());
                }
                return size;
            }
            if (value instanceof Collection<?> values) {
                int size = 24;
                for (Object element : values) {
                    size += 8 + of(element);
                }
                return size;
            }
            return 16;
        }
    }

    private static final class Serialized {
        static byte[] bytes(Object value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
                objects.writeObject(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        static Object object(byte[] bytes) {
            try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
                return objects.readObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
