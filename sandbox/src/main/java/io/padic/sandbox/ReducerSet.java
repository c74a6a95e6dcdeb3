package io.padic.sandbox;

import java.util.List;

/**
 * A project's reducers at one reducer version. {@code key} names the project and version; contexts are
 * pooled per key and never serve another key, so two projects never share a context.
 */
public record ReducerSet(String key, List<ReducerCode> reducers) {

    public ReducerCode find(String type) {
        for (ReducerCode code : reducers) {
            if (code.type().equals(type)) {
                return code;
            }
        }
        return null;
    }
}
