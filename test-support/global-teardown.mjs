export default async function globalTeardown() {
  await globalThis.__etapisteRedis?.stop();
}
