# syntax=docker/dockerfile:1
# The Switchyard server. Every build step is scripts/build-release.sh (tested outside Docker
# by packages/server/test/build-release.slow.test.ts); the runtime image gets only its output:
# compiled JavaScript, the dashboard's files and production dependencies. Nothing is built at start.
#
#   docker build -t switchyard .
#   docker run -p 8030:8030 -e SWITCHYARD_ADMIN_TOKEN=… -v switchyard-data:/data switchyard

FROM node:22-bookworm-slim AS build
# better-sqlite3 compiles when no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/build-release.sh /release

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    SWITCHYARD_HOST=0.0.0.0 \
    PORT=8030 \
    SWITCHYARD_DATA_DIR=/data
COPY --from=build --chown=root:root /release /app
RUN mkdir -p /data && chown node:node /data
USER node
WORKDIR /app
VOLUME /data
EXPOSE 8030
# Readiness for SDK, OFREP and ingest traffic (packages/server/README.md, "Health checks").
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8030)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "packages/server/bin/switchyard.js", "serve"]
