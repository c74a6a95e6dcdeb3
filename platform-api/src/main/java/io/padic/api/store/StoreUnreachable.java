package io.padic.api.store;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

/**
 * Tells a store that cannot be reached (down, restarting, failing over, no primary) from a store that answered
 * with an error: the first is answered 503 with Retry-After and lets reads fall back on what this process and the
 * cache know (docs/design.md#store-outages); the second is a bug or a rule and is not retried blindly.
 */
public final class StoreUnreachable {

    private StoreUnreachable() {
    }

    /** Whether {@code failure}, or any cause of it, says that the store could not be reached. */
    public static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoreOutage.Suspected || cause instanceof MongoTimeoutException || cause instanceof MongoSocketException
                    || cause instanceof MongoNotPrimaryException || cause instanceof MongoNodeIsRecoveringException
                    || cause instanceof MongoConnectionPoolClearedException
                    || cause instanceof MongoServerUnavailableException) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }
}
