package io.padic.api.mail;

import io.quarkus.logging.Log;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * Sends the plain-text mails of the control plane through quarkus-mailer over SMTP when {@code quarkus.mailer.host}
 * is configured; without it (the embedded default, {@code ./padic up}) each mail is written to the log instead, so
 * a local user still finds the link. A mail is sent in the background: the request that causes it answers at once
 * and in the same time whether a mail went out or not (a password-reset request must tell nothing about which
 * accounts exist), and a slow or broken SMTP server fails no request. A failed send is tried again with a growing
 * pause; only when every attempt failed does it log a warning.
 */
@ApplicationScoped
public class Outbox {

    /** Attempts to send one mail, with pauses of about 1, 2, 4 and 8 s; then a WARN line, and the mail is dropped. */
    static final int ATTEMPTS = 5;
    private static final Duration FIRST_BACK_OFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(30);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

    private final ReactiveMailer mailer;
    private final boolean smtp;

    public Outbox(ReactiveMailer mailer, Config config) {
        this.mailer = mailer;
        // A value from a real source (properties 250, environment 300, -D 400) names a server; defaults sit below 100.
        var host = config.unwrap(SmallRyeConfig.class).getConfigValue("quarkus.mailer.host");
        this.smtp = host.getValue() != null && !host.getValue().isBlank()
                && host.getSourceOrdinal() >= 100;
    }

    public void send(String to, String subject, String text) {
        if (!smtp) {
            Log.infof("Mail (no SMTP server configured, so it is logged instead of sent; docs/operations.md, "
                    + "\"Mail\")%nTo: %s%nSubject: %s%n%n%s", to, subject, text);
            return;
        }
        mailer.send(Mail.withText(to, subject, text))
                .ifNoItem().after(ATTEMPT_TIMEOUT).fail()
                .onFailure().invoke(failure -> Log.debugf("Mail '%s' not sent yet: %s", subject, failure))
                // A server closes an idle connection when it likes; the pooled connection the client picks may be
                // that one. Another attempt opens a new connection.
                .onFailure().retry().withBackOff(FIRST_BACK_OFF, MAX_BACK_OFF).atMost(ATTEMPTS - 1)
                .subscribe().with(
                        sent -> Log.debugf("Mail '%s' sent", subject),
                        failure -> Log.warnf("Mail '%s' could not be sent after %d attempts: %s", subject, ATTEMPTS,
                                failure.getMessage()));
    }
}
