# platform-api in the Quarkus fast-jar layout (target/quarkus-app), with JavaScript reducers on the Graal JIT as
# `./padic up` runs them (deploy/launcher JitFlags; about 5x faster folds than the interpreter, docs/benchmarks.md).
# Build from the repository root once `./mvnw -B package -DskipTests` has written platform-api/target/quarkus-app and
# the compiler jars in deploy/launcher/target/jit:
#   docker build -f deploy/kubernetes/images/platform-api.Dockerfile -t padic/platform-api:0.1.0 .
# The JRE's version must not be older than the compiler jars' (the parent pom's graalvm.version): compiler 25.0.x runs
# on JDK 25 only and refuses a JDK older than itself. ImagesTest#platformApiRunsTheJitAsTheLauncherDoes
# keeps the flags below equal to the launcher's and the versions in step.
FROM eclipse-temurin:25.0.3_9-jre-noble

RUN groupadd --system --gid 10001 padic \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin padic

# The Graal compiler, Truffle's compiler interface and their two SDK jars (the launcher build copies them).
COPY deploy/launcher/target/jit/compiler-25.0.3.jar deploy/launcher/target/jit/truffle-compiler-25.0.3.jar \
     deploy/launcher/target/jit/word-25.0.3.jar deploy/launcher/target/jit/collections-25.0.3.jar /opt/padic/jit/
# The fast-jar layout, least often changed first so image layers are reused.
COPY platform-api/target/quarkus-app/lib/ /opt/padic/app/lib/
COPY platform-api/target/quarkus-app/*.jar /opt/padic/app/
COPY platform-api/target/quarkus-app/app/ /opt/padic/app/app/
COPY platform-api/target/quarkus-app/quarkus/ /opt/padic/app/quarkus/

# What the launcher probes before each start (JitFlags.probe), done once here: this JRE starts with Graal as its JIT
# compiler, initialised eagerly so that its JVMCI version check runs, or the image is not built. The launcher falls
# back to the interpreter instead; an image has one fixed JRE, so a mismatch is a build error, not a slow pod.
RUN java -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI \
    --upgrade-module-path=/opt/padic/jit/compiler-25.0.3.jar:/opt/padic/jit/truffle-compiler-25.0.3.jar:/opt/padic/jit/word-25.0.3.jar:/opt/padic/jit/collections-25.0.3.jar \
    --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -XX:+UseJVMCICompiler -XX:+EagerJVMCI -XX:-CreateCoredumpOnCrash -version

USER 10001:10001
WORKDIR /tmp
EXPOSE 8080 9000
# Truffle unpacks its internal resources under the user's cache directory; the root file system is read-only in the
# pod, so they go to /tmp (an emptyDir there). Heap and GC options come from JAVA_TOOL_OPTIONS (the Deployment).
ENTRYPOINT ["java", "-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI", "--upgrade-module-path=/opt/padic/jit/compiler-25.0.3.jar:/opt/padic/jit/truffle-compiler-25.0.3.jar:/opt/padic/jit/word-25.0.3.jar:/opt/padic/jit/collections-25.0.3.jar", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Dpolyglot.engine.userResourceCache=/tmp/polyglot", "-jar", "/opt/padic/app/quarkus-run.jar"]
