export { constraintsFor, listDevices, type MediaDevices, openTrack } from './devices.js';
export { CAMERA_ENCODINGS, layerWidths, SCREEN_ENCODINGS, spatialLayerFor } from './layers.js';
export {
  type DeviceOptions,
  type JoinOptions,
  MediaSession,
  type MediaSessionEvents,
  type MediaSessionState,
  type MediaSignaling,
  type ReceiveStats,
  type RemoteTrack,
  type TransportInfo,
} from './media-session.js';
export { MediaReconnector, type ReconnectorEvents, type RecoveryAction, type RecoveryTarget } from './reconnection.js';
export { TypedEmitter } from './typed-emitter.js';
