import { describe, expect, it } from 'vitest';
import { errorReply } from '../../src/core/commands/error-reply.js';
import { AppError } from '../../src/core/errors.js';

describe('what users read for an error', () => {
  it('tells admins why the content repository could not be pulled, and that answers go on', () => {
    const reply = errorReply(
      new AppError(
        'sync_failed',
        'The branch or tag "v9" does not exist in https://***@git.example/kb.git; fix KNOWLEDGE_GIT_REF.',
      ),
      'ref-1',
    );
    expect(reply).toMatchObject({ code: 'sync_failed', severity: 'service' });
    expect(reply.message).toBe(
      'The branch or tag "v9" does not exist in https://***@git.example/kb.git; fix KNOWLEDGE_GIT_REF. The advisor keeps answering from the chapters it has indexed.',
    );
  });

  it('never shows what a database or an SDK said', () => {
    const reply = errorReply(new AppError('db_error', 'invalid byte sequence for encoding "UTF8": 0x00'), 'ref-2');
    expect(reply.message).not.toMatch(/UTF8|byte sequence/);
    expect(reply.message).toContain('ref-2');
    const unknown = errorReply(new TypeError("Cannot read properties of undefined (reading 'x')"), 'ref-3');
    expect(unknown).toMatchObject({ code: 'internal', severity: 'internal' });
    expect(unknown.message).not.toMatch(/undefined|properties/);
  });
});
