package io.padic.testkit;

/** A fresh project of a fresh user, with a key that may do everything at the strongest default level. */
public record Project(Account owner, String id, String key) {

    /** The owner's session token, for control-plane calls on the project. */
    public String token() {
        return owner.token();
    }
}
