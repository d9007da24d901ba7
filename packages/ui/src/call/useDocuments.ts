/** A session's shared documents on a page: the list so far, then the pushed ones; upload and save. */
import type { DocumentsApi, SignalingClient } from '@etapiste/call-client';
import type { SharedDocument } from '@etapiste/protocol';
import { useCallback, useEffect, useState } from 'react';

export interface Documents {
  documents: SharedDocument[];
  upload(file: File): Promise<void>;
  /** Fetches the file and hands it to the browser as a download under its name. */
  save(document: SharedDocument): Promise<void>;
}

export function useDocuments(
  client: SignalingClient | undefined,
  api: DocumentsApi,
  sessionId: string | undefined,
): Documents {
  const [documents, setDocuments] = useState<SharedDocument[]>([]);
  const add = useCallback((document: SharedDocument) => {
    setDocuments((list) => (list.some((d) => d.documentId === document.documentId) ? list : [...list, document]));
  }, []);

  useEffect(() => {
    setDocuments([]);
    if (!client || !sessionId) return;
    let live = true;
    const off = client.on('document:shared', (document) => {
      if (document.sessionId === sessionId) add(document);
    });
    client.request('document:list', { sessionId }).then(
      (list) => {
        if (!live) return;
        setDocuments((current) => {
          const known = new Set(list.documents.map((d) => d.documentId));
          return [...list.documents, ...current.filter((d) => !known.has(d.documentId))];
        });
      },
      () => undefined,
    );
    return () => {
      live = false;
      off();
    };
  }, [client, sessionId, add]);

  const upload = useCallback(
    async (file: File) => {
      if (!sessionId) return;
      add(await api.upload(sessionId, file, file.name));
    },
    [api, sessionId, add],
  );

  const save = useCallback(
    async (document: SharedDocument) => {
      const blob = await api.download(document);
      const url = URL.createObjectURL(blob);
      const link = window.document.createElement('a');
      link.href = url;
      link.download = document.name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    [api],
  );

  return { documents, upload, save };
}
