# One image for every Vigil stage: `docker run vigil run <stage>`. It holds the launcher (the deployed `vigil`
# command) and its runtime classpath only: no embedded broker or PostgreSQL, no corpus, no development tools
# (the Maven enforcer and ArchitectureTest keep them off that classpath).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY schemas schemas
COPY runtime runtime
COPY embedded embedded
COPY corpus corpus
COPY ingest ingest
COPY de-identify de-identify
COPY inference-worker inference-worker
COPY sink sink
COPY launcher launcher
COPY tools tools
RUN ./mvnw -B -q -ntp install -DskipTests -pl launcher -am

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 vigil && mkdir -p /var/lib/vigil && chown vigil /var/lib/vigil
COPY --from=build /src/launcher/target/vigil.jar /opt/vigil/vigil.jar
COPY --from=build /src/launcher/target/lib /opt/vigil/lib
USER vigil
WORKDIR /var/lib/vigil
ENV VIGIL_DATA_DIR=/var/lib/vigil
EXPOSE 9400 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/vigil/vigil.jar"]
CMD ["--help"]

# GPU inference workers: the same launcher with ONNX Runtime's CUDA build (`-Pgpu`), on NVIDIA's CUDA runtime.
FROM eclipse-temurin:17-jdk AS build-gpu
WORKDIR /src
COPY --from=build /src /src
COPY --from=build /root/.m2 /root/.m2
RUN ./mvnw -B -q -ntp install -DskipTests -Pgpu -pl launcher -am

FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04 AS gpu
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/* && useradd --system --uid 10001 vigil && mkdir -p /var/lib/vigil && chown vigil /var/lib/vigil
COPY --from=build-gpu /src/launcher/target/vigil.jar /opt/vigil/vigil.jar
COPY --from=build-gpu /src/launcher/target/lib /opt/vigil/lib
USER vigil
WORKDIR /var/lib/vigil
ENV VIGIL_DATA_DIR=/var/lib/vigil
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/vigil/vigil.jar"]
CMD ["--help"]
