package io.padic.api.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One field of an event type's metaData. An {@code object} field may list its own {@code fields}; an
 * {@code array} field may describe its elements with {@code items} (a FieldSpec without a name).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FieldSpec {
    public String name;
    public String type;
    public Boolean required;
    public String description;
    public List<FieldSpec> fields;
    public FieldSpec items;

    /** Not a bean getter, so JSON and BSON see only {@code required} as it was given. */
    public boolean mandatory() {
        return Boolean.TRUE.equals(required);
    }
}
