package io.padic.dashboard.eventtypes;

import java.util.List;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The editor's form as a browser posts it: the type's settings, and the fields table as one list per column
 * ({@code fieldName}, {@code fieldType}, …), one entry per row, and the test panel's sample. {@link EditorForm#posted}
 * reads it.
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
    // The test panel's inputs: they ride along with a save, so a failed save gives them back.
    @RestForm
    String state;
    @RestForm
    String event;
    @RestForm
    String accessLevel;
}
