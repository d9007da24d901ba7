# Signaling (Fastify + Socket.IO + BullMQ). Build from the repository root:
#   docker build -f infra/docker/signaling.Dockerfile -t etapiste/signaling .
# Runs `node dist/main.js` as the unprivileged `node` user, configured by environment
# (docs/operations.md "Configuration: signaling"); health: /readyz.
FROM node:24-bookworm-slim AS build
WORKDIR /src
RUN corepack enable
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm --filter @etapiste/protocol --filter @etapiste/sfu-control --filter @etapiste/signaling run build \
 && pnpm --filter @etapiste/signaling deploy --prod /out \
 && cp -r infra/seed /out/seed

FROM node:24-bookworm-slim
ENV NODE_ENV=production SIGNALING_HOST=0.0.0.0 SIGNALING_PORT=8080 SEED_FILE=/app/seed/demo.yaml
WORKDIR /app
COPY --from=build --chown=root:root /out /app
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.SIGNALING_PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]
