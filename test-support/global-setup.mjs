import { startRedis } from '../scripts/redis-server.mjs';

/** One Redis for the run; each test file isolates itself with its own key prefix. */
export default async function globalSetup() {
  const redis = await startRedis();
  globalThis.__etapisteRedis = redis;
  process.env.ETAPISTE_TEST_REDIS_URL = redis.url;
}
