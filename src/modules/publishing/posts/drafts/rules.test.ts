import { describe, expect, it } from 'vitest';
import { checkPhotoDetails, submissionErrors } from './rules.ts';

const form = (extra: Partial<Parameters<typeof checkPhotoDetails>[0]>) => ({
  altText: 'Children planting bulbs',
  noPupilsVisible: '',
  confirmedPupils: '',
  taggedPupilIds: [],
  ...extra,
});
const texts = (errors: { text: string }[]) => errors.map((e) => e.text);

describe('PUB-4: the uploader always says how many pupils a photo shows', () => {
  it('PUB-4: tagged pupils need a count, whatever the face detector found (it is not asked)', () => {
    expect(texts(checkPhotoDetails(form({ taggedPupilIds: ['p1'] })).errors)).toEqual([
      'Enter how many pupils can be seen in the photo, or confirm that no pupils can be seen',
    ]);
    expect(checkPhotoDetails(form({ taggedPupilIds: ['p1'], confirmedPupils: '1' }))).toMatchObject({
      errors: [],
      value: { confirmedPupils: 1, taggedPupilIds: ['p1'] },
    });
    expect(texts(checkPhotoDetails(form({ taggedPupilIds: ['p1'], confirmedPupils: 'two' })).errors)).toEqual([
      'Enter the number of pupils who can be seen as a whole number, like 3',
    ]);
  });

  it('PUB-4: “no pupils can be seen” needs no count, and contradicts a count above zero', () => {
    expect(checkPhotoDetails(form({ noPupilsVisible: 'yes' }))).toMatchObject({
      errors: [],
      value: { noPupilsVisible: true, confirmedPupils: null },
    });
    expect(checkPhotoDetails(form({ noPupilsVisible: 'yes', confirmedPupils: '0' })).errors).toEqual([]);
    expect(texts(checkPhotoDetails(form({ noPupilsVisible: 'yes', confirmedPupils: '2' })).errors)).toEqual([
      'You confirmed that no pupils can be seen, so leave the number of pupils empty, or untick the box',
    ]);
  });

  it('PUB-4: nothing tagged and nothing confirmed: every missing answer in one round', () => {
    expect(texts(checkPhotoDetails(form({ altText: ' ' })).errors)).toEqual([
      'Describe the photo for people who cannot see it',
      'Tag every pupil who can be seen, or confirm that no pupils can be seen',
      'Enter how many pupils can be seen in the photo, or confirm that no pupils can be seen',
    ]);
  });

  it('PUB-4: a stored photo without a count cannot be sent for approval', () => {
    const photo = {
      alt_text: 'Sandcastles',
      no_pupils_visible: false,
      tagged_pupil_ids: ['p1'],
      confirmed_pupils: null,
    };
    expect(texts(submissionErrors({ text: 'Seaside trip' }, [photo]))).toEqual([
      'Photo 1: say how many pupils can be seen',
    ]);
    expect(submissionErrors({ text: 'Seaside trip' }, [{ ...photo, confirmed_pupils: 0 }])).toEqual([]);
    expect(submissionErrors({ text: '' }, [{ ...photo, no_pupils_visible: true, tagged_pupil_ids: [] }])).toEqual([]);
  });
});
