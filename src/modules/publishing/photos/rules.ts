/**
 * The photo checks of a post (PUB-4, PUB-2): pure, no database, no clock.
 *
 * Every pupil who can be seen must be tagged (so their consent can be checked), or the uploader
 * confirms that no pupils can be seen. A tagged pupil on the never-publish list, or without consent
 * for the school's social media, blocks the post. A face count, from the detector (faces.ts) or the
 * uploader's own count of pupils visible, catches pupils left untagged.
 *
 * Findings use the shape of the text checks (checks/types.ts), with `where: 'photo'` and the
 * image's index, plus a `code` saying which photo check it is.
 */
import type { Finding, RosterPupil } from '../checks/types.ts';

export type PhotoFindingCode =
  | 'untagged'
  | 'tags-contradict-confirmation'
  | 'pupils-untagged'
  | 'more-tags-than-pupils'
  | 'more-faces-than-tags'
  | 'unknown-pupil'
  | 'never-publish'
  | 'no-consent';

export interface PhotoFinding extends Finding {
  code: PhotoFindingCode;
}

export interface PhotoTagging {
  /** Pupils the uploader tagged as visible. */
  taggedPupilIds: readonly string[];
  /** The uploader confirmed that no pupils can be seen in the photo. */
  noPupilsVisible: boolean;
  /** Faces the detector found, when it ran (see countFaces). */
  detectedFaces?: number | null;
  /** How many pupils the uploader says can be seen (asked for when the detector is not available). */
  confirmedPupils?: number | null;
}

export const PHOTO_CLAUSES = { consent: 'images.consent', neverPublish: 'images.never-publish' } as const;

/** The findings for every photo of a post; images are numbered from 0 as in PostInput.images. */
export function photosFindings(
  photos: readonly PhotoTagging[],
  pupils: ReadonlyMap<string, RosterPupil>,
): PhotoFinding[] {
  return photos.flatMap((photo, image) => photoFindings(photo, image, pupils));
}

export function photoFindings(
  photo: PhotoTagging,
  image: number,
  pupils: ReadonlyMap<string, RosterPupil>,
): PhotoFinding[] {
  return [...taggingFindings(photo, image), ...pupilFindings(photo, image, pupils)];
}

function taggingFindings(photo: PhotoTagging, image: number): PhotoFinding[] {
  const label = `Photo ${image + 1}`;
  const tags = new Set(photo.taggedPupilIds).size;
  const faces = countOrNull(photo.detectedFaces);
  const confirmed = countOrNull(photo.confirmedPupils);
  const found = faces !== null && faces > 0 ? ` Postwarden found ${plural(faces, 'face')} in it.` : '';

  if (tags === 0 && !photo.noPupilsVisible) {
    return [
      finding(
        'untagged',
        'blocking',
        image,
        `${label}: tag every pupil who can be seen, or confirm that no pupils can be seen.${found}`,
      ),
    ];
  }
  if (tags > 0 && photo.noPupilsVisible) {
    return [
      finding(
        'tags-contradict-confirmation',
        'blocking',
        image,
        `${label}: you tagged ${plural(tags, 'pupil')} but also confirmed that no pupils can be seen. Remove the tags or the confirmation.`,
      ),
    ];
  }
  const out: PhotoFinding[] = [];
  if (confirmed !== null && confirmed > tags) {
    out.push(
      finding(
        'pupils-untagged',
        'blocking',
        image,
        `${label}: you said ${plural(confirmed, 'pupil')} can be seen but tagged ${tags}. Tag every pupil who can be seen.`,
      ),
    );
  } else if (confirmed !== null && confirmed < tags) {
    out.push(
      finding(
        'more-tags-than-pupils',
        'advisory',
        image,
        `${label}: you tagged ${plural(tags, 'pupil')} but said ${confirmed} can be seen. Check the tags and the number.`,
      ),
    );
  }
  if (faces !== null && faces > tags) {
    const message =
      tags === 0
        ? `${label}: Postwarden found ${plural(faces, 'face')}, but you confirmed that no pupils can be seen. Check that they are all adults.`
        : `${label}: Postwarden found ${plural(faces, 'face')} but ${plural(tags, 'pupil')} ${tags === 1 ? 'is' : 'are'} tagged. Tag every pupil who can be seen (adults need no tag).`;
    out.push(finding('more-faces-than-tags', 'advisory', image, message));
  }
  return out;
}

function pupilFindings(photo: PhotoTagging, image: number, pupils: ReadonlyMap<string, RosterPupil>): PhotoFinding[] {
  const label = `Photo ${image + 1}`;
  const out: PhotoFinding[] = [];
  for (const id of new Set(photo.taggedPupilIds)) {
    const pupil = pupils.get(id);
    if (!pupil) {
      out.push({
        ...finding(
          'unknown-pupil',
          'blocking',
          image,
          `${label}: a tagged pupil is not on the school’s roster, so their consent cannot be checked. Remove the tag and tag the pupil again.`,
        ),
        pupilId: id,
      });
    } else if (pupil.neverPublish) {
      out.push({
        ...finding(
          'never-publish',
          'blocking',
          image,
          `${label}: ${nameOf(pupil)} is on the school’s never-publish list and must not appear in anything the school publishes. Remove this photo.`,
        ),
        rule: 'never-publish',
        clauseKey: PHOTO_CLAUSES.neverPublish,
        pupilId: id,
      });
    } else if (!pupil.consentSocial) {
      out.push({
        ...finding(
          'no-consent',
          'blocking',
          image,
          `${label}: ${nameOf(pupil)}’s parents or carers have not given consent for photos on the school’s social media. Remove this photo or choose one without ${nameOf(pupil)}.`,
        ),
        pupilId: id,
      });
    }
  }
  return out;
}

function finding(code: PhotoFindingCode, severity: Finding['severity'], image: number, message: string): PhotoFinding {
  return {
    code,
    rule: 'photo-consent',
    severity,
    clauseKey: PHOTO_CLAUSES.consent,
    message,
    spans: [],
    where: 'photo',
    image,
  };
}

function nameOf(pupil: RosterPupil): string {
  return `${pupil.preferredName || pupil.givenName} ${pupil.familyName}`;
}

/** A usable count, or null when none was given (a negative or fractional count is treated as none). */
function countOrNull(n: number | null | undefined): number | null {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
