/**
 * What the device remembers across a reload or a crash of the page: the request it waits on
 * (with the resume token the server gave for it), the session whose feedback is still to be
 * asked, and the cameras the advisor chose. localStorage, because a point device has one tab and
 * a browser restart should still find its place in the queue.
 */
import type { Language } from '@etapiste/protocol';

export interface StoredTicket {
  ticketId: string;
  visitId: string;
  /** Absent for a request made by a transfer: the server knows it through `request:list`. */
  resumeToken?: string;
}

export interface StoredFeedback {
  sessionId: string;
  visitId: string;
  language: Language;
  agency: string;
}

export interface DeviceChoice {
  cameraId?: string;
  microphoneId?: string;
  /** `none` = no document camera at this point. */
  documentCameraId?: string;
}

const KEYS = {
  ticket: 'etapiste.point.ticket',
  feedback: 'etapiste.point.feedback',
  devices: 'etapiste.point.devices',
} as const;

function read<T>(key: string): T | undefined {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === undefined) globalThis.localStorage?.removeItem(key);
    else globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or refused: the page still works, it just cannot resume after a reload.
  }
}

export const visitStorage = {
  ticket: () => read<StoredTicket>(KEYS.ticket),
  setTicket: (value: StoredTicket | undefined) => write(KEYS.ticket, value),
  feedback: () => read<StoredFeedback>(KEYS.feedback),
  setFeedback: (value: StoredFeedback | undefined) => write(KEYS.feedback, value),
  devices: () => read<DeviceChoice>(KEYS.devices) ?? {},
  setDevices: (value: DeviceChoice) => write(KEYS.devices, value),
  clear() {
    write(KEYS.ticket, undefined);
    write(KEYS.feedback, undefined);
  },
};
