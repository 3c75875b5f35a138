import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../accounts/model.ts';
import { connectorCredentials, serverFromNotes } from './credentials.ts';
import { DIRECT_PLATFORMS, connectorsFor, createRegistry } from './registry.ts';

describe('PUB-6: connectors by platform', () => {
  it('PUB-6: every platform has the manual hand-off; Bluesky and Mastodon also publish directly', () => {
    for (const { value } of PLATFORMS) {
      const entry = connectorsFor(value);
      expect(entry.manual.platform).toBe(value);
      expect(entry.manual.capabilities.deletion).toBe(false);
      expect(entry.direct?.platform ?? null).toBe(value === 'bluesky' || value === 'mastodon' ? value : null);
    }
    expect(DIRECT_PLATFORMS.sort()).toEqual(['bluesky', 'mastodon']);
    expect(connectorsFor('bluesky').direct!.capabilities).toMatchObject({
      deletion: true,
      maxTextLength: 300,
      maxImages: 4,
    });
    expect(connectorsFor('mastodon').direct!.capabilities).toMatchObject({
      deletion: true,
      maxTextLength: 500,
      maxImages: 4,
    });
  });

  it('PUB-6: an unknown platform value gets the manual hand-off for "another platform"', () => {
    const entry = connectorsFor('myspace');
    expect(entry.direct).toBeNull();
    expect(entry.manual.platform).toBe('other');
  });

  it('PUB-6: the same connector is returned each time (it keeps signed-in sessions)', () => {
    const registry = createRegistry();
    expect(registry('bluesky').direct).toBe(registry('bluesky').direct);
    expect(createRegistry()('bluesky').direct).not.toBe(registry('bluesky').direct);
  });
});

describe('PUB-6: sign-in details for connectors from the credential store', () => {
  it('PUB-6: the username signs in, the password is the app password or token, a "Server:" line in the notes names the server', () => {
    expect(
      connectorCredentials({
        username: ' alder.bsky.social ',
        password: ' pass word ',
        notes: 'Recovery codes in the safe.\nServer: https://pds.alder.sch.uk/xrpc',
      }),
    ).toEqual({ identifier: 'alder.bsky.social', secret: ' pass word ', service: 'https://pds.alder.sch.uk' });
    expect(
      connectorCredentials({ username: '@alder@mastodon.education', password: 't', notes: '' }).service,
    ).toBeNull();
  });

  it('PUB-6: only an https server is taken from the notes', () => {
    expect(serverFromNotes('server: http://pds.example')).toBeNull();
    expect(serverFromNotes('The server: https://pds.example is ours')).toBeNull();
    expect(serverFromNotes('SERVER:https://pds.example')).toBe('https://pds.example');
    expect(serverFromNotes('Server: https://')).toBeNull();
  });
});
