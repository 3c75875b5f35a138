import { describe, expect, it } from 'vitest';
import type { PostStatus } from '../../../platform/db/schema.ts';
import { maySeePost, stoppedForNeverPublish, type Viewer } from './access.ts';

const nobody: Viewer = {
  id: 'v',
  isOperator: false,
  isApprover: false,
  managesAccounts: false,
  mayViewRecord: true,
  seesRestricted: false,
};
const dsl: Viewer = { ...nobody, seesRestricted: true };
const post = (status: PostStatus, rules: string[]) => ({
  author_id: 'author',
  status,
  findings: rules.map((rule) => ({ rule })),
});

describe('PUB-2: who sees a post the checks stopped because of a never-publish pupil', () => {
  it('PUB-2: the DSL sees a post in hand that names a never-publish pupil; nobody else without another reason does', () => {
    for (const status of ['draft', 'changes_requested', 'submitted', 'failed'] as const) {
      expect(stoppedForNeverPublish(post(status, ['never-publish'])), status).toBe(true);
      expect(maySeePost(post(status, ['never-publish']), dsl), status).toBe(true);
      expect(maySeePost(post(status, ['never-publish']), nobody), status).toBe(false);
    }
    expect(maySeePost(post('draft', ['pupil-surname']), dsl)).toBe(false);
    expect(maySeePost(post('draft', []), dsl)).toBe(false);
    // Published or rejected posts are not "stopped" any more; the record rules apply as before.
    expect(stoppedForNeverPublish(post('rejected', ['never-publish']))).toBe(false);
    expect(maySeePost(post('rejected', ['never-publish']), dsl)).toBe(false);
    expect(stoppedForNeverPublish({ status: 'draft', findings: 'not a list' })).toBe(false);
  });
});
