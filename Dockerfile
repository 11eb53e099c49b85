# syntax=docker/dockerfile:1
# One image recipe for every Clearpath service (and for the topic-init / migrate one-shots in
# docker-compose.yml). Pick the service with a build argument:
#   docker build --build-arg SERVICE=ingestion -t clearpath-ingestion .
# The image runs `node dist/services/${SERVICE}/src/main.js`. Built without SERVICE it only serves
# the tools (dist/deploy/local/kafka-admin.js, deploy/local/migrate-all.sh) through `command:`.
ARG NODE_IMAGE=node:24-bookworm-slim

# --- manifests: only the package.json files, so `npm ci` below is cached until they change -------
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir -p /out \
 && cp package.json package-lock.json /out/ \
 && for f in libs/*/package.json services/*/package.json; do \
      [ -f "$f" ] || continue; mkdir -p "/out/$(dirname "$f")"; cp "$f" "/out/$f"; \
    done

# --- deps: the whole workspace's dependencies, dev ones included (the build needs tsc) ----------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=manifests /out/ ./
RUN npm ci --no-audit --no-fund

# --- build: compile everything once (shared by every service image), then drop dev dependencies -
FROM deps AS build
COPY . .
RUN npx tsc -b tsconfig.build.json \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime --------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# package.json files stay: the workspace links node_modules/@clearpath/* -> libs/* resolve through them.
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/libs ./libs
COPY --from=build --chown=node:node /app/services ./services
COPY --from=build --chown=node:node /app/deploy ./deploy
COPY --from=build --chown=node:node /app/dist ./dist
ARG SERVICE=
ENV SERVICE=${SERVICE}
RUN if [ -n "$SERVICE" ] && [ ! -f "dist/services/$SERVICE/src/main.js" ]; then \
      echo "SERVICE=$SERVICE: dist/services/$SERVICE/src/main.js was not built" >&2; exit 1; \
    fi
USER node
CMD ["sh", "-c", "[ -n \"$SERVICE\" ] || { echo 'image built without --build-arg SERVICE=<name>' >&2; exit 64; }; exec node \"dist/services/$SERVICE/src/main.js\""]
