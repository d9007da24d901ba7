/** The `media:*` socket commands; each is one call into the media service. */
import type { CommandRouter } from '../realtime/command-router.js';
import type { MediaService } from './media-service.js';

export function registerMediaHandlers(router: CommandRouter, media: MediaService): void {
  router
    .handle('media:capabilities', async () => ({ routerRtpCapabilities: await media.capabilities() }))
    .handle('media:join', (ctx, payload) => media.join(ctx, payload))
    .handle('media:resume', (ctx, { roomId }) => media.resume(ctx, roomId))
    .handle('media:leave', async (ctx, { roomId }) => {
      await media.leave(ctx, roomId);
      return {};
    })
    .handle('media:transport:create', (ctx, payload) => media.createTransport(ctx, payload))
    .handle('media:transport:connect', (ctx, payload) => media.connectTransport(ctx, payload))
    .handle('media:transport:restart-ice', (ctx, payload) => media.restartIce(ctx, payload))
    .handle('media:produce', (ctx, payload) => media.produce(ctx, payload))
    .handle('media:producer:set', (ctx, payload) => media.setProducer(ctx, payload))
    .handle('media:consume', (ctx, payload) => media.consume(ctx, payload))
    .handle('media:consumer:resume', (ctx, payload) => media.resumeConsumer(ctx, payload))
    .handle('media:consumer:layers', (ctx, payload) => media.setLayers(ctx, payload))
    .handle('media:consumer:pause', (ctx, payload) => media.pauseConsumer(ctx, payload))
    .handle('media:level:set', async (ctx, payload) => {
      await media.announceLevel(ctx, payload);
      return {};
    });
}
