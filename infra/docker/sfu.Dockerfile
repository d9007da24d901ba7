# An SFU node (mediasoup). Build from the repository root:
#   docker build -f infra/docker/sfu.Dockerfile -t etapiste/sfu .
# The build stage compiles (or downloads) the mediasoup worker; the image runs `node dist/main.js`
# as `node`. Media: SFU_RTC_PORT + i, UDP and TCP, per worker; health: /readyz on SFU_HTTP_PORT.
FROM node:24-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
RUN corepack enable
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm --filter @etapiste/protocol --filter @etapiste/sfu-control --filter @etapiste/sfu-server run build \
 && pnpm --filter @etapiste/sfu-server deploy --prod /out

FROM node:24-bookworm-slim
ENV NODE_ENV=production SFU_HTTP_HOST=0.0.0.0 SFU_HTTP_PORT=8090 SFU_LISTEN_IP=0.0.0.0
WORKDIR /app
COPY --from=build --chown=root:root /out /app
USER node
EXPOSE 8090 40000-40007/udp 40000-40007/tcp
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.SFU_HTTP_PORT||8090)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]
