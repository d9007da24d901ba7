import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { PROTOCOL_DOC_PATH, renderProtocolDoc } from '../protocol-doc.js';

describe('docs/protocol.md', () => {
  it('matches the protocol package (run `pnpm docs:protocol` after changing it)', () => {
    expect(readFileSync(PROTOCOL_DOC_PATH, 'utf8')).toBe(renderProtocolDoc());
  });
});
