package io.padic.api.support;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/** What an authenticator app does with the secret an enrolment shows: codes of 30-second steps, by the library. */
public final class Totp {

    private static final TimeBasedOneTimePasswordGenerator GENERATOR = new TimeBasedOneTimePasswordGenerator(
            Duration.ofSeconds(30), 6, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);

    private Totp() {
    }

    /** The code of the step {@code stepsAhead} after the one holding {@code at}. */
    public static String code(String base32Secret, Instant at, int stepsAhead) {
        try {
            byte[] secret = new Base32().decode(base32Secret);
            return GENERATOR.generateOneTimePasswordString(new SecretKeySpec(secret, "HmacSHA1"),
                    at.plusSeconds(30L * stepsAhead), java.util.Locale.ROOT);
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String code(String base32Secret, int stepsAhead) {
        return code(base32Secret, Instant.now(), stepsAhead);
    }
}
