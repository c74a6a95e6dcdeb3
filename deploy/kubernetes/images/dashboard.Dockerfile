# The dashboard in the Quarkus fast-jar layout (target/quarkus-app). Build from the repository root once
# `./mvnw -B package -DskipTests` has written dashboard/target/quarkus-app:
#   docker build -f deploy/kubernetes/images/dashboard.Dockerfile -t padic/dashboard:0.1.0 .
FROM eclipse-temurin:25.0.3_9-jre-noble

RUN groupadd --system --gid 10001 padic \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin padic

COPY dashboard/target/quarkus-app/lib/ /opt/padic/app/lib/
COPY dashboard/target/quarkus-app/*.jar /opt/padic/app/
COPY dashboard/target/quarkus-app/app/ /opt/padic/app/app/
COPY dashboard/target/quarkus-app/quarkus/ /opt/padic/app/quarkus/

USER 10001:10001
WORKDIR /tmp
EXPOSE 8081
# Heap and GC options come from JAVA_TOOL_OPTIONS (the Deployment).
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-jar", "/opt/padic/app/quarkus-run.jar"]
