# syntax=docker/dockerfile:1
#
# The mrcpj speech server as a container image: the distribution archive (mrcp-dist) unpacked
# to /opt/mrcpj on a Java 17 runtime, run as the unprivileged user mrcpj.
#
#   docker build -t mrcpj .
#   docker run -d --name mrcpj --network host --stop-timeout 45 mrcpj \
#       --sip-host 10.1.2.3 --mrcp-host 10.1.2.3 --rtp-host 10.1.2.3
#
# Networking: the SDP answer tells the client to send RTP to rtp.host, and the server binds
# that same address, one UDP port per session out of 5000-6000. Behind Docker's port
# publishing (NAT) the address the client must use is not one the container can bind, and
# publishing a thousand UDP ports is slow, so run it with --network host and set the three
# addresses to the host's own (127.0.0.1, the default, serves a FreeSWITCH on the same host).
# Do not use 0.0.0.0: the addresses are also written in SIP Contact headers and SDP answers.
#
# Configuration: arguments after the image name go to the server (bin/mrcp-server --help).
# For a whole file, mount it and point MRCPJ_CONFIG at it:
#   -v /etc/mrcpj:/etc/mrcpj:ro -e MRCPJ_CONFIG=/etc/mrcpj/mrcp-server.yaml
# (a logback.xml in the same folder replaces the image's). JVM options: -e JAVA_OPTS=...; the
# heap defaults to -Xmx512m, -e JAVA_OPTS=-XX:MaxRAMPercentage=50 sizes it from the
# container's memory limit instead.
#
# Stopping: on SIGTERM the server refuses new sessions and lets running ones finish for
# limits.shutdown-grace (30 s). `docker stop` waits only 10 s before SIGKILL unless told
# otherwise: --stop-timeout 45 on docker run, or stop_grace_period: 45s in Compose.

# ---- build: the server and its distribution archive -----------------------------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
COPY . .
# Tests are not run here: they read ../shared (real wire captures), which is outside the build
# context, and CI runs them. The Maven wrapper fetches Maven itself; the cache mount keeps the
# downloaded Maven and dependencies between builds.
RUN --mount=type=cache,target=/root/.m2 \
    sh ./mvnw -B -ntp -DskipTests -Dspotless.check.skip=true package -pl mrcp-dist -am \
    && mkdir /dist \
    && tar -xzf mrcp-dist/target/mrcpj-server-*.tar.gz -C /dist --strip-components=1

# ---- run ------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="mrcpj-server" \
      org.opencontainers.image.description="MRCPv2 (RFC 6787) speech server in pure Java, with the Vosk English model"

RUN groupadd --system mrcpj \
    && useradd --system --gid mrcpj --home-dir /var/lib/mrcpj --shell /usr/sbin/nologin mrcpj \
    && install -d -o mrcpj -g mrcpj -m 0750 /var/cache/mrcpj
COPY --from=build /dist /opt/mrcpj

# The bundled Vosk model is unpacked on the first start below $XDG_CACHE_HOME/mrcpj (and Vosk's
# native library below $XDG_CACHE_HOME/JNA); mount a volume here to keep them across containers.
ENV XDG_CACHE_HOME=/var/cache/mrcpj
WORKDIR /opt/mrcpj
USER mrcpj

# SIP (UDP and TCP), MRCPv2 (TCP), RTP (UDP; even ports of rtp.port-min..port-max). With
# --network host these are documentation only. SIP over TLS (8061) and MRCP over TLS (1545) are
# off unless configured.
EXPOSE 8060/udp 8060/tcp 1544/tcp 5000-6000/udp

# Health: the server's operations endpoint (metrics.host:metrics.port, default 127.0.0.1:9090)
# answers GET /health with 200 while the server runs (docs/OPERATIONS.md; curl is in the base
# image). With metrics.port changed, metrics.host set to an address other than 127.0.0.1 or
# 0.0.0.0, or metrics.enabled false, change this check or run with --no-healthcheck.
# The start period covers unpacking the Vosk model on the first start.
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:9090/health || exit 1

# bin/mrcp-server exec's the JVM, which so becomes PID 1 and receives SIGTERM itself. Setting
# ENTRYPOINT also clears any CMD of the base image: arguments of `docker run` go to the server.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/mrcpj/bin/mrcp-server"]
