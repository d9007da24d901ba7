# The two web apps behind nginx (infra/nginx/etapiste.conf.template), one origin. Build from the
# repository root:  docker build -f infra/docker/web.Dockerfile -t etapiste/web .
# nginx runs unprivileged (uid 101); to bind 443/80 give the container
# net.ipv4.ip_unprivileged_port_start=0 (infra/compose/compose.yaml does). The template is filled
# in from ETAPISTE_* variables at start by the image's envsubst step.
FROM node:24-bookworm-slim AS build
WORKDIR /src
RUN corepack enable
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm --filter @etapiste/protocol --filter @etapiste/call-client --filter @etapiste/ui run build \
 && pnpm --filter @etapiste/point-client --filter @etapiste/agent-console run build

FROM nginxinc/nginx-unprivileged:1.27-bookworm
ENV ETAPISTE_POINT_ROOT=/srv/point ETAPISTE_CONSOLE_ROOT=/srv/console \
    ETAPISTE_HTTPS_PORT=443 ETAPISTE_HTTP_PORT=80
COPY --from=build /src/point-client/dist /srv/point
COPY --from=build /src/agent-console/dist /srv/console
COPY infra/nginx/etapiste.conf.template /etc/nginx/templates/etapiste.conf.template
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD ["sh", "-c", "curl -fsk https://127.0.0.1:${ETAPISTE_HTTPS_PORT}/ -o /dev/null"]
