# The Sourced API (and the editors' app at /admin). See docker-compose.yml for PostgreSQL beside it.
# Node 20 (20.19+), the one version README, engines and CI agree on (README, Node version).
FROM node:20-slim
WORKDIR /app
# Production: GraphiQL off by default, and logs as JSON lines even when stdout is a terminal
# (`docker run -t`); pino-pretty, a devDependency, is not installed here and is never needed.
ENV NODE_ENV=production

# Dependencies first, so a source change does not reinstall them. tsx and vite are runtime dependencies.
# --ignore-scripts: our postinstall needs the sources, which are not copied yet; the admin is built below,
# and the embedded-database template is of no use with PostgreSQL.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

COPY . .
# The driver fix in patches/ (postinstall applies it elsewhere; scripts were skipped above), then the
# admin app: `npm start` then finds admin/dist fresh and starts at once.
RUN npx patch-package --error-on-fail \
  && npm run build:admin \
  && mkdir -p node_modules/.cache data \
  && chown -R node:node node_modules/.cache data

USER node
ENV PORT=4000 HOST=0.0.0.0
EXPOSE 4000
# Migrations run at start; the demo catalog loads into an empty database (SEED_DEMO).
CMD ["npm", "start"]
