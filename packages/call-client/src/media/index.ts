export { constraintsFor, listDevices, type MediaDevices, openTrack } from './devices.js';
export { CAMERA_ENCODINGS, layerWidths, SCREEN_ENCODINGS, spatialLayerFor } from './layers.js';
export { MediaSession } from './media-session.js';
export { MediaReconnector, type ReconnectorEvents, type RecoveryAction, type RecoveryTarget } from './reconnection.js';
export { TypedEmitter } from './typed-emitter.js';
export type {
  DeviceOptions,
  JoinOptions,
  MediaSessionEvents,
  MediaSessionState,
  MediaSignaling,
  ReceiveStats,
  RemoteTrack,
  TransportInfo,
} from './types.js';
