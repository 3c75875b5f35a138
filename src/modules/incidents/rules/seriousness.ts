/**
 * How serious a case is (INC-5), from four short scales: what the content is, how long it was
 * visible, how likely it is to be shared on, and the harm done. Each is 1 (low) to 3 (high).
 */
export type Scale = 1 | 2 | 3;
export type Level = 'minor' | 'moderate' | 'serious';

export interface Seriousness {
  nature: Scale;
  visibility: Scale;
  recirculation: Scale;
  impact: Scale;
}

export const SCALES = {
  nature: {
    question: 'What is the content?',
    options: [
      'Unwise or careless, but not hurtful',
      'Offensive, hurtful or untrue',
      'Threatening, sexual, discriminatory or possibly unlawful',
    ],
  },
  visibility: {
    question: 'How long was it visible?',
    options: ['Less than a day', 'A day to a week', 'More than a week, or it is still there'],
  },
  recirculation: {
    question: 'How likely is it to be shared on by others?',
    options: [
      'Unlikely: few people saw it',
      'Possible: it was public or shared in a group',
      'Likely, or it has already been shared',
    ],
  },
  impact: {
    question: 'What is the impact on the people involved or the school?',
    options: [
      'Little or none',
      'Noticeable upset or harm to reputation',
      'Serious distress, risk of harm, or serious harm to the school',
    ],
  },
} as const;

export type ScaleName = keyof typeof SCALES;
export const SCALE_NAMES = Object.keys(SCALES) as ScaleName[];

export const LEVEL_TEXT: Record<Level, string> = { minor: 'Minor', moderate: 'Moderate', serious: 'Serious' };

/**
 * The level and why. The total of the four scales sets it (4–6 minor, 7–9 moderate, 10–12 serious),
 * but content at the top of its scale, or the most serious impact, is never minor, and both
 * together are always serious: a single threatening post seen briefly still matters.
 */
export function seriousnessLevel(s: Seriousness): { level: Level; score: number; reason: string } {
  const score = s.nature + s.visibility + s.recirculation + s.impact;
  const reasons: string[] = [`the four scales add up to ${score} out of 12`];
  let level: Level = score >= 10 ? 'serious' : score >= 7 ? 'moderate' : 'minor';
  if (s.nature === 3 && s.impact === 3 && level !== 'serious') {
    level = 'serious';
    reasons.push('the content is threatening, sexual, discriminatory or possibly unlawful and its impact is serious');
  } else if ((s.nature === 3 || s.impact === 3) && level === 'minor') {
    level = 'moderate';
    reasons.push(
      s.nature === 3
        ? 'the content is threatening, sexual, discriminatory or possibly unlawful'
        : 'its impact is serious',
    );
  }
  return { level, score, reason: `${LEVEL_TEXT[level]}: ${reasons.join(', and ')}.` };
}

export function isScale(value: unknown): value is Scale {
  return value === 1 || value === 2 || value === 3;
}
