package io.padic.dashboard.eventtypes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.List;

/** The field types an event type can declare, for the editor's selects ({@code inject:fieldTypes.all}). */
@ApplicationScoped
@Named("fieldTypes")
public class FieldTypes {

    public List<String> getAll() {
        return EditorForm.FIELD_TYPES;
    }
}
