package io.padic.api.identity;

import io.padic.api.common.PadicConfig;
import io.padic.api.mail.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The texts of the mails with one-time links: plain, short, with the link to the dashboard page that uses it. */
@ApplicationScoped
public class AccountMails {

    private final Outbox outbox;
    private final PadicConfig.Mail config;

    public AccountMails(Outbox outbox, PadicConfig config) {
        this.outbox = outbox;
        this.config = config.mail();
    }

    public void passwordReset(String email, String token) {
        outbox.send(email, "Reset your PAdic password", """
                Someone asked to reset the password of your PAdic account. To choose a new one, open this link \
                within %s:

                %s

                If it was not you, ignore this mail: your password stays as it is.
                """.formatted(describe(config.passwordResetLifetime()), link("/reset-password", token)));
    }

    public void verification(String email, String token) {
        outbox.send(email, "Confirm your e-mail address for PAdic", """
                Please confirm that this is your e-mail address for PAdic by opening this link within %s:

                %s

                If you did not sign up for PAdic, ignore this mail.
                """.formatted(describe(config.verificationLifetime()), link("/verify-email", token)));
    }

    public void invitation(String email, String inviterName, String workspaceName, Role role, String token) {
        outbox.send(email, inviterName + " invited you to " + workspaceName + " on PAdic", """
                %s invited you to the PAdic workspace "%s" as %s. To join, open this link within %s, then sign \
                up or log in with this e-mail address:

                %s

                If you do not want to join, ignore this mail.
                """.formatted(inviterName, workspaceName, role.json(), describe(config.invitationLifetime()),
                link("/invitations/accept", token)));
    }

    private String link(String page, String token) {
        String base = config.dashboardUrl().replaceAll("/+$", "");
        return base + page + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private static String describe(Duration lifetime) {
        if (lifetime.toDays() >= 1 && lifetime.toHours() % 24 == 0) {
            return lifetime.toDays() == 1 ? "1 day" : lifetime.toDays() + " days";
        }
        if (lifetime.toHours() >= 1 && lifetime.toMinutes() % 60 == 0) {
            return lifetime.toHours() == 1 ? "1 hour" : lifetime.toHours() + " hours";
        }
        return Math.max(1, lifetime.toMinutes()) + " minutes";
    }
}
