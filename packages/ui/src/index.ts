export { AppFrame } from './app/AppFrame.js';
export { APP_VERSION, type AppServices, createAppServices } from './app/app-services.js';
export { ConnectionStatus } from './app/ConnectionStatus.js';
export { type SignInField, SignInForm } from './app/SignInForm.js';
export { type StartOptions, startApp } from './app/start-app.js';
export { useConnectionState } from './app/useConnectionState.js';
export { useSignaling } from './app/useSignaling.js';
export { AudioOnlyToggle } from './call/AudioOnlyToggle.js';
export { CallGrid, type CallTile } from './call/CallGrid.js';
export { CallLevelNotice } from './call/CallLevelNotice.js';
export { ChatPanel } from './call/ChatPanel.js';
export { DocumentsPanel } from './call/DocumentsPanel.js';
export { type DeviceProblem, deviceProblemOf } from './call/device-problem.js';
export { Audio, Video } from './call/MediaTracks.js';
export { type NameOf, ParticipantNotice, ParticipantsPanel } from './call/ParticipantsPanel.js';
export { type QualityLevel, qualityLevel } from './call/quality.js';
export { useActiveSpeaker } from './call/useActiveSpeaker.js';
export {
  type CallMedia,
  type CallMediaOptions,
  type CallMediaSession,
  type DeviceProblems,
  type LocalTracks,
  useCallMedia,
} from './call/useCallMedia.js';
export { type Chat, useChat } from './call/useChat.js';
export { type Documents, useDocuments } from './call/useDocuments.js';
export { type Participants, useParticipants } from './call/useParticipants.js';
export { ErrorMessage } from './ErrorMessage.js';
export { type AppResources, createI18n, LOCALES, localeOf } from './i18n.js';
export { interpreterLanguageName } from './interpreter-language.js';
export { LanguageSwitcher } from './LanguageSwitcher.js';
export { type CommonTexts, en as commonEn, fi as commonFi, sv as commonSv } from './locales/common.js';
