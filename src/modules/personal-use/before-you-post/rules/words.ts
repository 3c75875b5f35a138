/**
 * The word lists of the "before you post" check (STF-1), in the list syntax of the publishing checks
 * (lexicon.ts: whole words, "+" for an open end, "-" for an exception). Kept in code, not a data file,
 * because they are short and the check must load nothing at run time.
 */

/** School events and trips a personal post should not describe (the school's own channels do). */
export const SCHOOL_EVENTS = [
  'school trip',
  'class trip',
  'field trip',
  'day trip',
  'residential',
  'ski trip',
  'trip to',
  'sports day',
  'school play',
  'nativity',
  'school concert',
  'carol service',
  'parents evening',
  'parent evening',
  'open evening',
  'open day',
  'school fair',
  'summer fair',
  'christmas fair',
  'school disco',
  'prom',
  'leavers assembly',
  'leavers service',
  'leavers day',
  'prize giving',
  'awards evening',
  'graduation',
  'school show',
  'school production',
  'duke of edinburgh',
  'inset day',
  'fun run',
  'world book day',
  'mufti day',
  'non uniform day',
  'work experience',
  'exam results',
  'results day',
  'mock exams',
  'assembly',
  'school council',
  'away day',
];

/** Words that tie a post to the writer's work: "my class", "our school", "at work"… */
export const WORK_REFERENCES = [
  'my school',
  'our school',
  'the school',
  'my class',
  'my classes',
  'my pupils',
  'my students',
  'my kids at school',
  'my tutor group',
  'my form',
  'at work',
  'my work',
  'my job',
  'my colleagues',
  'my head',
  'my headteacher',
  'our head',
  'our headteacher',
  'our pupils',
  'our students',
  'our kids',
  'the kids in my class',
  'year group',
  'staffroom',
  'staff room',
];

/** Titles before a colleague's surname ("Mrs Patel"). */
export const TITLED = /\b(Mr|Mrs|Ms|Miss|Mx|Dr|MR|MRS|MS|MISS|DR)\.?\s+(\p{Lu}[\p{L}’'-]+)/gu;

/** Words a school's name ends with that people leave off ("Kestrel Hill Primary School" → "Kestrel Hill"). */
export const NAME_SUFFIX =
  /\s+(?:(?:c\.?\s?of\s?e\.?|church of england|catholic|rc|community|infant|junior|primary|secondary|high|grammar|nursery|all[- ]through|free|voluntary aided|va|vc)\s+)*(?:school|academy|college)$/i;
