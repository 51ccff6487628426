# One image for every process role; compose picks the entry file with `command`.
FROM node:24-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund
# The site is built ahead of time when it exists; the services run their TypeScript directly.
RUN if [ -f site/package.json ] && grep -q '"build"' site/package.json; then npm run build -w site; fi
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build --chown=node:node /app /app
USER node
CMD ["node", "booking/src/main.ts"]
