package io.padic.dashboard.web;

import io.quarkus.qute.TemplateExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** {@code {value.urlEncode}} in templates: a value as one query parameter (a log-in page's {@code next}). */
@TemplateExtension
public final class UrlEncoding {

    private UrlEncoding() {
    }

    static String urlEncode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
