package io.padic.api.events;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.JsonProblems;
import io.padic.api.common.Quotas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of {@code POST /v1/events/batch} item by item, straight into {@link NewEvent}s: an item
 * that does not fit is refused on its own (the others still go), and no tree of the whole body is built
 * first. The body as a whole must be {@code {"events": [...]}} with 1 to {@code maxEvents} items
 * (padic.quotas.events-per-batch), or nothing is stored.
 */
final class BatchBody {

    /** One item as read: the event, or why it was refused. */
    record Item(NewEvent event, ApiProblem problem) {
    }

    private BatchBody() {
    }

    static List<Item> read(ObjectMapper json, byte[] body, int maxEvents) {
        // Items are read one after another from one parser: what follows an item is the next one, not trailing.
        ObjectReader reader = json.readerFor(NewEvent.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        try (JsonParser parser = json.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiProblem.malformedJson("The body must be a JSON object");
            }
            List<Item> items = null;
            for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
                if (!field.equals("events")) {
                    throw ApiProblem.invalid(field, "unknown field");
                }
                items = parser.nextToken() == JsonToken.START_ARRAY ? items(reader, parser, maxEvents) : null;
                if (items == null) {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw ApiProblem.malformedJson("The body holds more than one JSON value");
            }
            if (items == null) {
                throw ApiProblem.invalid("events", "must be a list of events");
            }
            if (items.isEmpty()) {
                throw ApiProblem.invalid("events", "holds no events; a batch holds 1 to " + maxEvents);
            }
            if (items.size() > maxEvents) {
                throw Quotas.exceeded(422, "events-per-batch", maxEvents, "events", "holds " + items.size()
                        + " events; a batch holds 1 to " + maxEvents);
            }
            return items;
        } catch (JsonProcessingException e) {
            throw JsonProblems.of(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Item> items(ObjectReader reader, JsonParser parser, int maxEvents) throws IOException {
        JsonStreamContext list = parser.getParsingContext();
        List<Item> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (items.size() >= maxEvents) {
                parser.skipChildren(); // only counted: the batch is refused as a whole
                items.add(null);
                continue;
            }
            try {
                NewEvent event = reader.readValue(parser);
                items.add(event != null ? new Item(event, null) : new Item(null,
                        ApiProblem.malformedJson("An event must be a JSON object, not null")));
            } catch (JsonParseException e) {
                throw e;
            } catch (JsonMappingException e) {
                if (JsonProblems.isSyntaxError(e)) {
                    throw e; // broken JSON inside an item: nothing after it can be read, so the batch is refused
                }
                items.add(new Item(null, JsonProblems.of(e)));
                // Skip what is left of the refused item: back to the list, at the item's last token.
                while (parser.getParsingContext() != list) {
                    parser.nextToken();
                }
            }
        }
        return items;
    }
}
