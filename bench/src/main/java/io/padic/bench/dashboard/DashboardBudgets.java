package io.padic.bench.dashboard;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Cookie;
import io.padic.bench.Arguments;
import io.padic.bench.LifecycleHistory;
import io.padic.bench.Wrk;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.padic.testkit.Photos;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * Measures the dashboard budgets of issues 6 and 15 against a running stack ({@code ./padic up}): the JavaScript each
 * page loads (gzip, as sent), server time per page with 1,000 objects in the project (and, with {@code --events N},
 * the analytics pages over a lifecycle history of N events), and the first load in chromium ({@code loadEventEnd}
 * of the navigation). It prints figures; it asserts nothing. See docs/benchmarks.md.
 *
 * <p>Arguments: {@code [--api URL] [--dashboard URL] [--objects N] [--events N] [--history-objects N]
 * [--samples N] [--loads N]} ({@link #USAGE}).
 */
public final class DashboardBudgets {

    private static final Pattern SCRIPT = Pattern.compile("<script[^>]*\\ssrc=\"([^\"]+)\"");
    private static final Pattern CSS = Pattern.compile("<link[^>]*\\shref=\"([^\"]+\\.css)\"");
    private static final Pattern CSRF = Pattern.compile(
            "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\"");

    private DashboardBudgets() {
    }

    record Sizes(long jsRaw, long jsGzip, long cssGzip) {
    }

    static final String USAGE = """
            Usage: java -cp bench/target/padic-bench.jar io.padic.bench.dashboard.DashboardBudgets [options]

            Measures the dashboard budgets against a running stack (./padic up); see docs/benchmarks.md.

              --api URL          platform-api (default http://127.0.0.1:8080)
              --dashboard URL    the dashboard (default http://127.0.0.1:8081)
              --objects N        objects in the measured project (default 1000)
              --events N         also a lifecycle history of N events (orders and subscriptions over 90 days,
                                 sent with their occurredAt) and the analytics pages (default 0: neither)
              --history-objects N  objects of that history (default 2000)
              --clients N        parallel senders of that history (default 4)
              --samples N        timed GETs of each page (default 50)
              --loads N          first loads of each page in chromium (default 10)
              --wrk-seconds S    also load each analytics page with wrk (1 thread, 1 connection, S seconds,
                                 the signed-in session's cookie), a client that is not ours (default 0: not)
              --wrk PATH         the wrk binary (default wrk)
              --settle-seconds S  after the history is counted, wait S seconds before measuring, so the pages are
                                 timed on a stack that has worked through it (default 0: at once)
              --help             this text
            """;

    /** The options as picocli fills them; {@link #USAGE} is their help. */
    static final class Flags {
        @Option(names = "--api")
        String api = "http://127.0.0.1:8080";
        @Option(names = "--dashboard")
        String dashboard = "http://127.0.0.1:8081";
        @Option(names = "--objects")
        int objects = 1000;
        @Option(names = "--events")
        long events = 0;
        @Option(names = "--history-objects")
        int historyObjects = 2000;
        @Option(names = "--clients")
        int clients = 4;
        @Option(names = "--samples")
        int samples = 50;
        @Option(names = "--loads")
        int loads = 10;
        @Option(names = "--wrk-seconds")
        int wrkSeconds = 0;
        @Option(names = "--wrk")
        String wrk = "wrk";
        @Option(names = "--settle-seconds")
        int settleSeconds = 0;
        @Option(names = {"--help", "-h"})
        boolean help;
    }

    public static void main(String[] args) throws Exception {
        // Nothing here logs through SLF4J; this mutes its warning that no binding is on bench's classpath.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        Flags flags = Arguments.parseOrExit(() -> Arguments.parse(new Flags(), List.of(args)), "dashboard budgets",
                USAGE);
        if (flags.help) {
            System.out.print(USAGE);
            return;
        }
        String api = flags.api;
        String dashboard = flags.dashboard.replaceAll("/+$", "");
        int objectCount = flags.objects;
        int samples = flags.samples;
        int loads = flags.loads;

        System.out.printf("Setting up a project with %d objects at %s ...%n", objectCount, api);
        ApiClient setup = ApiClient.to(api);
        Account account = setup.signUp();
        String projectId = setup.createProject(account, "Budgets");
        setup.flagUndeclaredEventTypes(account, projectId);
        Map<String, Object> create = new LinkedHashMap<>(Photos.photoCreate());
        create.put("unknownFields", "flag");
        setup.declareEventType(account, projectId, "PhotoCreate", create);
        setup.declareEventType(account, projectId, "PhotoModify", Photos.photoModify());
        String key = setup.createKey(account, projectId, "owner");
        populate(setup.as(key), objectCount);
        LifecycleHistory history = null;
        if (flags.events > 0) {
            history = new LifecycleHistory(flags.historyObjects, flags.events,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS), 15);
            AnalyticsHistory.load(api, setup, account, projectId, key, history, flags.clients);
            if (flags.settleSeconds > 0) {
                System.out.printf("Waiting %d s for the stack to settle before measuring ...%n", flags.settleSeconds);
                Thread.sleep(flags.settleSeconds * 1000L);
            }
        }

        Map<String, String> pages = new LinkedHashMap<>();
        String p = "/projects/" + projectId;
        pages.put("projects", "/projects");
        pages.put("project home", p);
        pages.put("event types", p + "/event-types");
        pages.put("event type editor", p + "/event-types/PhotoCreate");
        pages.put("API keys", p + "/api-keys");
        pages.put("objects (list)", p + "/objects?type=Photo");
        pages.put("object (state)", p + "/objects/photo-1");
        // The timeline of 10 events reads 11 states; htmx loads it after the page, this URL is the page with it.
        pages.put("object with its timeline", p + "/objects/photo-1/timeline");
        pages.put("recent events", p + "/events");
        pages.put("violations", p + "/violations");
        if (history != null) {
            pages.putAll(AnalyticsHistory.pages(p, history));
        }

        CookieManager cookies = new CookieManager();
        try (HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build()) {
            logIn(http, dashboard, account.email());
            System.out.printf(
                    "%n| page | JS gzip (KB) | JS raw (KB) | CSS gzip (KB) | server p50 (ms) | p95 | max |%n");
            System.out.println("|---|---|---|---|---|---|---|");
            for (Map.Entry<String, String> page : pages.entrySet()) {
                String html = get(http, dashboard + page.getValue()).body();
                Sizes sizes = sizes(http, dashboard, html);
                long[] times = timings(http, dashboard + page.getValue(), samples);
                System.out.printf("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n", page.getKey(),
                        sizes.jsGzip() / 1024.0, sizes.jsRaw() / 1024.0, sizes.cssGzip() / 1024.0,
                        percentile(times, 50), percentile(times, 95), percentile(times, 100));
            }
            firstLoads(cookies, dashboard, pages, loads);
            if (history != null && flags.wrkSeconds > 0) {
                wrk(flags, cookies, dashboard, AnalyticsHistory.pages(p, history));
            }
        }
    }

    /** The analytics pages' server time as wrk sees it, one request at a time, beside the timings above. */
    private static void wrk(Flags flags, CookieManager cookies, String dashboard, Map<String, String> pages) {
        String cookie = cookies.getCookieStore().get(URI.create(dashboard)).stream()
                .map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
        System.out.printf("%n| page (wrk, 1 connection, %d s) | requests/s | p50 (ms) | p90 | p99 | non-2xx |%n",
                flags.wrkSeconds);
        System.out.println("|---|---|---|---|---|---|");
        for (Map.Entry<String, String> page : pages.entrySet()) {
            StringBuilder why = new StringBuilder();
            Optional<Wrk.Result> result = Wrk.run(flags.wrk, dashboard + page.getValue(), List.of("Cookie: " + cookie),
                    1, 1, Duration.ofSeconds(flags.wrkSeconds), why);
            if (result.isEmpty()) {
                System.out.printf("| %s | %s | | | | |%n", page.getKey(), why);
                continue;
            }
            Wrk.Result r = result.get();
            System.out.printf("| %s | %.1f | %.1f | %.1f | %.1f | %d |%n", page.getKey(), r.requestsPerSecond(),
                    r.percentilesMillis().getOrDefault("50%", Double.NaN),
                    r.percentilesMillis().getOrDefault("90%", Double.NaN),
                    r.percentilesMillis().getOrDefault("99%", Double.NaN), r.non2xx());
        }
    }

    /** {@code count} objects with one PhotoCreate each (batches of 1,000), photo-1 renamed 20 times, 50 flagged. */
    private static void populate(ApiClient app, int count) {
        for (int i = 1; i <= count; i++) {
            app.createObjects("Photo", "photo-" + i);
        }
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Map<String, Object> meta = new LinkedHashMap<>(Map.of("name", "Photo " + i,
                    "image_url", "https://img.example/" + i + ".jpg", "location", "Lisbon"));
            if (i % 20 == 0) {
                meta.put("camera", "X100"); // unknown: flagged, so the violations page has rows
            }
            batch.add(Map.of("type", "PhotoCreate", "concerns", "photo-" + i, "metaData", meta));
            if (batch.size() == 1000 || i == count) {
                int status = app.post("/v1/events/batch", Map.of("events", batch), null).status();
                if (status != 200) {
                    throw new IllegalStateException("batch answered " + status);
                }
                batch.clear();
            }
        }
        for (int i = 1; i <= 20; i++) {
            app.sendEvent("PhotoModify", "photo-1", Map.of("name", "Photo 1, take " + i)).expect(201);
        }
    }

    /** The log-in form, as a browser posts it (with its CSRF field); the session cookie lands in the jar. */
    private static void logIn(HttpClient http, String dashboard, String email) {
        String form = get(http, dashboard + "/login").body();
        Matcher csrf = CSRF.matcher(form);
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF field on the log-in page");
        }
        String body = "email=" + enc(email) + "&password=" + enc(ApiClient.PASSWORD) + "&next=&" + enc(csrf.group(1))
                + "=" + enc(csrf.group(2));
        HttpResponse<String> answer = send(http, HttpRequest.newBuilder(URI.create(dashboard + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (answer.statusCode() != 303) {
            throw new IllegalStateException("log-in answered " + answer.statusCode());
        }
    }

    /** The page's scripts and styles as the server sends them to a browser that accepts gzip. */
    private static Sizes sizes(HttpClient http, String dashboard, String html) {
        long jsRaw = 0;
        long jsGzip = 0;
        long cssGzip = 0;
        for (String src : assets(SCRIPT, html)) {
            jsRaw += get(http, dashboard + src).body().getBytes(StandardCharsets.UTF_8).length;
            jsGzip += gzipped(http, dashboard + src);
        }
        for (String href : assets(CSS, html)) {
            cssGzip += gzipped(http, dashboard + href);
        }
        return new Sizes(jsRaw, jsGzip, cssGzip);
    }

    private static Set<String> assets(Pattern pattern, String html) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = pattern.matcher(html);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static long gzipped(HttpClient http, String url) {
        HttpResponse<byte[]> answer = sendBytes(http, HttpRequest.newBuilder(URI.create(url))
                .header("Accept-Encoding", "gzip").GET().build());
        if (!"gzip".equals(answer.headers().firstValue("Content-Encoding").orElse(""))) {
            throw new IllegalStateException(url + " was not sent gzipped");
        }
        return answer.body().length;
    }

    /** Wall time of N GETs of a page after 5 unmeasured ones, in nanoseconds. */
    private static long[] timings(HttpClient http, String url, int samples) {
        for (int i = 0; i < 5; i++) {
            get(http, url);
        }
        long[] times = new long[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            get(http, url);
            times[i] = System.nanoTime() - start;
        }
        return times;
    }

    /** Each page opened in a fresh browser context (empty cache) {@code loads} times; loadEventEnd's median. */
    private static void firstLoads(CookieManager jar, String dashboard, Map<String, String> pages, int loads) {
        List<Cookie> cookies = new ArrayList<>();
        for (HttpCookie c : jar.getCookieStore().getCookies()) {
            cookies.add(new Cookie(c.getName(), c.getValue()).setUrl(dashboard));
        }
        System.out.printf("%n| page | first load p50 (ms) | max |%n|---|---|---|%n");
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Path.of(System.getProperty("padic.chromium", "/usr/bin/chromium")))
                        .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu")))) {
            for (Map.Entry<String, String> page : pages.entrySet()) {
                long[] times = new long[loads];
                for (int i = 0; i < loads; i++) {
                    try (BrowserContext context = browser.newContext()) {
                        context.addCookies(cookies);
                        Page tab = context.newPage();
                        tab.navigate(dashboard + page.getValue());
                        Object end = tab.evaluate(
                                "() => performance.getEntriesByType('navigation')[0].loadEventEnd");
                        times[i] = (long) (((Number) end).doubleValue() * 1_000_000);
                    }
                }
                System.out.printf("| %s | %.0f | %.0f |%n", page.getKey(), percentile(times, 50),
                        percentile(times, 100));
            }
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) {
        HttpResponse<String> answer = send(http, HttpRequest.newBuilder(URI.create(url)).GET().build());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + answer.statusCode());
        }
        return answer;
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<byte[]> sendBytes(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The p-th percentile (nearest rank) in milliseconds. */
    static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1_000_000.0;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
