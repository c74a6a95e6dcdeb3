package io.padic.api.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Every {@code padic.*} property of platform-api, each default written here once (docs/operations.md,
 * "Configuration"). application.properties holds only the profiles' overrides; an environment variable
 * ({@code padic.cache.ttl} → {@code PADIC_CACHE_TTL}) or {@code -D} overrides any of them.
 */
@ConfigMapping(prefix = "padic")
public interface PadicConfig {

    Auth auth();

    Cache cache();

    Store store();

    Snapshots snapshots();

    Repair repair();

    Sandbox sandbox();

    Idempotency idempotency();

    Analytics analytics();

    Quotas quotas();

    Mail mail();

    /**
     * {@code padic.mail.*}: mails with one-time links (password reset, e-mail verification, invitations). The SMTP
     * server itself is {@code quarkus.mailer.*}; without one the mails are written to the log (docs/operations.md,
     * "Mail").
     */
    interface Mail {

        /** The dashboard's public address: the links in mails open its pages. */
        @WithDefault("http://127.0.0.1:8081")
        String dashboardUrl();

        /** How long a password-reset link works. */
        @WithDefault("PT1H")
        Duration passwordResetLifetime();

        /** How long an e-mail verification link works. */
        @WithDefault("P3D")
        Duration verificationLifetime();

        /** How long an invitation to a workspace works. */
        @WithDefault("P7D")
        Duration invitationLifetime();

        /** Password-reset requests per e-mail address, known or not: 5 in 1 hour. */
        ResetPerAccount resetPerAccount();

        /** Password-reset requests per client address: 20 in 1 hour. */
        ResetPerAddress resetPerAddress();

        /** Verification mails a signed-in user may ask for again: 5 in 1 hour. */
        ResendPerUser resendPerUser();

        interface ResetPerAccount extends RateLimit {

            @Override
            @WithDefault("5")
            int attempts();

            @Override
            @WithDefault("PT1H")
            Duration window();
        }

        interface ResetPerAddress extends RateLimit {

            @Override
            @WithDefault("20")
            int attempts();

            @Override
            @WithDefault("PT1H")
            Duration window();
        }

        interface ResendPerUser extends RateLimit {

            @Override
            @WithDefault("5")
            int attempts();

            @Override
            @WithDefault("PT1H")
            Duration window();
        }
    }

    /** {@code padic.auth.*}: passwords, sessions and sign-in limits. */
    interface Auth {

        /** bcrypt's cost: each step doubles the work of one hash (about a quarter second of one core at 12). */
        @WithDefault("12")
        int bcryptCost();

        /** How long a session token works: its absolute lifetime, however much it is used. */
        @WithDefault("P30D")
        Duration sessionLifetime();

        /** A session unused this long ends (its last-seen time is written at most once per session-touch-every). */
        @WithDefault("P7D")
        Duration sessionIdleTimeout();

        /** How often, at most, a session's last-seen time and address are written (one conditional update). */
        @WithDefault("PT1M")
        Duration sessionTouchEvery();

        /**
         * Deleting a project or a workspace, or creating an API key at a project's highest access level, needs a
         * sign-in or a re-authentication (password or TOTP code) this recent.
         */
        @WithDefault("PT10M")
        Duration reauthWindow();

        /** How long the token of a log-in that waits for its second factor (a TOTP or recovery code) works. */
        @WithDefault("PT5M")
        Duration secondFactorWindow();

        /**
         * The AES-256 key (base64 of 32 bytes) that encrypts TOTP secrets at rest (docs/design.md#i8-secrets).
         * Dev and test have a fixed one; production has none and refuses to start without it.
         */
        Optional<String> secretKey();

        /** The issuer an authenticator app shows beside the account. */
        @WithDefault("PAdic")
        String totpIssuer();

        /** Personal access tokens: the longest lifetime one may ask for, in days. */
        @WithDefault("365")
        int tokenMaxDays();

        /** Personal access tokens one user may hold at once. */
        @WithDefault("50")
        int tokensPerUser();

        Hashing hashing();

        /** A new password must score at least this with zxcvbn (0-4; 3: "safely unguessable" online). */
        @WithDefault("3")
        int passwordMinScore();

        AuthLimits limits();

        /** Single sign-on through an OpenID Connect provider (off unless an issuer is set). */
        Sso sso();
    }

    /**
     * {@code padic.auth.sso.*}: the provider whose ID tokens {@code POST /v1/auth/sso} accepts. The dashboard runs the
     * authorization code flow with the same issuer and client id (docs/operations.md, "Single sign-on").
     */
    interface Sso {

        /** The issuer URL, exactly as the provider's ID tokens name it (for Keycloak: .../realms/{realm}). */
        Optional<String> issuer();

        /** The dashboard's client id at the provider: an ID token must be issued to it (its audience). */
        Optional<String> clientId();

        /** An ID token older than this (its iat) is refused: it is exchanged once, right after the sign-in. */
        @WithDefault("PT5M")
        Duration maxTokenAge();
    }

    /**
     * {@code padic.auth.hashing.*}: passwords are hashed on {@code threads} threads with up to {@code queue} more
     * waiting; beyond that a sign-in answers 503 with Retry-After, so a flood of sign-ins takes at most these cores
     * from every other request.
     */
    interface Hashing {

        @WithDefault("2")
        int threads();

        @WithDefault("32")
        int queue();
    }

    /**
     * {@code padic.auth.limits.*}: how many sign-in and sign-up attempts are let through (docs/operations.md,
     * "Limits"), kept in Redis (shared by all processes) and, while Redis is down, in each process. Only failed
     * log-ins count.
     */
    interface AuthLimits {

        /** Failed log-ins per e-mail address, known or not: 10 in 15 minutes. */
        LoginPerAccount loginPerAccount();

        /** Failed log-ins per client address, whatever the e-mail: 100 in 15 minutes. */
        LoginPerAddress loginPerAddress();

        /** Sign-up attempts per client address: 20 in 1 hour. */
        SignupPerAddress signupPerAddress();

        /** How many buckets a process keeps while Redis is down. */
        @WithDefault("100000")
        long localMaxKeys();
    }

    interface LoginPerAccount extends RateLimit {

        @Override
        @WithDefault("10")
        int attempts();

        @Override
        @WithDefault("PT15M")
        Duration window();
    }

    interface LoginPerAddress extends RateLimit {

        @Override
        @WithDefault("100")
        int attempts();

        @Override
        @WithDefault("PT15M")
        Duration window();
    }

    interface SignupPerAddress extends RateLimit {

        @Override
        @WithDefault("20")
        int attempts();

        @Override
        @WithDefault("PT1H")
        Duration window();
    }

    /** {@code padic.cache.*}: the cache of computed states (docs/design.md#cache-and-snapshots), the write path's. */
    interface Cache {

        /** How long a computed state stays in Redis. */
        @WithDefault("PT24H")
        Duration ttl();

        /** After a Redis failure, reads (and sign-in limits) skip Redis this long before one call tries again. */
        @WithDefault("PT1S")
        Duration retryAfter();

        /** Each process also keeps the states it served most recently, up to this many bytes (0: none). */
        @WithDefault("67108864")
        long localMaxBytes();

        /**
         * API keys, projects and event-type heads changed through another process are seen here at most this long
         * after the change (docs/operations.md, "Caches").
         */
        @WithDefault("PT5S")
        Duration controlPlaneStaleness();

        /** Objects whose existence, head and lastCreatedAt this process keeps as hints for its writes. */
        @WithDefault("100000")
        long objectHints();
    }

    /**
     * {@code padic.store.*}: how requests are answered while the store cannot be reached (docs/design.md#store-outages),
     * and how single events are grouped for it (docs/design.md#group-commit).
     */
    interface Store {

        /** The {@code Retry-After} of a 503 {@code store-unavailable} answer. */
        @WithDefault("PT5S")
        Duration retryAfter();

        /**
         * While the store cannot be reached, API keys, projects and event-type heads this process loaded within this
         * long keep serving reads (see also {@code padic.cache.control-plane-staleness}).
         */
        @WithDefault("PT10M")
        Duration lastKnownFor();

        /**
         * Groups of single events of one project that this process writes at once (docs/design.md#group-commit). With
         * more than one, the next group is written beside one waiting for the store instead of after it: fewer events
         * per group, so more store commands (on the embedded store 1 gave the most events per second).
         */
        @WithDefault("1")
        int groupsInFlight();

        /**
         * How long a request that leads a group of single events waits for as many requests as the last group held,
         * when fewer are waiting (docs/design.md#group-commit). A client alone never waits.
         */
        @WithDefault("PT0.001S")
        Duration groupGather();

        /**
         * Whether the store makes a write durable only together with every write it answered the same client before
         * it, so that the steps of writing an event before its last need not wait for the disk
         * (docs/design.md#writing-an-event). True for the embedded store, one file committed in order (the launcher
         * sets it); never for a MongoDB replica set, where a write that only the primary took can be rolled back.
         */
        @WithDefault("false")
        boolean durableInOrder();
    }

    /** {@code padic.snapshots.*}: snapshots of computed states in the store, written by one background thread. */
    interface Snapshots {

        /** N: a snapshot at every N-th seq, so a cold read folds at most N events. */
        @WithDefault("64")
        long every();

        /** Snapshots waiting to be written; more are dropped (and counted). */
        @WithDefault("10000")
        int queue();
    }

    /** {@code padic.repair.*}: the sweep that finishes events whose pins a crash left unwritten. */
    interface Repair {

        /** Age before an unfinished event is repaired. */
        @WithDefault("PT30S")
        Duration grace();

        /** How often the sweep runs ({@code off}: never); read by {@code journal/PinRepair}'s schedule. */
        @WithDefault("30s")
        String every();

        /** The first sweep after start; read by {@code journal/PinRepair}'s schedule. */
        @WithDefault("10s")
        String delay();
    }

    /**
     * {@code padic.sandbox.*}: what one fold of the JavaScript reducers may spend (docs/design.md#sandbox). Unset,
     * the sandbox library's own limits apply ({@code SandboxLimits.defaults()}: 50,000,000 statements, 5 s, a 4 MiB
     * state, 2 GiB allocated), the ones bench measures too.
     */
    interface Sandbox {

        /** JavaScript statements per fold. */
        OptionalLong statementLimit();

        /** Wall-clock time per fold. */
        Optional<Duration> timeLimit();

        /** Size of the folded state as JSON, in bytes. */
        OptionalInt maxStateBytes();

        /** Bytes the folding thread may allocate during one fold. */
        OptionalLong maxAllocatedBytes();

        /**
         * Characters of event JSON the reducer contexts keep parsed between folds, all together (about 4 bytes of heap
         * each): a fold of events a context has seen before does not parse them again. 0 keeps none.
         */
        OptionalLong parsedEventChars();
    }

    /** {@code padic.idempotency.*}: Idempotency-Keys are kept at least 24 h; older ones are forgotten by a sweep. */
    interface Idempotency {

        /** How long a key is kept (at least 24 h, whatever this says). */
        @WithDefault("PT48H")
        Duration retention();

        /** How often the sweep runs ({@code off}: never); read by {@code journal/IdempotencyExpiry}'s schedule. */
        @WithDefault("1h")
        String sweepEvery();
    }

    /**
     * {@code padic.analytics.*} (docs/design.md#analytics): ingest only notes which objects got events; a background
     * flush counts them every {@code flushEvery}, or sooner once {@code flushAt} objects are noted. Every
     * {@code recoverEvery} each process finishes what dead processes left: flushes that stopped half-way and are
     * older than {@code recoveryGrace}, and the notes of a process whose lease (renewed every
     * {@code heartbeatEvery}) is older than {@code leaseStaleAfter}.
     */
    interface Analytics {

        /**
         * Whether ingest notes objects for analytics at all; off only to measure what analytics cost (the load
         * tool's {@code analytics} phase), as figures stop following the events.
         */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("PT1S")
        Duration flushEvery();

        @WithDefault("10000")
        int flushAt();

        /** The most pins of one object a flush reads into memory at once; a longer history is counted in parts. */
        @WithDefault("50000")
        int maxPinsPerObject();

        @WithDefault("PT30S")
        Duration recoveryGrace();

        @WithDefault("PT10S")
        Duration leaseStaleAfter();

        @WithDefault("PT2S")
        Duration heartbeatEvery();

        /** How often the recovery sweep runs ({@code off}: never); read by {@code AnalyticsFlusher}'s schedule. */
        @WithDefault("5s")
        String recoverEvery();

        /** The first recovery sweep after start; read by {@code AnalyticsFlusher}'s schedule. */
        @WithDefault("5s")
        String recoverDelay();

        Anomalies anomalies();

        /** The anomaly check (docs/design.md#analytics). */
        interface Anomalies {

            /** How often the check runs ({@code off}: never); read by {@code AnomalyChecks}' schedule. */
            @WithDefault("60s")
            String checkEvery();

            /** The first check after start; read by {@code AnomalyChecks}' schedule. */
            @WithDefault("30s")
            String checkDelay();

            /**
             * How long after a bucket closes (or after a flush last changed a closed bucket) it is checked: the
             * counting of its last events lands first. A flag comes at most {@code settle} + {@code check-every}
             * after its bucket closes.
             */
            @WithDefault("PT3M")
            Duration settle();
        }
    }
}
