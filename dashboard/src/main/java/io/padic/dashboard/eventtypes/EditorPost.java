package io.padic.dashboard.eventtypes;

import java.util.List;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The editor's form as a browser posts it: the type's settings, and the fields table as one list per column
 * ({@code fieldName}, {@code fieldType}, …), one entry per row. {@link EditorForm#posted} reads it.
 */
public class EditorPost {

    @RestForm
    String name;
    @RestForm
    String objectType;
    @RestForm
    String unknownFields;
    @RestForm
    String invalidEvents;
    @RestForm
    String applyEvent;
    @RestForm
    List<String> fieldName;
    @RestForm
    List<String> fieldType;
    @RestForm
    List<String> fieldRequired;
    @RestForm
    List<String> fieldDescription;
    @RestForm
    List<String> fieldNested;
}
