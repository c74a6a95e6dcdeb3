package io.padic.api.identity;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The security parts of a user document: the second factor and the lists of session and token digests. Each
 * change is one conditional update of the one document, so two processes never both accept one TOTP code, both
 * use one recovery code, or pass the token quota together.
 */
@ApplicationScoped
public class AccountSecurityRepository implements PanacheMongoRepositoryBase<User, String> {

    public void addSession(String userId, String digest) {
        mongoCollection().updateOne(Filters.eq("_id", userId), Updates.addToSet("sessionDigests", digest));
    }

    public void removeSessions(String userId, Collection<String> digests) {
        if (!digests.isEmpty()) {
            mongoCollection().updateOne(Filters.eq("_id", userId), Updates.pullAll("sessionDigests",
                    List.copyOf(digests)));
        }
    }

    /** Lists the token unless the user holds {@code max} already; false when full. */
    public boolean addToken(String userId, String digest, int max) {
        return mongoCollection().updateOne(Filters.and(Filters.eq("_id", userId),
                Filters.exists("tokenDigests." + (max - 1), false)), Updates.addToSet("tokenDigests", digest))
                .getMatchedCount() == 1;
    }

    public void removeToken(String userId, String digest) {
        mongoCollection().updateOne(Filters.eq("_id", userId), Updates.pull("tokenDigests", digest));
    }

    /** Keeps a new, unconfirmed secret unless TOTP is on already; false if it is on. */
    public boolean startTotp(String userId, String pendingSealed) {
        return mongoCollection().updateOne(Filters.and(Filters.eq("_id", userId), Filters.ne("totp.enabled", true)),
                Updates.set("totp", new org.bson.Document("enabled", false).append("pendingSealedSecret", pendingSealed)
                        .append("lastStep", 0L).append("recoveryCodes", List.of())))
                .getMatchedCount() == 1;
    }

    /** Turns TOTP on with the pending secret, if that is still the pending one; false otherwise. */
    public boolean confirmTotp(String userId, String pendingSealed, long step, List<String> codeDigests,
            Instant now) {
        return mongoCollection().updateOne(Filters.and(Filters.eq("_id", userId), Filters.ne("totp.enabled", true),
                Filters.eq("totp.pendingSealedSecret", pendingSealed)), Updates.combine(
                        Updates.set("totp.enabled", true), Updates.set("totp.sealedSecret", pendingSealed),
                        Updates.unset("totp.pendingSealedSecret"), Updates.set("totp.lastStep", step),
                        Updates.set("totp.recoveryCodes", codeDigests), Updates.set("totp.enabledAt", now)))
                .getMatchedCount() == 1;
    }

    /** Accepts the code of time step {@code step} once: true only for the one call that raised lastStep to it. */
    public boolean advanceStep(String userId, long step) {
        return mongoCollection().updateOne(Filters.and(Filters.eq("_id", userId), Filters.eq("totp.enabled", true),
                Filters.lt("totp.lastStep", step)), Updates.set("totp.lastStep", step)).getMatchedCount() == 1;
    }

    /** Uses a recovery code: true only for the one call that removed it. */
    public boolean useRecoveryCode(String userId, String digest) {
        return mongoCollection().updateOne(Filters.and(Filters.eq("_id", userId), Filters.eq("totp.enabled", true),
                Filters.eq("totp.recoveryCodes", digest)), Updates.pull("totp.recoveryCodes", digest))
                .getMatchedCount() == 1;
    }

    public void disableTotp(String userId) {
        mongoCollection().updateOne(Filters.eq("_id", userId), Updates.unset("totp"));
    }
}
