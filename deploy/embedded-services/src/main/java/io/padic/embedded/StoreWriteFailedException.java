package io.padic.embedded;

import de.bwaldvogel.mongo.exception.MongoServerException;

/** The store could not write its file: the command that waited for it is answered with an error, not acknowledged. */
final class StoreWriteFailedException extends MongoServerException {

    StoreWriteFailedException(Throwable cause) {
        super("the embedded store could not write its file, so nothing more is acknowledged: " + cause.getMessage(),
                cause);
    }
}
