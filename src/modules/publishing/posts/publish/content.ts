/** The approved post as a connector takes it: the words and the cleaned photos with their alt text. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../../platform/db/schema.ts';
import type { PublishablePost } from '../../connectors/types.ts';
import { imagesWithBytes } from '../repo.ts';

export async function publishableOf(
  db: Kysely<Database>,
  post: { id: string; text: string },
): Promise<PublishablePost> {
  const images = await imagesWithBytes(db, post.id);
  return {
    text: post.text,
    language: 'en-GB',
    images: images.map((i) => ({
      ref: i.id,
      fileName: i.file_name,
      mimeType: i.mime_type,
      bytes: new Uint8Array(i.bytes),
      width: i.width,
      height: i.height,
      altText: i.alt_text,
    })),
  };
}
