package io.padic.dashboard.support;

import org.awaitility.Awaitility;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The mails platform-api sent to the tests' SMTP server (GreenMail), read as their recipient would. */
public final class Mailbox {

    private static final Pattern LINK = Pattern.compile("https?://\\S+");

    private Mailbox() {
    }

    /** A mail: its subject and text, and the link in it. */
    public record Mail(String to, String subject, String text) {

        /** The link's path and query ({@code /reset-password?token=...}), to open on the dashboard under test. */
        public String linkPath() {
            Matcher link = LINK.matcher(text);
            if (!link.find()) {
                throw new AssertionError("no link in the mail: " + text);
            }
            URI uri = URI.create(link.group());
            return uri.getRawPath() + "?" + uri.getRawQuery();
        }
    }

    /** Waits for the {@code n}-th (1-based) mail to {@code to} whose subject contains {@code subject}. */
    public static Mail await(String to, String subject, int n) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> mails(to, subject).size() >= n);
        return mails(to, subject).get(n - 1);
    }

    public static Mail await(String to, String subject) {
        return await(to, subject, 1);
    }

    public static List<Mail> mails(String to, String subject) {
        return Arrays.stream(PlatformApiResource.smtp().getReceivedMessages()).map(Mailbox::mail)
                .filter(m -> m.to().equalsIgnoreCase(to) && m.subject().contains(subject)).toList();
    }

    private static Mail mail(MimeMessage message) {
        try {
            return new Mail(message.getRecipients(Message.RecipientType.TO)[0].toString(), message.getSubject(),
                    text(message.getContent()).replace("\r\n", "\n"));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

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
}
