export { constraintsFor, listDevices, type MediaDevices, openTrack } from './devices.js';
export { CAMERA_ENCODINGS, layerWidths, SCREEN_ENCODINGS, spatialLayerFor } from './layers.js';
export { DOCUMENT_FRAMERATE, type VideoPlan, videoPlan } from './level-plan.js';
export { MediaSession } from './media-session.js';
export { type AdaptationOptions, type CallLevelState, NetworkAdaptation } from './network-adaptation.js';
export { CALL_LEVELS, DEFAULT_LEVEL_POLICY, LevelDecider, type LevelPolicy, type LinkSample } from './network-level.js';
export { MediaReconnector, type ReconnectorEvents, type RecoveryAction, type RecoveryTarget } from './reconnection.js';
export type { LinkFigures } from './stats.js';
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
