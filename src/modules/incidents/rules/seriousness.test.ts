import { describe, expect, it } from 'vitest';
import { isScale, seriousnessLevel, type Scale } from './seriousness.ts';

const scales: Scale[] = [1, 2, 3];

describe('seriousness from the four scales (INC-5)', () => {
  it('INC-5: every one of the 81 combinations has a level that follows the total, raised for threatening content or serious impact', () => {
    for (const nature of scales)
      for (const visibility of scales)
        for (const recirculation of scales)
          for (const impact of scales) {
            const { level, score, reason } = seriousnessLevel({ nature, visibility, recirculation, impact });
            expect(score).toBe(nature + visibility + recirculation + impact);
            const byTotal = score >= 10 ? 'serious' : score >= 7 ? 'moderate' : 'minor';
            const expected =
              nature === 3 && impact === 3
                ? 'serious'
                : (nature === 3 || impact === 3) && byTotal === 'minor'
                  ? 'moderate'
                  : byTotal;
            expect(level, JSON.stringify({ nature, visibility, recirculation, impact })).toBe(expected);
            expect(reason).toContain(`${score} out of 12`);
          }
  });

  it('INC-5: the reason says why a level was raised', () => {
    expect(seriousnessLevel({ nature: 3, visibility: 1, recirculation: 1, impact: 3 })).toMatchObject({
      level: 'serious',
      reason: expect.stringContaining('impact is serious'),
    });
    expect(seriousnessLevel({ nature: 3, visibility: 1, recirculation: 1, impact: 1 })).toMatchObject({
      level: 'moderate',
      reason: expect.stringContaining('threatening'),
    });
    expect(seriousnessLevel({ nature: 1, visibility: 1, recirculation: 1, impact: 1 })).toEqual({
      level: 'minor',
      score: 4,
      reason: 'Minor: the four scales add up to 4 out of 12.',
    });
  });

  it('INC-5: only 1, 2 and 3 are scale values', () => {
    expect([0, 1, 2, 3, 4, '2', null].map(isScale)).toEqual([false, true, true, true, false, false, false]);
  });
});
