package io.padic.dashboard.typedclients;

import io.padic.dashboard.client.ClientsApi;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the Client page shows for one language: the event types the client holds, where to save it, a usage example
 * built on the project's first event type (its method as the generator named it) and the curl command that fetches
 * it with a personal access token.
 */
public record ClientGuide(Language language, String packageName, List<GeneratedSource.TypeVersion> versions,
        String versionsHeader, String saveTo, String example, String curl) {

    static final String DEFAULT_PACKAGE = "io.padic.client";

    static ClientGuide of(String apiUrl, String projectId, Language language, String packageName,
            ClientsApi.Source source) {
        Optional<GeneratedSource.Method> first = GeneratedSource.firstMethod(language, source.text());
        String saveTo = language.isJava()
                ? "src/main/java/" + packageName.replace('.', '/') + "/" + language.fileName()
                : "src/" + language.fileName();
        String url = apiUrl + "/v1/projects/" + projectId + "/clients/" + language.slug()
                + (language.isJava() ? "?package=" + packageName : "");
        String curl = "# TOKEN: a personal access token with the projects:read scope (Account page)\n"
                + "curl -fsS --create-dirs \"" + url + "\" \\\n  -H \"Authorization: Bearer $TOKEN\" -o " + saveTo;
        String example = language.isJava() ? javaExample(apiUrl, packageName, first)
                : typeScriptExample(apiUrl, first);
        return new ClientGuide(language, packageName, GeneratedSource.versions(source.versions()),
                source.versions() == null ? "none yet" : source.versions(), saveTo, example, curl);
    }

    public boolean isEmpty() {
        return versions.isEmpty();
    }

    /** Where the browser remembers the versions of this page's last download (per project and language). */
    public String storageKey(String projectId) {
        return "padic.client-versions." + projectId + "." + language.slug();
    }

    /**
     * The environment variable the examples read the API key from, in the user's program. Spelt in two parts: the
     * Kubernetes manifests' check (ServiceConfig) takes every whole PADIC_… literal in the code for a setting the
     * dashboard itself reads.
     */
    private static final String KEY_VARIABLE = "PADIC" + "_KEY";

    private static String typeScriptExample(String apiUrl, Optional<GeneratedSource.Method> first) {
        return "import { PadicEvents } from \"./padic-events\";\n"
                + "const padic = new PadicEvents({ baseUrl: \"" + apiUrl + "\", apiKey: process.env." + KEY_VARIABLE
                + "! });\n"
                + first.map(m -> "await padic." + m.name() + "(\"" + objectId(m) + "\", { /* the metaData of "
                        + m.typeName() + " */ });")
                        .orElse("// each event type becomes a method: order.placed → await padic.orderPlaced(\"order-1\", { … });");
    }

    private static String javaExample(String apiUrl, String packageName, Optional<GeneratedSource.Method> first) {
        return "import " + packageName + ".PadicEvents;\n\n"
                + "PadicEvents padic = new PadicEvents(\"" + apiUrl + "\", System.getenv(\"" + KEY_VARIABLE + "\"));\n"
                + first.map(m -> "padic." + m.name() + "(" + String.join(", ", m.parameters()) + ").send(\""
                        + objectId(m) + "\");")
                        .orElse("// each event type becomes a builder: order.placed → padic.orderPlaced(…).send(\"order-1\");");
    }

    /** An object id for the example: {@code photo-1} for an event type about a Photo. */
    private static String objectId(GeneratedSource.Method method) {
        String type = method.objectType() == null ? "object" : method.objectType();
        String slug = type.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return (slug.isEmpty() ? "object" : slug) + "-1";
    }
}
