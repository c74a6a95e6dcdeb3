package io.padic.api.support;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server (GreenMail) in the test JVM on a free port; platform-api sends its mails there through a relay
 * that can drop connections ({@link TcpRelay}), and tests read them as the recipient would and follow their links.
 */
public class MailResource implements QuarkusTestResourceLifecycleManager {

    private static final Pattern LINK = Pattern.compile("(https?://\\S+?)\\?token=(\\S+)");
    private static GreenMail smtp;
    private static TcpRelay proxy;

    @Override
    public Map<String, String> start() {
        smtp = startServer();
        proxy = new TcpRelay(smtp.getSmtp().getPort());
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", String.valueOf(proxy.port()),
                "quarkus.mailer.tls", "false", "quarkus.mailer.start-tls", "DISABLED");
    }

    /** The relay platform-api reaches the SMTP server through; it can drop connections on demand. */
    public static TcpRelay proxy() {
        return proxy;
    }

    /** A GreenMail SMTP server on a free port of 127.0.0.1 (also for the ITs' child processes). */
    public static GreenMail startServer() {
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    /** A mail as received: to, subject, plain text. */
    public record Received(String to, String subject, String text) {

        /** The link's page, for example {@code http://127.0.0.1:8081/reset-password}. */
        public String page() {
            return matcher().group(1);
        }

        /** The link's token. */
        public String token() {
            return URLDecoder.decode(matcher().group(2), StandardCharsets.UTF_8);
        }

        private Matcher matcher() {
            Matcher m = LINK.matcher(text);
            if (!m.find()) {
                throw new AssertionError("no link in the mail: " + text);
            }
            return m;
        }
    }

    /** The mails {@code to} received so far whose subject contains {@code subject}, oldest first. */
    public static List<Received> mailsTo(String to, String subject) {
        return mailsTo(smtp, to, subject);
    }

    public static List<Received> mailsTo(GreenMail server, String to, String subject) {
        return Arrays.stream(server.getReceivedMessages()).map(MailResource::received)
                .filter(m -> m.to().equalsIgnoreCase(to) && m.subject().contains(subject)).toList();
    }

    /** Waits for the {@code n}-th (1-based) mail to {@code to} about {@code subject}. */
    public static Received awaitMail(String to, String subject, int n) {
        return awaitMail(smtp, to, subject, n);
    }

    public static Received awaitMail(GreenMail server, String to, String subject, int n) {
        // Long enough for a mail that needs every attempt (mail/Outbox).
        await().atMost(Duration.ofSeconds(45)).until(() -> mailsTo(server, to, subject).size() >= n);
        return mailsTo(server, to, subject).get(n - 1);
    }

    public static Received awaitMail(String to, String subject) {
        return awaitMail(to, subject, 1);
    }

    /** The plain text, decoded (quoted-printable or base64 on the wire). */
    private static String text(Object content) throws MessagingException, IOException {
        if (content instanceof Multipart parts) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < parts.getCount(); i++) {
                text.append(text(parts.getBodyPart(i).getContent()));
            }
            return text.toString();
        }
        return String.valueOf(content);
    }

    private static Received received(MimeMessage message) {
        try {
            return new Received(message.getRecipients(Message.RecipientType.TO)[0].toString(),
                    message.getSubject(), text(message.getContent()).replace("\r\n", "\n"));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
