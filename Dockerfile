# syntax=docker/dockerfile:1
# Partner Connect Portal — production images (README "Deploy"). Not built on the development
# machines (no container runtime there); the standalone server it runs is started by npm test.
#
#   runner (default): the web server, `node server.js` from `npm run build`'s standalone output
#   tools:            the full checkout with dependencies, for `npm run db:migrate` and `npm run worker`

FROM node:20.19-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Prebuilt platform packages only (argon2, esbuild); no install scripts run.
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM deps AS builder
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build

FROM node:20.19-bookworm-slim AS tools
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
COPY --from=builder --chown=node:node /app /app
USER node
CMD ["npm", "run", "db:migrate"]

FROM node:20.19-bookworm-slim AS runner
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
# The standalone output: server.js, its traced node_modules, static assets, public/, migrations.
COPY --from=builder --chown=node:node /app/.next/standalone ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
