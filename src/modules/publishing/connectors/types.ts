/**
 * One interface for every way a post leaves Postwarden (PUB-6). Shared code (the registry, the
 * publishing orchestration, the future job and pages) talks only to this; nothing outside a
 * connector's own file knows a platform's API.
 *
 * Publishing has two phases so that a retry never posts twice:
 *  1. `prepare` does everything that is safe to repeat: signs in, uploads media, works out links
 *     and mentions. Nothing is visible on the platform yet.
 *  2. `publish` makes the post, once, under an idempotency key fixed when publishing started. If the
 *     answer is lost (a timeout), `confirm` asks the platform whether the post exists before anyone
 *     tries again.
 */

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

/** A cleaned photo (PUB-4: re-encoded, metadata stripped) ready to go out with its post. */
export interface PublishableImage {
  /** Postwarden's own reference to the stored clean image; the hand-off page turns it into a download link. */
  ref: string;
  fileName: string;
  mimeType: ImageMime;
  bytes: Uint8Array;
  width: number;
  height: number;
  /** Required for every image (PUB-1); sent to the platform as its description. */
  altText: string;
}

/** The approved post, exactly as approved. */
export interface PublishablePost {
  text: string;
  images: readonly PublishableImage[];
  /** BCP 47 language tag, for example 'en-GB'. */
  language?: string;
}

/** Sign-in details for a platform, from the Official accounts credential store (ACC-4). */
export interface ConnectorCredentials {
  /** Bluesky: handle or email; Mastodon: the account's address (@name@server). */
  identifier: string;
  /** Bluesky: an app password; Mastodon: an access token. */
  secret: string;
  /** The server to talk to, when it cannot be worked out (a self-hosted Bluesky server). */
  service?: string | null;
}

/** Which official account a post goes out on. */
export interface AccountAccess {
  /** How the platform names the account (official_account.handle), for example 'alderprimary.bsky.social'. */
  handle: string | null;
  /** Null for the manual hand-off, which never signs in. */
  credentials: ConnectorCredentials | null;
}

export interface Capabilities {
  /** Whether a published post can be taken down through Postwarden (PUB-5). */
  deletion: boolean;
  images: boolean;
  /** In the platform's own unit (see `textUnit`). */
  maxTextLength: number;
  /** 'graphemes': what a reader sees as one character; 'mastodon': Mastodon's count (a link counts as 23). */
  textUnit: 'graphemes' | 'mastodon';
  maxImages: number;
  maxImageBytes: number;
  maxAltTextLength: number;
}

/** Something about a post that this platform will not accept, in plain English. */
export interface Problem {
  code:
    | 'empty'
    | 'text-too-long'
    | 'too-many-images'
    | 'images-not-supported'
    | 'image-too-large'
    | 'alt-text-missing'
    | 'alt-text-too-long';
  message: string;
}

/** What `prepare` hands to `publish`. Lives in memory only: it may hold a signed-in session. */
export interface PreparedPublication<P = unknown> {
  platform: string;
  /** The text that will go out (or that the operator copies). */
  text: string;
  /** The images that will go out (or that the operator downloads), without their bytes. */
  images: readonly { ref: string; fileName: string; altText: string }[];
  /** Connector-specific; shared code never looks inside. */
  payload: P;
}

export interface PublishOptions {
  /** Fixed when publishing started and kept across every retry of the same post. */
  idempotencyKey: string;
  /** When publishing started (kept across retries): the post's creation time on the platform. */
  startedAt: Date;
  /** The manual hand-off only: the link the operator pasted after posting by hand. */
  reportedUrl?: string;
}

/** Where a published post lives. */
export interface PublishedRef {
  /** The platform's id for the post (a Bluesky at:// URI, a Mastodon status id, a pasted link). */
  remoteId: string;
  /** A link a person can open. */
  url: string;
}

/** What is known about a publishing attempt, for `confirm`. */
export interface AttemptRef {
  idempotencyKey: string;
  startedAt: Date;
  /** Known when the platform answered; null when the answer was lost. */
  remoteId: string | null;
  /** The text that was sent, for platforms where it is the only way to recognise the post. */
  text: string;
}

export type ConfirmResult = ({ state: 'published' } & PublishedRef) | { state: 'absent' };

export interface RemoveResult {
  /** True when the post was already gone from the platform. */
  alreadyGone: boolean;
}

/**
 * A way to publish. Methods throw TransientError (try again later) or PermanentError (a person
 * must change something); any other exception is a defect.
 */
export interface Connector<P = unknown> {
  /** A value of PLATFORMS (accounts/model.ts), or 'manual'. */
  readonly platform: string;
  /** The name shown to staff, for example 'Bluesky' or 'Post by hand'. */
  readonly label: string;
  readonly capabilities: Capabilities;
  /** Problems this platform would have with the post. Pure: no network. */
  validate(post: PublishablePost): Problem[];
  /** Signs in and uploads media. Safe to repeat: nothing is posted. */
  prepare(post: PublishablePost, account: AccountAccess): Promise<PreparedPublication<P>>;
  /** Makes the post, once per idempotency key. */
  publish(prepared: PreparedPublication<P>, options: PublishOptions): Promise<PublishedRef>;
  /** Whether the attempt's post exists on the platform (after a lost answer, or to check it is still up). */
  confirm(attempt: AttemptRef, account: AccountAccess): Promise<ConfirmResult>;
  /** Takes a post down (PUB-5). Throws PermanentError('not-supported') when `capabilities.deletion` is false. */
  remove(ref: PublishedRef, account: AccountAccess): Promise<RemoveResult>;
}
