# syntax=docker/dockerfile:1
#
# Meldroute's production image (docs/deploy.md). Stages:
#   deps     production dependencies only (npm ci --omit=dev)
#   build    all dependencies, then `npm run build` → dist/server, dist/cli, dist/shared (tsc) and dist/web (vite)
#   base     production node_modules + dist + migrations + the municipality configs, owned by root
#   tools    base + the PostgreSQL client programs, for the CLI (`meldroute backup`/`restore` run pg_dump/pg_restore)
#   runtime  base + the server command, non-root, with a health check (the default target: the last stage)
#
#   docker build -t meldroute .                    # the app
#   docker build --target tools -t meldroute-tools .
#
# The runtime stage works with a read-only root filesystem: it writes only to /data (PGlite's files; unused with
# DATABASE_URL) and /tmp — mount both (`--read-only --tmpfs /tmp -v meldroute-data:/data`). Keys, database password
# and tokens come from the environment or mounted files at run time; nothing secret is in the image.

ARG NODE_IMAGE=node:20-bookworm-slim
# The PostgreSQL client of the tools stage: the server's major version or newer (compose.yaml runs postgres:17).
ARG PG_MAJOR=17

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.base.json tsconfig.web.json vite.config.ts ./
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS base
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    MELDROUTE_DATA_DIR=/data \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
# Owned by root and read-only for the app user: the code cannot be changed by the process that runs it.
# package.json is needed at run time ("type": "module", and the CLI reads its version).
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Read at run time: the SQL migrations (dist/server/db/migrate.js → ../../../migrations) and the default
# municipality configuration (MELDROUTE_MUNICIPALITY_CONFIG, relative to /app).
COPY migrations ./migrations
COPY config ./config
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
VOLUME ["/data"]

FROM base AS tools
ARG PG_MAJOR
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && install -d /usr/share/postgresql-common/pgdg \
    && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc https://www.postgresql.org/media/keys/ACCC4CF8.asc \
    && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" > /etc/apt/sources.list.d/pgdg.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends "postgresql-client-${PG_MAJOR}" \
    && apt-get purge -y curl \
    && apt-get autoremove -y \
    && rm -rf /var/lib/apt/lists/*
USER node
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["help"]

FROM base AS runtime
USER node
EXPOSE 3000
# Liveness: the process answers. Readiness (/readyz: database reachable, not draining) is for the proxy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# main.ts drains on SIGTERM: /readyz answers 503, requests in flight and running jobs finish, the database closes.
STOPSIGNAL SIGTERM
CMD ["node", "dist/server/main.js"]
