package io.padic.api.identity;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** bcrypt through Bouncy Castle; the cost is configurable so tests stay fast while production is slow. */
@ApplicationScoped
public class PasswordHasher {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final int cost;

    public PasswordHasher(@ConfigProperty(name = "padic.auth.bcrypt-cost", defaultValue = "12") int cost) {
        this.cost = cost;
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, cost);
    }

    public boolean matches(String password, String hash) {
        return hash != null && OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
    }
}
